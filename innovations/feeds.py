"""The Atom feed of newly published cases."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Innovation


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = _("OPSI catalogue: new cases")
    subtitle = _("Public-sector innovation cases, newest first.")
    link = reverse_lazy("innovations:list")

    def items(self):
        return (
            Innovation.objects.published()
            .newest()
            .only("title", "slug", "summary", "published_at", "updated_at")[:30]
        )

    def item_title(self, item: Innovation) -> str:
        return item.title

    def item_description(self, item: Innovation) -> str:
        return item.summary

    def item_pubdate(self, item: Innovation):
        return item.published_at

    def item_updateddate(self, item: Innovation):
        return item.updated_at
