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


@register()
def every_language_is_built(app_configs=None, **kwargs) -> list[Error]:
    """A language of LANGUAGES needs its vocabulary twins and its search stemmer: without
    them its pages would show English terms and its words would find nothing."""
    from .models import Approach, EnablingFactor, Sector
    from .search.analysis import OTHER

    found = []
    for code, _name in settings.LANGUAGES:
        if code in (settings.LANGUAGE_CODE, "fr"):
            continue  # English is the fields themselves; French has its own analysis
        missing = [
            f"{model.__name__}.{field}_{code}"
            for model, fields in [
                (Sector, ["name", "description"]),
                (Approach, ["name", "description", "in_1990s", "today"]),
                (EnablingFactor, ["name", "description", "role"]),
            ]
            for field in fields
            if not any(f.name == f"{field}_{code}" for f in model._meta.get_fields())
        ]
        if code not in OTHER:
            missing.append(f"a stemmer for {code!r} in innovations.search.analysis.OTHER")
        if missing:
            found.append(
                Error(
                    f"The language {code!r} is not built: {', '.join(missing)}.",
                    hint="Add the twins of the vocabularies (and a migration that fills "
                    "them) and the language's stemmer, as for Spanish and German.",
                    id="opsi.E010",
                )
            )
    return found
