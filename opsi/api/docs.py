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

from innovations import derived, facets
from innovations.registry import facet_groups

from .views import api

_built: dict[str, dict[str, dict]] = {}  # language -> {key: schema}


def _without_null(schema: dict) -> dict:
    """A query parameter is absent rather than null: drop the null branch ninja writes."""
    branches = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(branches) != 1 or len(branches) == len(schema.get("anyOf", [])):
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
    return {**rest, **branches[0]}


def openapi_schema() -> dict:
    """The schema for the current vocabularies and language: one entry per language,
    replaced when the generation (or the release) moves."""
    index = facets.current_index()
    language = translation.get_language()
    key = derived.key("openapi", generation=index.generation)
    schema = _built.get(language, {}).get(key)
    if schema is None:
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
        # The list's parameters are flattened into the operation; their model is unused.
        if '"#/components/schemas/CaseQuery"' not in json.dumps(schema["paths"]):
            schema.get("components", {}).get("schemas", {}).pop("CaseQuery", None)
        _built[language] = {key: schema}
    return schema


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(), json_dumps_params={"ensure_ascii": False})


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    return redirect("api-docs")


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "No such API path.", "parameter": None}, status=404)


def _type(schema: dict) -> list[tuple[str, str]]:
    """A schema's type as (text, anchor) parts: "array of" [Term](#schema-Term)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [(name, f"schema-{name}")]
    if "anyOf" in schema:
        parts: list[tuple[str, str]] = []
        for branch in schema["anyOf"]:
            parts += ([("or", "")] if parts else []) + _type(branch)
        return parts
    if schema.get("type") == "array":
        return [("array of", "")] + _type(schema.get("items", {}))
    text = schema.get("type", "any")
    if "format" in schema:
        text += f" ({schema['format']})"
    return [(text, "")]


def _values(schema: dict) -> list[str]:
    for branch in [schema, schema.get("items", {}), *schema.get("anyOf", [])]:
        if "enum" in branch:
            return [str(v) for v in branch["enum"]]
    return []


def _limits(schema: dict) -> str:
    bounds = [
        f"{label} {schema[key]}"
        for key, label in [("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤")]
        if key in schema
    ]
    if "default" in schema and schema["default"] not in ("", [], None):
        bounds.append(f"default {schema['default']}")
    return ", ".join(bounds)


def _operations(schema: dict) -> list[dict]:
    found = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p["schema"]),
                            "limits": _limits(p["schema"]),
                            "description": p.get("description", ""),
                            "values": _values(p["schema"]),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "type": _type(
                                response.get("content", {})
                                .get("application/json", {})
                                .get("schema", {})
                            ),
                        }
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return found


def _schemas(schema: dict) -> list[dict]:
    return [
        {
            "name": name,
            "description": component.get("description", ""),
            "fields": [
                {
                    "name": field,
                    "type": _type(spec),
                    "required": field in component.get("required", []),
                    "description": spec.get("description", ""),
                    "values": _values(spec),
                }
                for field, spec in component.get("properties", {}).items()
            ],
        }
        for name, component in schema.get("components", {}).get("schemas", {}).items()
    ]


@require_safe
def documentation(request: HttpRequest) -> HttpResponse:
    """The API's documentation, rendered on the server from its OpenAPI schema."""
    schema = openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": _operations(schema),
            "schemas": _schemas(schema),
            "schema_url": request.build_absolute_uri(reverse("api-schema")),
            "cases_url": request.build_absolute_uri(reverse("api-v1:cases")),
        },
    )
