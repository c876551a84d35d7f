from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_countries.fields import Country

from ..models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector
from ..registry import case_page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    featured = Innovation.objects.featured().for_listing()[:6]
    latest = Innovation.objects.published().newest().for_listing()[:6]
    return render(request, "innovations/home.html", {"featured": featured, "latest": latest})


@require_GET
def innovation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(
        Innovation.objects.published().for_detail().prefetch_related(*case_page.prefetches),
        slug=slug,
    )
    return render(
        request,
        "innovations/innovation_detail.html",
        {"case": case, "sections": case_page.sections},
    )


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
