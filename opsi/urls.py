from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from innovations.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("moderation/", include("innovations.moderation_urls")),
    path("", include("innovations.urls")),
]
