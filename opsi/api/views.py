"""The API's operations: cases (the search page's engine), one case, the vocabularies.

A list of cases is answered by the catalogue's read API (`innovations.catalogue`):
the same filters, text search, sorts and facet counts, from the worker's facet index.
Every answer holds published cases only. Parameters are checked against the schema
(pydantic) and against the options the facet index knows; a bad one gets a 400 that
names it.
"""

import math
from typing import Literal

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django_countries import countries as all_countries
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field, create_model

from coproduction.models import DEFINITION, DIMENSIONS, EnhancingFactor, HinderingFactor, Reason
from innovations import facets
from innovations import record as case_record
from innovations.catalogue import CatalogueQuery
from innovations.filters import MAX_QUERY, SORTS, YEAR_MAX, YEAR_MIN
from innovations.models import Approach, EnablingFactor, Innovation, Sector
from innovations.registry import case_page, facet_groups

from . import entries, schemas

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100

api = NinjaAPI(
    title="OPSI catalogue API",
    version="1",
    description=(
        "Read-only access to the published cases of the catalogue: search them with the "
        "search page's filters and facet counts, read one case with every public field, "
        "and read the vocabularies with their definitions. No key is needed; answers carry "
        "an ETag, and any origin may read them (CORS)."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url=None,
)


class ApiError(Exception):
    def __init__(self, status: int, detail: str, parameter: str | None = None):
        self.status, self.detail, self.parameter = status, detail, parameter


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return api.create_response(
        request, {"detail": exc.detail, "parameter": exc.parameter}, status=exc.status
    )


@api.exception_handler(ValidationError)
def invalid_parameter(request, exc: ValidationError):
    """A parameter the schema refuses: 400, naming it (pydantic says why)."""
    error = exc.errors[0]
    location = [part for part in error.get("loc", ()) if isinstance(part, str)]
    parameter = location[1] if len(location) > 1 else (location or [None])[0]
    detail = f"{parameter}: {error.get('msg', 'invalid value')}" if parameter else "Bad request."
    return api.create_response(request, {"detail": detail, "parameter": parameter}, status=400)


# -- cases --------------------------------------------------------------------------------

SORT_VALUES = tuple(SORTS)


def _facet_description(group) -> str:
    text = f"{group.label}: {group.definition}" if group.definition else f"{group.label}."
    return (
        f"{text} Filter by one or more values (repeat the parameter: OR within it, AND with "
        "the other filters); the values are listed in the schema and in /api/v1/vocabularies."
    )


CaseQuery = create_model(
    "CaseQuery",
    __base__=Schema,
    q=(
        str,
        Field(
            "",
            max_length=MAX_QUERY,
            description="Search text: every word must match (title, texts, tags, countries).",
        ),
    ),
    **{
        group.key: (list[str], Field([], description=_facet_description(group)))
        for group in facet_groups
    },
    year_from=(
        int | None,
        Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="Launched in this year or later."),
    ),
    year_to=(
        int | None,
        Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="Launched in this year or earlier."),
    ),
    sort=(
        Literal[SORT_VALUES] | None,
        Field(
            None,
            description="Order: relevance (the default with search text), newest (the "
            "default without), year (launched, latest first) or title.",
        ),
    ),
    page=(int, Field(1, ge=1, description="Page number, from 1.")),
    page_size=(
        int,
        Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page, 1 to 100."),
    ),
)


def search_params(query, choices: dict[str, list[tuple[str, str]]]) -> QueryDict:
    """The search page's query string for valid API parameters (ApiError at an unknown
    filter value, which the search page would ignore with a message)."""
    params = QueryDict(mutable=True)
    if query.q:
        params["q"] = query.q
    for key in ("year_from", "year_to", "sort"):
        if getattr(query, key) is not None:
            params[key] = str(getattr(query, key))
    for group in facet_groups:
        values = getattr(query, group.key)
        if not values:
            continue
        known = {value for value, _label in choices.get(group.key, [])}
        for value in values:
            if value not in known:
                raise ApiError(400, f"{group.key}: unknown value “{value[:40]}”.", group.key)
        params.setlist(group.key, values)
    return params


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@api.get(
    "/cases",
    response={200: schemas.CaseList, 400: schemas.Error},
    url_name="cases",
    operation_id="listCases",
    summary="Search the published cases",
    description="The search page's filters, text search, sorts and facet counts, a page "
    "at a time. Ordering is stable: ties are broken by publication order.",
    tags=["cases"],
)
def list_cases(request: HttpRequest, query: Query[CaseQuery]):
    index = facets.current_index()
    question = CatalogueQuery.from_params(search_params(query, index.choices()))
    answer = question.run()
    plain, groups = question.plain, answer.groups
    total, size, page = answer.count(), query.page_size, query.page
    start = (page - 1) * size
    cases = entries.summaries(question.index, answer.ids(start, size)) if start < total else []
    pages = math.ceil(total / size)
    return {
        "count": total,
        "page": page,
        "page_size": size,
        "pages": pages,
        "sort": plain["sort"],
        "read_as": answer.suggestion,
        "next": _page_link(request, page + 1) if page < pages else None,
        "previous": _page_link(request, min(page - 1, pages)) if page > 1 and pages else None,
        "results": [entries.absolute(request, entry) for entry in cases],
        "facets": [
            {
                "key": g.group.key,
                "label": str(g.group.label),
                "definition": str(g.group.definition),
                "section": str(g.group.section),
                "options": [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in g.options
                ],
            }
            for g in groups
        ],
    }


@api.get(
    "/cases/{slug}",
    response={200: schemas.Case, 404: schemas.Error},
    url_name="case",
    operation_id="getCase",
    summary="One published case",
    description="Every public field of a case, its tags, countries, co-production profile "
    "and provenance. Cases that are not published are not found.",
    tags=["cases"],
)
def get_case(
    request: HttpRequest,
    slug: str = Path(..., description="The case's slug, as in its page's URL."),
):
    case = (
        Innovation.objects.published()
        .for_detail()
        .prefetch_related(*case_page.prefetches)
        .filter(slug=slug)
        .first()
    )
    if case is None:
        raise ApiError(404, _("No published case has this slug."), "slug")
    return {
        **entries.absolute(request, entries.common(case)),
        **entries.public(case_record.of_case(case, parts=False).fields()),
        "coproduction": entries.profile(case),
        "featured": case.featured,
        "updated_at": case.updated_at,
    }


# -- vocabularies -------------------------------------------------------------------------

COPRODUCTION_TERMS = [
    ("reasons", Reason, "cp_reason"),
    ("hindering_factors", HinderingFactor, "cp_hindering"),
    ("enhancing_factors", EnhancingFactor, "cp_enhancing"),
]


def _counts(index: facets.FacetIndex, key: str) -> dict[str, int]:
    return {value: bits.bit_count() for value, bits in index.options.get(key, {}).items()}


def _vocabulary(model, key: str, index, extra: tuple[str, ...] = ()) -> list[dict]:
    counts = _counts(index, key)
    return [
        {
            "slug": term.slug,
            "name": term.name,
            "description": term.description,
            **{name: getattr(term, name) for name in extra},
            "count": counts.get(term.slug, 0),
        }
        for term in model.objects.all()
    ]


def _choices(index, key: str, field: str, label, choices, definition="", multiple=False):
    counts = _counts(index, key)
    return {
        "key": key,
        "field": field,
        "label": str(label),
        "definition": str(definition),
        "multiple": multiple,
        "options": [
            {"value": str(v), "label": str(lbl), "count": counts.get(str(v), 0)}
            for v, lbl in choices
        ],
    }


@api.get(
    "/vocabularies",
    response=schemas.Vocabularies,
    url_name="vocabularies",
    operation_id="getVocabularies",
    summary="Every vocabulary, with definitions and counts",
    description="Sectors, innovation approaches (1990s and today), enabling factors (role "
    "and prevalence), levels of government, statuses, countries and the co-production "
    "dimensions and lists, each option with the number of published cases that carry it.",
    tags=["vocabularies"],
)
def vocabularies(request: HttpRequest):
    index = facets.current_index()
    level, status = (Innovation._meta.get_field(name) for name in ("level", "status"))
    countries = _counts(index, "country")
    return {
        "sectors": _vocabulary(Sector, "sector", index, ("cofog_code",)),
        "approaches": _vocabulary(Approach, "approach", index, ("in_1990s", "today")),
        "enabling_factors": _vocabulary(EnablingFactor, "factor", index, ("role", "prevalence")),
        "levels": _choices(index, "level", "level", level.verbose_name, level.choices),
        "statuses": _choices(index, "status", "status", status.verbose_name, status.choices),
        "countries": sorted(
            (
                {"code": code, "name": str(all_countries.name(code)), "count": n}
                for code, n in countries.items()
                if n
            ),
            key=lambda c: c["name"],
        ),
        "coproduction": {
            "definition": str(DEFINITION),
            "dimensions": [
                _choices(
                    index,
                    f"cp_{d.name}",
                    schemas.profile_key(d),
                    d.label,
                    d.choices.choices,
                    d.definition,
                    d.multiple,
                )
                for d in DIMENSIONS
            ],
            **{name: _vocabulary(model, key, index) for name, model, key in COPRODUCTION_TERMS},
        },
    }
