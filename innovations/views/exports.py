"""Open data doors: exports of any search, the whole-catalogue download with its data
package, and the codebook page. Only published cases leave through them."""

import csv

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opsi import downloads

from ..models import Approach, EnablingFactor, Sector
from ..opendata import codebook, exports, files, mapping
from ..registry import case_parts

VOCABULARIES = {
    "sectors": Sector,
    "approaches": Approach,
    "enabling-factors": EnablingFactor,
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _busy() -> HttpResponse:
    response = HttpResponse(
        _("Too many downloads are being prepared right now. Please try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "30"
    return response


def _catalogue(request: HttpRequest, fmt: str, filename: str) -> HttpResponse:
    # HEAD costs nothing: it describes the file if it is built, and builds nothing.
    try:
        path = files.catalogue_path(fmt, _base_url(request), build=request.method != "HEAD")
    except files.Busy:
        return _busy()
    if path is None:
        response = HttpResponse(content_type=exports.FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response
    try:
        file = open(path, "rb")  # noqa: SIM115 (the response closes it)
    except FileNotFoundError:  # replaced by a newer revision's between the two lines
        return _catalogue(request, fmt, filename)
    return downloads.serve(
        request,
        file,
        content_type=exports.FORMATS[fmt],
        filename=f"{filename}.{fmt}",
        etag=downloads.file_etag(path),
    )


@require_safe
def innovation_export(request: HttpRequest, fmt: str = "csv") -> HttpResponse:
    """The whole result of a search (the search page's parameters) as CSV, JSON or
    JSON Lines, with the codebook's columns: written to a temporary file, then sent
    (the whole catalogue's, when nothing is searched, is the data page's file)."""
    if not any(value for value in request.GET.values()):
        return _catalogue(request, fmt, "opsi-cases")
    filename = f"opsi-cases.{fmt}"
    if request.method == "HEAD":
        response = HttpResponse(content_type=exports.FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    try:
        file = files.search_file(fmt, request.GET, _base_url(request))
    except files.Busy:
        return _busy()
    return downloads.serve(request, file, content_type=exports.FORMATS[fmt], filename=filename)


@require_safe
def catalogue_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every published case, for the data package (search parameters are ignored): a
    file built once per catalogue revision."""
    if fmt not in exports.FORMATS:
        raise Http404
    return _catalogue(request, fmt, "cases")


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
