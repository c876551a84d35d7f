from django.urls import path

from . import views
from .feeds import LatestCasesFeed
from .views import exports
from .views.conditional import catalogue_etag as etag

app_name = "innovations"
urlpatterns = [
    path("", etag(views.home), name="home"),
    path("cases/", etag(views.innovation_list), name="list"),
    path("cases/featured/", etag(views.featured_list), name="featured"),
    path("cases/export.csv", etag(views.innovation_export), name="export"),
    path("cases/export.json", etag(exports.innovation_export), {"fmt": "json"}, name="export-json"),
    path(
        "cases/export.jsonl", etag(exports.innovation_export), {"fmt": "jsonl"}, name="export-jsonl"
    ),
    path("cases/feed/", etag(LatestCasesFeed()), name="feed"),
    path("cases/<slug:slug>/", etag(views.innovation_detail), name="detail"),
    path("sectors/", etag(views.vocabulary_index), {"kind": "sector"}, name="sectors"),
    path("sectors/<slug:slug>/", etag(views.vocabulary_landing), {"kind": "sector"}, name="sector"),
    path("approaches/", etag(views.vocabulary_index), {"kind": "approach"}, name="approaches"),
    path(
        "approaches/<slug:slug>/",
        etag(views.vocabulary_landing),
        {"kind": "approach"},
        name="approach",
    ),
    path("enabling-factors/", etag(views.vocabulary_index), {"kind": "factor"}, name="factors"),
    path(
        "enabling-factors/<slug:slug>/",
        etag(views.vocabulary_landing),
        {"kind": "factor"},
        name="factor",
    ),
    path("data/", etag(exports.data_page), name="data"),
    path("data/codebook/", etag(exports.codebook_page), name="codebook"),
    path("data/datapackage.json", etag(exports.datapackage), name="datapackage"),
    path("data/cases.<str:fmt>", etag(exports.catalogue_file), name="data-cases"),
    path("data/<slug:name>.csv", etag(exports.vocabulary_file), name="data-vocabulary"),
    path("countries/", etag(views.country_index), name="countries"),
    path("countries/<str:code>/", etag(views.country_landing), name="country"),
    path("submit/", views.submit, name="submit"),
    path("submit/<str:token>/", views.submit, name="submit-edit"),
    path("submit/<str:token>/preview/", views.submit_preview, name="submit-preview"),
    path("submit/<str:token>/received/", views.submit_done, name="submit-done"),
    path("status/<str:token>/", views.status, name="status"),
]
