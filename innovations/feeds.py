"""The Atom feed of newly published cases, of the whole catalogue or of any search."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .catalogue import CatalogueQuery
from .models import Innovation

SIZE = 30


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (type="text"): a case's summary is the
    contributor's text, and a feed reader must never render it as markup."""

    def add_item_elements(self, handler, item):
        description = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class LatestCasesFeed(Feed):
    """Newest first; with the search page's parameters (filters and text), the cases of
    that search: "subscribe to this search"."""

    feed_type = PlainTextAtomFeed
    subtitle = gettext_lazy("Public-sector innovation cases, newest first.")

    def get_object(self, request: HttpRequest, *args, **kwargs) -> QueryDict:
        params = request.GET.copy()
        for name in ("page", "sort"):
            params.pop(name, None)
        return params

    def title(self, params: QueryDict) -> str:
        if params:
            return _("OPSI catalogue: new cases of a search")
        return _("OPSI catalogue: new cases")

    def link(self, params: QueryDict) -> str:
        query = params.urlencode()
        return reverse("innovations:list") + (f"?{query}" if query else "")

    def feed_url(self, params: QueryDict) -> str:
        """rel="self": this feed's own address, with its query (Django's default drops it)."""
        query = params.urlencode()
        return reverse("innovations:feed") + (f"?{query}" if query else "")

    def items(self, params: QueryDict) -> list[Innovation]:
        ids = CatalogueQuery.from_params(params).run(sort="newest").ids(0, SIZE)
        fields = ("title", "slug", "summary", "published_at", "updated_at")
        cases = Innovation.objects.published().filter(pk__in=ids).only(*fields)
        by_id = {case.pk: case for case in cases}
        return [by_id[pk] for pk in ids if pk in by_id]

    def item_title(self, item: Innovation) -> str:
        return item.title

    def item_description(self, item: Innovation) -> str:
        return item.summary

    def item_pubdate(self, item: Innovation):
        return item.published_at

    def item_updateddate(self, item: Innovation):
        return item.updated_at
