from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Approach, EnablingFactor, Innovation, Sector


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
        ]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"pages": PageSitemap, "cases": CaseSitemap, "terms": TermSitemap}
