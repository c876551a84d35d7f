from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .models import Approach, Collection, EnablingFactor, Innovation, InnovationCountry, Sector

# URLs per child sitemap (each page once per language, with its alternates): about 1 MB
# of XML, well under the protocol's 50,000 URLs and 50 MB.
PAGE_SIZE = 2000


class Languages:
    """Each page once per language (English unprefixed, the others under /fr/, /es/,
    /de/), with hreflang alternates and an x-default (the English page)."""

    i18n = True
    alternates = True
    x_default = True


class CaseSitemap(Languages, Sitemap):
    changefreq = "monthly"
    limit = PAGE_SIZE

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
            "innovations:insights",
            "innovations:about",
            "innovations:research",
            "innovations:data",
            "innovations:codebook",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class CountrySitemap(Languages, Sitemap):
    """The landing page of each country with a published case."""

    changefreq = "weekly"

    def items(self):
        published = Innovation.objects.published().values("pk")
        return list(
            InnovationCountry.objects.filter(innovation__in=published)
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )

    def location(self, item: str) -> str:
        return reverse("innovations:country", kwargs={"code": item})


sitemaps = {
    "pages": PageSitemap,
    "cases": CaseSitemap,
    "terms": TermSitemap,
    "collections": CollectionSitemap,
    "countries": CountrySitemap,
}
for _sitemap in sitemaps.values():
    _sitemap.limit = PAGE_SIZE
