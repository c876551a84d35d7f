import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_countries.fields import Country

from .. import citations, derived, facets, quality, search, translations
from ..insights.worldmap import country_map
from ..models import Approach, EnablingFactor, Innovation, Sector
from ..opendata import mapping
from ..registry import case_page
from .access import PERMISSION
from .cards import cards, page_of
from .collections import case_collections, case_links


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    index = facets.current_index()
    _, groups = facets.count(index, {}, index.everything)
    browse = {g.group.key: [o for o in g.options if o.count] for g in groups}
    featured = list(Innovation.objects.featured().values_list("pk", flat=True)[:6])
    return render(
        request,
        "innovations/home.html",
        {
            "featured": cards(index, featured),
            "latest": cards(index, index.newest(index.everything, 0, 6)),
            "sectors": browse.get("sector", []),
            "countries": sorted(browse.get("country", []), key=lambda o: -o.count)[:12],
            "total": index.count(),
        },
    )


@require_safe
def featured_list(request: HttpRequest) -> HttpResponse:
    index = facets.current_index()
    ids = list(Innovation.objects.featured().values_list("pk", flat=True))
    page = page_of(index, ids, request.GET.get("page"), settings.OPSI_PAGE_SIZE)
    return render(request, "innovations/featured_list.html", {"page": page})


# Licences of imported texts, by the SPDX identifier the importers record.
def _licence(case: Innovation) -> str | None:
    """The text's licence: CC BY 4.0 for a case written here, the source's for an
    imported one (its URL when known, else its name as the source gives it)."""
    if not case.source_dataset:
        return mapping.LICENCE_PATHS["CC-BY-4.0"]
    return mapping.LICENCE_PATHS.get(case.source_licence, case.source_licence or None)


def _json_ld(case: Innovation, url: str, texts: translations.Texts) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": texts.title,
        "headline": texts.title,
        "abstract": texts.summary,
        "url": url,
        # The texts' language (`language` is the initiative's own, not the text's).
        "inLanguage": texts.language,
        "translationOfWork": (
            {"@type": "CreativeWork", "name": case.title, "inLanguage": texts.original}
            if texts.translated
            else None
        ),
        "workTranslation": [
            {"@type": "CreativeWork", "inLanguage": code, "name": found["title"]}
            for code, found in sorted((case.translations or {}).items())
            if code != texts.language
        ],
        "dateCreated": str(case.year_launched) if case.year_launched else None,
        "datePublished": case.published_at.date().isoformat() if case.published_at else None,
        "dateModified": case.updated_at.date().isoformat(),
        "creator": {"@type": "Organization", "name": case.lead_organisation}
        if case.lead_organisation
        else None,
        "spatialCoverage": [{"@type": "Country", "name": str(c.name)} for c in case.countries],
        "about": [t.name for t in case.sectors.all()],
        "keywords": [t.name for t in [*case.approaches.all(), *case.enabling_factors.all()]],
        "isBasedOn": case.source_url,
        "license": _licence(case),
        "publisher": {"@type": "Organization", "name": str(_("OPSI catalogue"))},
    }
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    # Safe inside <script>: no tag can be closed from the data.
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _article_key(request: HttpRequest, slug: str, today, index: facets.FacetIndex) -> str:
    site = request.build_absolute_uri("/")
    language = translation.get_language()
    return derived.key("page", language, site, today, slug, generation=index.generation)


def preview_context(request: HttpRequest, case: Innovation) -> dict:
    """The case page's context for a case that is not (yet) public: its citation gives
    the address it has or will have, and today's date."""
    url = request.build_absolute_uri(case.get_absolute_url()) if case.slug else ""
    return {
        "case": case,
        "texts": translations.texts(case),
        "sections": case_page.sections,
        "preview": True,
        "canonical_url": url,
        "today": timezone.localdate(),
    }


def _merged_or_404(slug: str) -> HttpResponse:
    """A duplicate merged into another case sends its readers there, for good (through
    a case that was itself merged later, to the published case at the end)."""
    kept = Innovation.objects.filter(merged_cases__slug=slug)
    kept = kept.only("pk", "slug", "state", "merged_into").first()
    for _hop in range(5):
        if kept is None or kept.state == Innovation.State.PUBLISHED:
            break
        kept = kept.merged_into
    if kept is None or kept.state != Innovation.State.PUBLISHED:
        raise Http404("No published case has this address.")
    return HttpResponsePermanentRedirect(kept.get_absolute_url())


def innovation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The case page. Its article is rendered once per language, site and day ("accessed
    on" in the citation) and kept in Django's cache while every case it shows (the case,
    the cases linked to it, its similar cases) keeps its version (`derived.fresh`)."""
    index = facets.current_index()
    today = timezone.localdate()
    key = _article_key(request, slug, today, index)
    page = cache.get(key)
    if not derived.fresh(page, index):
        case = (
            Innovation.objects.published()
            .for_detail()
            .prefetch_related(*case_page.prefetches)
            .filter(slug=slug)
            .first()
        )
        if case is None:
            return _merged_or_404(slug)
        url = request.build_absolute_uri(case.get_absolute_url())
        texts = translations.texts(case)
        similar = facets.similar(index, case, search.related(f"{case.title} {case.summary}"))
        links = case_links(case)
        article = render_to_string(
            "innovations/innovation_detail.html#article",
            {
                "case": case,
                "texts": texts,
                "quality": quality.completeness(case),
                "collections": case_collections(case),
                "links": links,
                "sections": case_page.sections,
                "provenance": mapping.provenance(case),
                "similar": cards(index, similar),
                "canonical_url": url,
                "today": today,
            },
            request=request,
        )
        page = {
            "case": {"pk": case.pk, "title": texts.title, "summary": texts.summary},
            "texts": {"language": texts.language, "page": texts.page},
            "canonical_url": url,
            "json_ld": _json_ld(case, url, texts),
            "citation_meta": citations.highwire(citations.reference(case, url, today)),
            "article": article,
            "generation": index.generation,
            "shows": derived.shows(
                index, [case.pk, *similar, *(link["other"].pk for link in links)]
            ),
        }
        cache.set(key, page, 24 * 3600)
    if not request.user.is_authenticated or not request.user.has_perm(PERMISSION):
        return render(request, "innovations/innovation_detail.html", page)
    # Outside the cached article, for this moderator only, and never kept by a shared cache.
    response = render(
        request, "innovations/innovation_detail.html", {**page, "review_pk": page["case"]["pk"]}
    )
    patch_cache_control(response, private=True)
    return response


# The vocabulary's model and title, by its facet group's key.
VOCABULARIES = {
    "sector": (Sector, _("Sectors")),
    "approach": (Approach, _("Innovation approaches")),
    "factor": (EnablingFactor, _("Enabling factors")),
}


def _landing_page(request: HttpRequest, key: str, value: str):
    """The term's cases, newest first, as a page of cards (the facet index has them)."""
    index = facets.current_index()
    ids = index.newest(index.mask(key, [value]))
    return page_of(index, ids, request.GET.get("page"), settings.OPSI_PAGE_SIZE)


def _counts(key: str) -> dict[str, int]:
    """Published cases per option of a facet group."""
    return {
        value: bits.bit_count()
        for value, bits in facets.current_index().options.get(key, {}).items()
    }


@require_safe
def vocabulary_index(request: HttpRequest, kind: str) -> HttpResponse:
    model, title = VOCABULARIES[kind]
    counts = _counts(kind)
    terms = list(model.objects.all())
    for term in terms:
        term.case_count = counts.get(term.slug, 0)
    return render(
        request, "innovations/vocabulary_index.html", {"terms": terms, "title": title, "kind": kind}
    )


@require_safe
def vocabulary_landing(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    model, title = VOCABULARIES[kind]
    term = get_object_or_404(model, slug=slug)
    return render(
        request,
        "innovations/landing.html",
        {
            "term": term,
            "kind": kind,
            "title": title,
            "page": _landing_page(request, kind, term.slug),
            "search_query": urlencode({kind: term.slug}),
        },
    )


@require_safe
def country_index(request: HttpRequest) -> HttpResponse:
    terms = sorted(
        (
            {"name": Country(code).name, "code": code, "case_count": count}
            for code, count in _counts("country").items()
            if count
        ),
        key=lambda t: t["name"],
    )
    return render(request, "innovations/country_index.html", {"terms": terms})


@require_safe
def country_landing(request: HttpRequest, code: str) -> HttpResponse:
    country = Country(code.upper())
    if not country.name:
        raise Http404(_("No such country."))
    return render(
        request,
        "innovations/landing.html",
        {
            "country": country,
            "kind": "country",
            "title": _("Countries"),
            "page": _landing_page(request, "country", country.code),
            "search_query": urlencode({"country": country.code}),
            **country_map(country.code),
        },
    )
