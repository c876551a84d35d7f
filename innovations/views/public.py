import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_countries.fields import Country

from .. import facets
from ..models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector
from ..registry import case_page


def _cards(ids: list[int]) -> list[Innovation]:
    """Published cases for cards, in the order of the ids."""
    by_id = {c.pk: c for c in Innovation.objects.published().filter(pk__in=ids).for_listing()}
    return [by_id[pk] for pk in ids if pk in by_id]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    index = facets.current_index()
    _, groups = facets.count(index, {}, index.everything)
    browse = {g.group.key: [o for o in g.options if o.count] for g in groups}
    return render(
        request,
        "innovations/home.html",
        {
            "featured": Innovation.objects.featured().for_listing()[:6],
            "latest": _cards(index.ids[:6]),
            "sectors": browse.get("sector", []),
            "countries": sorted(browse.get("country", []), key=lambda o: -o.count)[:12],
            "total": len(index.ids),
        },
    )


@require_GET
def featured_list(request: HttpRequest) -> HttpResponse:
    cases = Innovation.objects.featured().for_listing()
    page = Paginator(cases, settings.OPSI_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "innovations/featured_list.html", {"page": page})


def _json_ld(case: Innovation, url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": case.title,
        "headline": case.title,
        "abstract": case.summary,
        "url": url,
        "inLanguage": case.language or None,
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
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    # Safe inside <script>: no tag can be closed from the data.
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@require_GET
def innovation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The case page. Its article is rendered once per catalogue revision, language,
    site and day ("accessed on" in the citation), and kept by the worker."""
    index = facets.current_index()
    key = (slug, translation.get_language(), request.build_absolute_uri("/"), timezone.localdate())
    page = facets.recall(index.pages, key)
    if page is None:
        case = get_object_or_404(
            Innovation.objects.published().for_detail().prefetch_related(*case_page.prefetches),
            slug=slug,
        )
        url = request.build_absolute_uri(case.get_absolute_url())
        article = render_to_string(
            "innovations/innovation_detail.html#article",
            {
                "case": case,
                "sections": case_page.sections,
                "similar": _cards(facets.similar(index, case)),
                "canonical_url": url,
                "today": key[-1],
            },
            request=request,
        )
        page = {
            "case": {"title": case.title, "summary": case.summary},
            "canonical_url": url,
            "json_ld": _json_ld(case, url),
            "article": article,
        }
        facets.remember(index.pages, key, page, facets.PAGE_CACHE)
    return render(request, "innovations/innovation_detail.html", page)


VOCABULARIES = {
    "sector": (Sector, "sectors", _("Sectors")),
    "approach": (Approach, "approaches", _("Innovation approaches")),
    "factor": (EnablingFactor, "enabling_factors", _("Enabling factors")),
}


@require_GET
def vocabulary_index(request: HttpRequest, kind: str) -> HttpResponse:
    model, relation, title = VOCABULARIES[kind]
    terms = model.objects.annotate(
        case_count=Count("innovations", filter=Q(innovations__state=Innovation.State.PUBLISHED))
    )
    return render(
        request, "innovations/vocabulary_index.html", {"terms": terms, "title": title, "kind": kind}
    )


@require_GET
def vocabulary_landing(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    model, relation, title = VOCABULARIES[kind]
    term = get_object_or_404(model, slug=slug)
    cases = Innovation.objects.published().filter(**{relation: term}).newest().for_listing()
    page = Paginator(cases, settings.OPSI_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "innovations/landing.html",
        {
            "term": term,
            "kind": kind,
            "title": title,
            "page": page,
            "search_query": urlencode({kind: term.slug}),
        },
    )


@require_GET
def country_index(request: HttpRequest) -> HttpResponse:
    rows = (
        InnovationCountry.objects.filter(innovation__state=Innovation.State.PUBLISHED)
        .values("country")
        .annotate(case_count=Count("innovation"))
    )
    terms = sorted(
        (
            {
                "name": Country(r["country"]).name,
                "code": r["country"],
                "case_count": r["case_count"],
            }
            for r in rows
        ),
        key=lambda t: t["name"],
    )
    return render(request, "innovations/country_index.html", {"terms": terms})


@require_GET
def country_landing(request: HttpRequest, code: str) -> HttpResponse:
    country = Country(code.upper())
    if not country.name:
        raise Http404(_("No such country."))
    cases = (
        Innovation.objects.published()
        .filter(country_links__country=country.code)
        .newest()
        .for_listing()
    )
    page = Paginator(cases, settings.OPSI_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "innovations/landing.html",
        {
            "country": country,
            "kind": "country",
            "title": _("Countries"),
            "page": page,
            "search_query": urlencode({"country": country.code}),
        },
    )
