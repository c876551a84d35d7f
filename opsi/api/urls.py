"""/api/: version 1 of the API, its schema and its documentation page.

Every answer under /api/ is open to any origin (CORS, read-only) and an unknown path
gets a JSON 404; successful reads carry the catalogue's ETag (`catalogue_etag`).
"""

from django.urls import URLPattern, include, path, re_path

from innovations.views.conditional import catalogue_etag

from . import docs
from .cors import open_to_all
from .views import api


def _wrapped(patterns: list[URLPattern]) -> list[URLPattern]:
    return [
        URLPattern(p.pattern, open_to_all(catalogue_etag(p.callback)), p.default_args, p.name)
        for p in patterns
    ]


_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("", docs.root, name="api-root"),
    path("v1/openapi.json", open_to_all(catalogue_etag(docs.openapi_json)), name="api-schema"),
    path("v1/docs", catalogue_etag(docs.documentation), name="api-docs"),
    path("v1/", include((_wrapped(_patterns), _app_name), namespace=_namespace)),
    re_path(r"^.*$", open_to_all(docs.not_found)),
]
