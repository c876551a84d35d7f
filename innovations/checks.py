"""System checks of the catalogue's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs=None, **kwargs) -> list[Error]:
    """Mail carries absolute links built from OPSI_SITE_URL: production must set it."""
    url = settings.OPSI_SITE_URL
    parts = urlsplit(url)
    if not url:
        problem = "OPSI_SITE_URL is not set."
    elif parts.scheme != "https" or not parts.netloc:
        problem = f"OPSI_SITE_URL ({url!r}) is not an https:// address."
    elif parts.hostname in {"127.0.0.1", "localhost"}:
        problem = f"OPSI_SITE_URL ({url!r}) points at this machine."
    else:
        return []
    return [
        Error(
            problem,
            hint="Set OPSI_SITE_URL to the site's public address, e.g. https://cases.example.org; "
            "links in mail are built from it.",
            id="opsi.E001",
        )
    ]
