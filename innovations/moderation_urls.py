"""The moderation pages, mounted at /moderation/ by opsi/urls.py."""

from django.urls import path

from .views import moderation

app_name = "moderation"
urlpatterns = [
    path("", moderation.queue, name="queue"),
    path("spam/", moderation.reject_spam, name="reject-spam"),
    path("cases/<int:pk>/", moderation.review, name="review"),
    path("cases/<int:pk>/act/", moderation.act, name="act"),
    path("cases/<int:pk>/feature/", moderation.feature, name="feature"),
    path("cases/<int:pk>/preview/", moderation.preview, name="preview"),
]
