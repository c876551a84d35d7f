"""Reading the whole sitemap as a crawler does: the index, then every child it lists."""

import re
from urllib.parse import urlsplit

from django.urls import reverse


def sitemap_text(client) -> str:
    """Every child sitemap of the index, joined."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    children = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    assert children
    parts = []
    for url in children:
        url = urlsplit(url.replace("&amp;", "&"))
        response = client.get(url.path + (f"?{url.query}" if url.query else ""))
        assert response.status_code == 200, url
        parts.append(response.content.decode())
    return "\n".join(parts)
