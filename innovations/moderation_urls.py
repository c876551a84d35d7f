"""The moderation pages, mounted at /moderation/ (and /fr/moderation/, ...) by opsi/urls.py."""

from django.urls import path

from .views import bulk, collections, curation, moderation, picker

app_name = "moderation"
urlpatterns = [
    path("", moderation.queue, name="queue"),
    path("spam/", moderation.reject_spam, name="reject-spam"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("cases/<int:pk>/", moderation.review, name="review"),
    path("cases/<int:pk>/act/", moderation.act, name="act"),
    path("cases/<int:pk>/merge/", bulk.merge, name="merge"),
    path("cases/<int:pk>/feature/", moderation.feature, name="feature"),
    path("cases/<int:pk>/preview/", moderation.preview, name="preview"),
    path("cases/<int:pk>/versions/", curation.case_versions, name="versions"),
    path("cases/<int:pk>/versions/<int:number>/revert/", curation.revert, name="revert"),
    path("cases/<int:pk>/verify/", curation.verify, name="verify"),
    path("cases/<int:pk>/links/", collections.link_cases, name="link"),
    path("collections/", collections.manage_collections, name="collections"),
    path("collections/<int:pk>/", collections.manage_collection, name="collection"),
    path("collections/<int:pk>/add/", picker.collection_add, name="collection-add"),
    path("suggestions/", curation.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", curation.suggestion, name="suggestion"),
    path("suggestions/<int:pk>/decide/", curation.decide, name="decide"),
    path("suggestions/<int:pk>/media/", curation.suggestion_media, name="suggestion-media"),
]
