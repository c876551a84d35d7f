"""Open data doors: exports of any search, the whole-catalogue download with its data
package, and the codebook page. Only published cases leave through them."""

import csv

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opsi.streaming import streaming_content

from ..models import Approach, EnablingFactor, Sector
from ..opendata import codebook, exports, mapping
from ..registry import case_parts
from .search import Results, run_search

VOCABULARIES = {
    "sectors": Sector,
    "approaches": Approach,
    "enabling-factors": EnablingFactor,
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _export(request: HttpRequest, params: QueryDict, fmt: str, filename: str):
    _plain, _groups, _notes, found = run_search(params)
    batches = exports.batches(Results(*found))
    rows = exports.stream(fmt, batches, _base_url(request))
    response = StreamingHttpResponse(
        streaming_content(request, rows), content_type=exports.FORMATS[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def innovation_export(request: HttpRequest, fmt: str = "csv") -> StreamingHttpResponse:
    """The whole result of a search (the search page's parameters) as CSV, JSON or
    JSON Lines, with the codebook's columns."""
    return _export(request, request.GET, fmt, "opsi-cases")


@require_safe
def catalogue_file(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every published case, for the data package (search parameters are ignored)."""
    if fmt not in exports.FORMATS:
        raise Http404
    return _export(request, QueryDict(), fmt, "cases")


@require_safe
def vocabulary_file(request: HttpRequest, name: str) -> HttpResponse:
    """A vocabulary as CSV, with the columns of its Table Schema."""
    model = VOCABULARIES.get(name)
    if model is None:
        raise Http404
    names = [c.name for c in codebook.vocabulary_columns(model)]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(names)
    for row in model.objects.values_list(*names):
        writer.writerow([codebook.neutralise(value) for value in row])
    return response


def _resource(name: str, path: str, title: str, schema: dict) -> dict:
    return {
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": schema,
    }


def licences() -> list[dict]:
    """Every licence the cases are under: CC BY 4.0 for the texts written here (an empty
    source_licence), and each source data set's licence with the attribution it asks."""
    found = [
        {
            "name": "CC-BY-4.0",
            "path": mapping.LICENCE_PATHS["CC-BY-4.0"],
            "title": _(
                "Creative Commons Attribution 4.0: cases written for this catalogue (an "
                "empty source_licence)"
            ),
        }
    ]
    for source in mapping.SOURCES.values():
        licence = {
            "name": source.licence,
            "title": _(
                "%(licence)s: cases imported from %(source)s (source_licence "
                "%(spdx)s); credit: %(attribution)s"
            )
            % {
                "licence": source.licence_name,
                "source": source.name,
                "spdx": source.licence,
                "attribution": source.attribution,
            },
        }
        if source.licence in mapping.LICENCE_PATHS:
            licence["path"] = mapping.LICENCE_PATHS[source.licence]
        found.append(licence)
    return found


@require_safe
def datapackage(request: HttpRequest) -> JsonResponse:
    """The Frictionless Data Package of the whole catalogue: a Table Schema per file,
    paths relative to this file."""
    resources = [
        {
            **_resource("cases", "cases.csv", _("Cases"), codebook.table_schema()),
            # Per row: the source_licence column (empty: CC BY 4.0, written here).
            "licenses": licences(),
        },
        *(
            _resource(
                name,
                f"{name}.csv",
                str(model._meta.verbose_name_plural).capitalize(),
                codebook.vocabulary_schema(model),
            )
            for name, model in VOCABULARIES.items()
        ),
    ]
    package = {
        "profile": "tabular-data-package",
        "name": "opsi-catalogue",
        "title": _("OPSI catalogue of public-sector innovation cases"),
        "homepage": request.build_absolute_uri(reverse("innovations:data")),
        "licenses": licences(),
        "resources": resources,
    }
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def data_page(request: HttpRequest) -> HttpResponse:
    """The whole-catalogue download page."""
    files = [("cases.csv", "CSV"), ("cases.json", "JSON"), ("cases.jsonl", "JSON Lines")]
    return render(
        request,
        "innovations/data.html",
        {"files": files, "vocabularies": list(VOCABULARIES), "sources": mapping.SOURCES},
    )


@require_safe
def codebook_page(request: HttpRequest) -> HttpResponse:
    """Every exported column, every vocabulary with its definitions, and how the peers'
    data sets map onto ours: all from `opendata.codebook` and `opendata.mapping`."""
    columns = codebook.columns()
    part_names = {c.name for part in case_parts.values() for c in part.columns()}
    return render(
        request,
        "innovations/codebook.html",
        {
            "columns": [c for c in columns if c.name not in part_names],
            "part_columns": [c for c in columns if c.name in part_names],
            "separator": codebook.SEPARATOR,
            "sectors": Sector.objects.all(),
            "approaches": Approach.objects.all(),
            "factors": EnablingFactor.objects.all(),
            "sources": mapping.SOURCES.values(),
        },
    )
