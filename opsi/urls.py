from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from innovations.views.conditional import catalogue_etag

from . import sitemap_views

urlpatterns = [
    # Everyone signs in on the site's page, which throttles and asks for the second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("opsi.accounts.urls")),
    path("", include("opsi.operations.urls")),  # robots.txt
    path("sitemap.xml", catalogue_etag(sitemap_views.index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        catalogue_etag(sitemap_views.section),
        name="sitemap-section",
    ),
    path("moderation/", include("innovations.moderation_urls")),
    path("api/", include("opsi.api.urls")),
]
# The public pages in each language: English at /cases/..., French at /fr/cases/... (see
# README, "Languages": one URL per page and language, for canonical links, hreflang and
# the sitemap). Moderation, sign-in, the admin and the API keep one unprefixed address.
urlpatterns += i18n_patterns(path("", include("innovations.urls")), prefix_default_language=False)

handler400 = "opsi.errors.bad_request"
