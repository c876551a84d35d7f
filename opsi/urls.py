from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from innovations.sitemaps import sitemaps
from innovations.views.conditional import catalogue_etag

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("operations.urls")),  # robots.txt
    path("sitemap.xml", catalogue_etag(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("moderation/", include("innovations.moderation_urls")),
    path("", include("innovations.urls")),
]
