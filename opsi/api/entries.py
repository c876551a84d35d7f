"""A case as the API gives it: the entry of a result (made once per version of the case,
and cached as the search page's cards are) and the fields of one case."""

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from coproduction.models import DIMENSIONS
from coproduction.parts import TERM_LISTS, TEXTS
from innovations import derived, facets
from innovations.models import CaseMedia, Innovation
from innovations.views import cards

from . import schemas


def terms(terms) -> list[dict]:
    return [{"slug": t.slug, "name": t.name} for t in terms]


def common(case: Innovation) -> dict:
    """What a case and a result share; its links are paths (see `absolute`)."""
    return {
        "slug": case.slug,
        "url": case.get_absolute_url(),
        "api_url": reverse("api-v1:case", args=[case.slug]),
        "sectors": terms(case.sectors.all()),
        "approaches": terms(case.approaches.all()),
        "enabling_factors": terms(case.enabling_factors.all()),
        "countries": [{"code": c.code, "name": str(c.name)} for c in case.countries],
        "media": [medium(m) for m in case.media.all()],
        "published_at": case.published_at,
    }


def medium(media: CaseMedia) -> dict:
    """A picture (with its smaller copies) or document (their paths in this catalogue,
    see `absolute`) or a video."""
    return {
        "kind": media.kind,
        "url": reverse("innovations:media-file", args=[media.pk]) if media.file else media.url,
        "title": media.title,
        "alt_text": media.alt_text,
        "credit": media.credit,
        "width": media.width,
        "height": media.height,
        "copies": [
            {
                "width": copy["width"],
                "height": copy["height"],
                "url": reverse("innovations:media-rendition", args=[media.pk, copy["width"]]),
            }
            for copy in media.renditions
        ]
        if media.file
        else [],
    }


def public(values: dict) -> dict:
    # An empty choice (or year) is null: "not known" rather than a value.
    return {
        name: (value or None)
        if Innovation._meta.get_field(name).choices or name == "year_launched"
        else value
        for name, value in values.items()
    }


def fields(case: Innovation, names: list[str]) -> dict:
    return public({name: getattr(case, name) for name in names})


def absolute(request: HttpRequest, data: dict) -> dict:
    site = request.build_absolute_uri("/")[:-1]
    media = [
        {
            **m,
            "url": site + m["url"],
            "copies": [{**c, "url": site + c["url"]} for c in m["copies"]],
        }
        if m["url"].startswith("/")
        else m
        for m in data["media"]
    ]
    return {**data, "url": site + data["url"], "api_url": site + data["api_url"], "media": media}


def summaries(index: facets.FacetIndex, ids: list[int]) -> list[dict]:
    """The results' entries of these published cases, in this order, each made once per
    version of the case (and vocabulary generation, and language) and kept in Django's
    cache, as the search page's cards are."""
    language = translation.get_language()
    keys = {
        pk: derived.key("api-result", language, pk, index.version(pk), generation=index.generation)
        for pk in ids
    }
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        cases = Innovation.objects.published().filter(pk__in=missing).for_listing()
        made = {
            keys[case.pk]: {**common(case), **fields(case, schemas.SUMMARY_FIELDS)}
            for case in cases
        }
        cache.set_many(made, cards.TIMEOUT)
        found.update(made)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def profile(case: Innovation) -> dict | None:
    try:
        profile = case.coproduction
    except ObjectDoesNotExist:
        return None
    data = {schemas.profile_key(d): profile.values(d) for d in DIMENSIONS}
    for d in DIMENSIONS:
        if not d.multiple:
            data[d.name] = data[d.name][0] if data[d.name] else None
    data.update({name: getattr(profile, name) for name in TEXTS})
    data.update({name: terms(getattr(profile, name).all()) for name, _model in TERM_LISTS})
    return data
