from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .models import Approach, Collection, EnablingFactor, Innovation, Sector


class Languages:
    """Each page once per language (English unprefixed, French under /fr/), with
    hreflang alternates and an x-default (the English page)."""

    i18n = True
    alternates = True
    x_default = True


class CaseSitemap(Languages, Sitemap):
    changefreq = "monthly"

    def items(self):
        return Innovation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Innovation):
        return item.updated_at


class TermSitemap(Languages, Sitemap):
    changefreq = "weekly"

    def items(self):
        return [*Sector.objects.all(), *Approach.objects.all(), *EnablingFactor.objects.all()]


class CollectionSitemap(Languages, Sitemap):
    changefreq = "weekly"

    def items(self):
        # Those with a published case: a change to them moves the catalogue's revision,
        # which the sitemap's ETag follows.
        published = Innovation.objects.published().filter(
            collection_items__collection=OuterRef("pk")
        )
        return (
            Collection.objects.filter(Exists(published)).only("slug", "updated_at").order_by("pk")
        )

    def lastmod(self, item: Collection):
        return item.updated_at


class PageSitemap(Languages, Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "innovations:home",
            "innovations:list",
            "innovations:featured",
            "innovations:sectors",
            "innovations:approaches",
            "innovations:factors",
            "innovations:countries",
            "innovations:collections",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {
    "pages": PageSitemap,
    "cases": CaseSitemap,
    "terms": TermSitemap,
    "collections": CollectionSitemap,
}
