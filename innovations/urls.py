from functools import wraps

from django.urls import path

from . import views
from .feeds import LatestCasesFeed
from .insights import views as insights
from .ratelimit import limited
from .views import citations as citation_views
from .views import contributors as mine
from .views import embeds as embed_views
from .views import exports as export_views
from .views import media as media_views
from .views import shortlist as shortlist_views
from .views.conditional import catalogue_etag as etag


def exports(view):
    """An export: limited per client (a whole catalogue is heavy), then conditional. A
    HEAD builds nothing, so it is not counted."""
    counted, free = limited("export", "EXPORTS_PER_HOUR")(etag(view)), etag(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return (free if request.method == "HEAD" else counted)(request, *args, **kwargs)

    return wrapped


app_name = "innovations"
urlpatterns = [
    path("", etag(views.home), name="home"),
    path("cases/", etag(views.innovation_list), name="list"),
    path("cases/featured/", etag(views.featured_list), name="featured"),
    path("cases/export.csv", exports(views.innovation_export), name="export"),
    path(
        "cases/export.json",
        exports(export_views.innovation_export),
        {"fmt": "json"},
        name="export-json",
    ),
    path(
        "cases/export.jsonl",
        exports(export_views.innovation_export),
        {"fmt": "jsonl"},
        name="export-jsonl",
    ),
    path("cases/feed/", etag(LatestCasesFeed()), name="feed"),
    path("shortlist/", shortlist_views.shortlist_page, name="shortlist"),
    # The only routes other sites may frame (see views/embeds.py).
    path("embed/cases/", embed_views.embed_search, name="embed-search"),
    path("embed/collections/<slug:slug>/", embed_views.embed_collection, name="embed-collection"),
    path("oembed/", embed_views.oembed, name="oembed"),
    path("compare/", etag(shortlist_views.compare), name="compare"),
    path("compare/cite.<str:fmt>", etag(shortlist_views.compare_citations), name="compare-cite"),
    path("cases/<slug:slug>/", etag(views.innovation_detail), name="detail"),
    path(
        "cases/<slug:slug>/cite.<str:fmt>",
        etag(citation_views.case_citation),
        name="cite",
    ),
    path("cases/<slug:slug>/history/", etag(views.case_history), name="history"),
    path("cases/<slug:slug>/suggest/", views.suggest, name="suggest"),
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
    path("data/", etag(export_views.data_page), name="data"),
    path("data/codebook/", etag(export_views.codebook_page), name="codebook"),
    path("data/datapackage.json", etag(export_views.datapackage), name="datapackage"),
    path("data/cases.<str:fmt>", exports(export_views.catalogue_file), name="data-cases"),
    path("data/<slug:name>.csv", etag(export_views.vocabulary_file), name="data-vocabulary"),
    # Not conditional: a collection's title or description can change without the
    # catalogue's revision moving (when none of its cases is published).
    path("collections/", views.collection_index, name="collections"),
    path("collections/<slug:slug>/", views.collection_page, name="collection"),
    path("collections/<slug:slug>/feed/", views.CollectionFeed(), name="collection-feed"),
    path("countries/", etag(views.country_index), name="countries"),
    path("countries/<str:code>/", etag(views.country_landing), name="country"),
    path("insights/", etag(insights.insights), name="insights"),
    path("insights/<slug:slug>.csv", etag(insights.insights_csv), name="insights-csv"),
    path("about/", insights.about, name="about"),
    path("about/research/", insights.research, name="research"),
    path("submit/", views.submit, name="submit"),
    path("submit/<str:token>/", views.submit, name="submit-edit"),
    path("submit/<str:token>/preview/", views.submit_preview, name="submit-preview"),
    path("submit/<str:token>/send/", views.submit_send, name="submit-send"),
    path("submit/<str:token>/received/", views.submit_done, name="submit-done"),
    path("status/<str:token>/", views.status, name="status"),
    path("submit/<str:token>/media/", media_views.case_media, name="case-media"),
    path(
        "submit/<str:token>/media/<int:pk>/remove/",
        media_views.case_media_remove,
        name="case-media-remove",
    ),
    path("case-media/<int:pk>/", media_views.media_file, name="media-file"),
    path("case-media/<int:pk>/<int:width>/", media_views.media_file, name="media-rendition"),
    path("confirm/<str:token>/", views.confirm_address, name="confirm-address"),
    # The contributor's own pages (a session key of their own, never a Django user).
    path("mine/", mine.my_cases, name="mine"),
    path("mine/sign-in/", mine.sign_in, name="sign-in"),
    path("mine/sign-in/<str:token>/", mine.sign_in_link, name="sign-in-link"),
    path("mine/sign-out/", mine.sign_out, name="sign-out"),
    path("mine/searches/save/", mine.search_save, name="search-save"),
    path("mine/searches/<int:pk>/", mine.search_edit, name="search-edit"),
    path("mine/alerts/stop/<str:token>/", mine.alert_stop, name="alert-stop"),
]
