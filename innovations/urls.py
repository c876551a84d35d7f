from django.urls import path

from . import views
from .feeds import LatestCasesFeed

app_name = "innovations"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.innovation_list, name="list"),
    path("cases/featured/", views.featured_list, name="featured"),
    path("cases/export.csv", views.innovation_export, name="export"),
    path("cases/feed/", LatestCasesFeed(), name="feed"),
    path("cases/<slug:slug>/", views.innovation_detail, name="detail"),
    path("sectors/", views.vocabulary_index, {"kind": "sector"}, name="sectors"),
    path("sectors/<slug:slug>/", views.vocabulary_landing, {"kind": "sector"}, name="sector"),
    path("approaches/", views.vocabulary_index, {"kind": "approach"}, name="approaches"),
    path(
        "approaches/<slug:slug>/", views.vocabulary_landing, {"kind": "approach"}, name="approach"
    ),
    path("enabling-factors/", views.vocabulary_index, {"kind": "factor"}, name="factors"),
    path(
        "enabling-factors/<slug:slug>/", views.vocabulary_landing, {"kind": "factor"}, name="factor"
    ),
    path("countries/", views.country_index, name="countries"),
    path("countries/<str:code>/", views.country_landing, name="country"),
    path("submit/", views.submit, name="submit"),
    path("submit/<str:token>/", views.submit, name="submit-edit"),
    path("submit/<str:token>/preview/", views.submit_preview, name="submit-preview"),
    path("submit/<str:token>/received/", views.submit_done, name="submit-done"),
    path("status/<str:token>/", views.status, name="status"),
]
