"""Collections: their public pages and feeds, and the moderators' pages to curate them
and to link cases. Only published cases are ever shown; writes go through the services."""

import re

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import facets, services
from ..models import CaseLink, Collection, Innovation
from . import picker
from .access import form_pk, moderator_required, search_text
from .cards import cards

SLUG = re.compile(r"([-\w]+)/?\s*$")


def published_ids(collection: Collection) -> list[int]:
    """The collection's published cases, in its order."""
    return list(
        collection.items.filter(innovation__state=Innovation.State.PUBLISHED)
        .order_by("order", "pk")
        .values_list("innovation_id", flat=True)
    )


@require_safe
def collection_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "innovations/collections.html", {"collections": Collection.objects.all()}
    )


@require_safe
def collection_page(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(Collection, slug=slug)
    index = facets.current_index()
    return render(
        request,
        "innovations/collection.html",
        {"collection": collection, "cards": cards(index, published_ids(collection))},
    )


class CollectionFeed(Feed):
    """The published cases of one collection, in its order."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Collection, slug=slug)

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return obj.description

    def items(self, obj):
        ids = published_ids(obj)
        found = Innovation.objects.filter(pk__in=ids).only(
            "title", "slug", "summary", "published_at", "updated_at"
        )
        return sorted(found, key=lambda case: ids.index(case.pk))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


# -- the moderators' side -----------------------------------------------------------------


def _case_ids(text: str) -> tuple[list[int], list[str]]:
    """Case ids from lines of slugs or case addresses; and the lines that match none."""
    slugs, unknown = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = SLUG.search(line.strip())
        slugs.append(match.group(1) if match else line.strip())
    found = dict(Innovation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [s for s in slugs if s not in found]
    return [found[s] for s in slugs if s in found], unknown


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def manage_collections(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        title = request.POST.get("title", "").strip()[:200]
        if not title:
            messages.error(request, _("Give the collection a title."))
        else:
            found = services.collection_save(
                title=title, description=request.POST.get("description", "")[:5000]
            )
            return redirect("moderation:collection", found.pk)
    found, text = Collection.objects.all(), search_text(request)
    for word in text.split()[:10]:
        found = found.filter(title__icontains=word)
    return render(request, "moderation/collections.html", {"collections": found, "q": text})


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def manage_collection(request: HttpRequest, pk: int) -> HttpResponse:
    collection = get_object_or_404(Collection, pk=pk)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.collection_delete(collection=collection)
            messages.success(request, _("The collection is deleted."))
            return redirect("moderation:collections")
        title = request.POST.get("title", "").strip()[:200] or collection.title
        services.collection_save(
            collection=collection,
            title=title,
            description=request.POST.get("description", "")[:5000],
        )
        ids, unknown = _case_ids(request.POST.get("cases", "")[:50_000])
        services.collection_set_cases(collection=collection, cases=ids)
        if unknown:
            messages.error(
                request,
                _("No case has these addresses: %(slugs)s") % {"slugs": ", ".join(unknown[:10])},
            )
        else:
            messages.success(request, _("The collection is saved."))
        return redirect("moderation:collection", pk)
    members = list(
        Innovation.objects.filter(collection_items__collection=collection)
        .order_by("collection_items__order", "pk")
        .only("pk", "slug", "title", "state")
    )
    found = picker.picker(
        request,
        form="collection-add",
        button=_("Add"),
        member_label=_("Already in the collection"),
        members=[case.pk for case in members],
    )
    if picker.wants_results(request):
        return picker.results(request, found)
    context = {
        "collection": collection,
        "members": members,
        "slugs": "\n".join(case.slug for case in members),
        "picker": found,
    }
    return picker.vary(render(request, "moderation/collection.html", context))


@require_POST
@moderator_required
def link_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the case to another (picked by its number, or given by its slug or address)
    with a typed relation."""
    case = get_object_or_404(Innovation.objects.only("pk"), pk=pk)
    if request.POST.get("remove"):
        link = request.POST["remove"]
        if link.isascii() and link.isdigit():
            found = CaseLink.objects.filter(pk=int(link)).filter(source=case) | (
                CaseLink.objects.filter(pk=int(link), target=case)
            )
            for each in found:
                services.case_unlink(link=each)
        return redirect("moderation:review", pk)
    if "case" in request.POST:  # picked from the search results: its number
        number = form_pk(request.POST["case"])
        ids = list(Innovation.objects.filter(pk=number).values_list("pk", flat=True)[:1])
    else:
        ids, _unknown = _case_ids(request.POST.get("other", "")[:500])
    kind = request.POST.get("kind", "")
    if len(ids) != 1 or kind not in CaseLink.Kind.values or ids[0] == case.pk:
        messages.error(request, _("Give one other case's address and the kind of link."))
    else:
        services.case_link(source=case, target=ids[0], kind=kind)
        messages.success(request, _("The cases are linked."))
    return picker.back("moderation:review", pk, request)


def case_links(case: Innovation, *, public: bool = True) -> list[dict]:
    """The case's links, as each reads from this case's page (one query)."""
    from django.db.models import Q

    from ..models import LINK_INVERSE

    links = CaseLink.objects.filter(Q(source=case) | Q(target=case)).select_related(
        "source", "target"
    )
    if public:
        links = links.filter(
            source__state=Innovation.State.PUBLISHED, target__state=Innovation.State.PUBLISHED
        )
    found = []
    for link in links.only(
        "pk", "kind", "source__title", "source__slug", "source__state",
        "target__title", "target__slug", "target__state",
    ):  # fmt: skip
        outgoing = link.source_id == case.pk
        found.append(
            {
                "pk": link.pk,
                "label": link.get_kind_display() if outgoing else LINK_INVERSE[link.kind],
                "other": link.target if outgoing else link.source,
            }
        )
    return found


def case_collections(case: Innovation) -> list[Collection]:
    return list(Collection.objects.filter(items__innovation=case).only("title", "slug"))
