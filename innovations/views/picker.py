"""The case picker: moderators find a case among thousands by the words of its title,
summary or lead organisation (the queue's search, `InnovationQuerySet.matching`, since
the search index holds published cases only), by its number or by its address, and add
it to a collection or link it to the case they review.

The page works without JavaScript (`?pick=` lists the cases, each with a button of the
page's own form); static/js/picker.js asks for the results alone (`X-Partial: picker`,
the template's `results` partial) as the moderator types.
"""

from django.contrib import messages
from django.db.models import Case, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..models import Collection, Innovation
from .access import MAX_SEARCH, form_pk, moderator_required, search_text

LIMIT = 20  # cases shown; more words narrow the search
TEMPLATE = "moderation/picker.html"


def _found(text: str, exclude: int | None):
    """The cases the picker's text finds: the one it names by number or address first,
    then those holding every word, by title (one query, sliced)."""
    if (number := form_pk(text)) is not None:
        named = Q(pk=number)
    elif " " not in text:  # an address or a slug: its last part
        named = Q(slug=text.rstrip("/").rsplit("/", 1)[-1])
    else:
        named = Q(pk__in=[])
    found = Innovation.objects.matching(text) | Innovation.objects.filter(named)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    found = found.alias(named=Case(When(named, then=0), default=1)).order_by("named", "title", "pk")
    found = found.only("pk", "title", "state", "year_launched").prefetch_related("country_links")
    return list(found[: LIMIT + 1])


def picker(
    request: HttpRequest,
    *,
    form: str,
    button: str,
    member_label: str = "",
    members=(),
    exclude: int | None = None,
) -> dict:
    """What the picker shows: the search text, the cases it finds (at most LIMIT, and
    whether there are more), and the page form (`form`, an element id) its buttons post."""
    text = search_text(request, "pick")
    cases = _found(text, exclude) if text else []
    return {
        "text": text,
        "cut": len(request.GET.get("pick", "")) > MAX_SEARCH,
        "cases": cases[:LIMIT],
        "more": len(cases) > LIMIT,
        "limit": LIMIT,
        "form": form,
        "button": button,
        "members": set(members),
        "member_label": member_label,
    }


def wants_results(request: HttpRequest) -> bool:
    """Whether the script asks for the picker's results alone."""
    return request.method == "GET" and request.headers.get("X-Partial") == "picker"


def results(request: HttpRequest, context: dict) -> HttpResponse:
    """The picker's results alone (the template's `results` partial)."""
    return vary(render(request, f"{TEMPLATE}#results", {"picker": context}))


def vary(response: HttpResponse) -> HttpResponse:
    """The page and its results alone share an address: caches must tell them apart."""
    patch_vary_headers(response, ["X-Partial"])
    return response


def back(name: str, pk: int, request: HttpRequest):
    """Back to the page, its search kept, at the picker."""
    text = request.POST.get("pick", "").replace("\x00", "").strip()[:MAX_SEARCH]
    query = f"?{urlencode({'pick': text})}#picker" if text else ""
    return redirect(reverse(name, args=[pk]) + query)


@require_POST
@moderator_required
def collection_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the picked case last in the collection (once)."""
    collection = get_object_or_404(Collection.objects.only("pk"), pk=pk)
    number = form_pk(request.POST.get("case", ""))
    case = number and Innovation.objects.only("pk", "title").filter(pk=number).first()
    if not case:
        messages.error(request, _("Choose a case from the search results."))
    elif services.collection_add_case(collection=collection, case=case):
        messages.success(
            request, _("“%(title)s” is added to the collection.") % {"title": case.title}
        )
    else:
        messages.info(
            request, _("“%(title)s” is already in the collection.") % {"title": case.title}
        )
    return back("moderation:collection", pk, request)
