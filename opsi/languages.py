"""The page in each language: for the language switcher and the hreflang links.

Public pages carry their language in the URL (English unprefixed, the others under /fr/,
/es/, /de/), so each page has one address per language. Pages outside the language prefix
(moderation, sign-in) have one address only and no alternates.
"""

from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation


def alternates(request) -> dict:
    """`languages`: (code, name, url) of this page in each language, when it has several."""
    path = request.get_full_path()
    try:
        resolve(request.path_info)
    except Resolver404:
        return {"languages": []}
    found = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        found.append({"code": code, "name": name, "url": url})
    if len({item["url"] for item in found}) < len(found):
        return {"languages": []}
    current = translation.get_language()
    for item in found:
        with translation.override(item["code"]):
            # Each language is named in itself ("Français" on the English page too).
            item["name"] = str(item["name"])
        item["current"] = item["code"] == current
    return {"languages": found}
