"""The OpenAPI 3.1 schema and the documentation page that renders it (no CDN, no script).

The schema is django-ninja's, completed with what only the running catalogue knows:
the values each filter accepts (the facet index's options, which change only with the
vocabularies' generation). The page is rendered on the server from the same schema.
"""

import copy
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from innovations import facets
from innovations.registry import facet_groups

from .views import api

_schemas: dict[tuple, dict] = {}


def _without_null(schema: dict) -> dict:
    """A query parameter is absent rather than null: drop the null branch ninja writes."""
    branches = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(branches) != 1 or len(branches) == len(schema.get("anyOf", [])):
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
    return {**rest, **branches[0]}


def openapi_schema() -> dict:
    """The schema for the current vocabularies and language (kept per generation)."""
    index = facets.current_index()
    key = (index.generation, translation.get_language())
    if key not in _schemas:
        schema = copy.deepcopy(dict(api.get_openapi_schema(path_prefix=reverse("api-root") + "v1")))
        choices = index.choices()
        groups = {group.key for group in facet_groups}
        for operation_path in schema["paths"].values():
            for operation in operation_path.values():
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = _without_null(parameter["schema"])
                    if parameter["name"] in groups and parameter["in"] == "query":
                        values = [value for value, _label in choices.get(parameter["name"], [])]
                        parameter["schema"]["items"] = {"type": "string", "enum": values}
                        parameter["style"], parameter["explode"] = "form", True
        _schemas.clear()
        _schemas[key] = schema
    return _schemas[key]


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(), json_dumps_params={"ensure_ascii": False})


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    return redirect("api-docs")


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "No such API path.", "parameter": None}, status=404)


@require_safe
def documentation(request: HttpRequest) -> HttpResponse:
    schema = openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"api": schema["info"], "schema": json.dumps(schema)[:0]},
    )
