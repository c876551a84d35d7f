"""The page in each language: for the language switcher and the hreflang links.

Pages carry their language in the URL (English unprefixed, the others under /fr/, /es/,
/de/), so each page has one address per language: public pages, moderation and signing
in alike. Pages outside the language prefix (the admin, the API) have one address only
and no alternates.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation


def alternates(request) -> dict:
    """`languages`: (code, name, url) of this page in each language, when it has several."""
    path = request.get_full_path()
    if getattr(request, "resolver_match", None) is None:
        try:
            resolve(request.path_info)
        except Resolver404:
            return {"languages": []}
    found = []
    for code, name in settings.LANGUAGES:
        url = _with_next(request, _translated(path, code, translation.get_language()), code)
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


@lru_cache(maxsize=4096)
def _translated(path: str, code: str, current: str) -> str:
    """`translate_url`, remembered: a page's address in another language depends only on
    its own address (and the language it is read in), and every page asks for all four."""
    return translate_url(path, code)


def _with_next(request, url: str, code: str) -> str:
    """The sign-in page in another language leads, once signed in, to the page it was
    to lead to in that language too (its `next`, when that is one of the site's pages)."""
    target = request.GET.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        return url
    with translation.override(translation.get_language_from_path(target) or settings.LANGUAGE_CODE):
        moved = translate_url(target, code)
    if moved == target:
        return url
    query = request.GET.copy()
    query["next"] = moved
    return f"{urlsplit(url).path}?{query.urlencode(safe='/')}"


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _translated.cache_clear()
