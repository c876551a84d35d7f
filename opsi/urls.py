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
    path("", include("opsi.operations.urls")),  # robots.txt
    path("sitemap.xml", catalogue_etag(sitemap_views.index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        catalogue_etag(sitemap_views.section),
        name="sitemap-section",
    ),
    path("api/", include("opsi.api.urls")),
]
# Every page for people in each language: English at /cases/..., Spanish at /es/cases/...
# (see README, "Languages": one URL per page and language, for canonical links, hreflang
# and the sitemap). Moderation and signing in too, so that a moderator works in their
# language; the admin (Django's own translations, English addresses in its docs) and the
# API (for programs) keep one unprefixed address.
urlpatterns += i18n_patterns(
    path("accounts/", include("opsi.accounts.urls")),
    path("moderation/", include("innovations.moderation_urls")),
    path("", include("innovations.urls")),
    prefix_default_language=False,
)

handler400 = "opsi.errors.bad_request"
