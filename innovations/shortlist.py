"""A reader's shortlist of published cases, kept in the session (no account needed).

The session holds case ids only; every read filters them through `published()`, so a
case that leaves the public catalogue leaves the shortlist too. A shortlist is shared
and compared by its address (`compare/?case=<slug>&case=...`), which needs no session.
"""

from django.http import HttpRequest

from .models import Innovation

SESSION_KEY = "opsi_shortlist"
MAX_CASES = 20  # on the shortlist
MAX_COMPARED = 5  # side by side


def ids(request: HttpRequest) -> list[int]:
    """The ids on the session's shortlist, in the order they were added."""
    found = request.session.get(SESSION_KEY, [])
    return [pk for pk in found if isinstance(pk, int)] if isinstance(found, list) else []


def put(request: HttpRequest, pk: int) -> bool:
    """Add a published case; False if it is not published or the list is full."""
    current = ids(request)
    if pk in current:
        return True
    if len(current) >= MAX_CASES or not Innovation.objects.published().filter(pk=pk).exists():
        return False
    request.session[SESSION_KEY] = [*current, pk]
    return True


def take_out(request: HttpRequest, pk: int) -> None:
    request.session[SESSION_KEY] = [found for found in ids(request) if found != pk]


def empty(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def published(ids_or_slugs: list, *, by: str = "pk"):
    """The published cases among these ids (or slugs), in the given order, with what
    the compare table shows fetched in a constant number of queries."""
    from .registry import case_page

    cases = (
        Innovation.objects.published()
        .filter(**{f"{by}__in": ids_or_slugs})
        .for_detail()
        .prefetch_related(*case_page.prefetches)
    )
    found = {getattr(case, by): case for case in cases}
    return [found[key] for key in dict.fromkeys(ids_or_slugs) if key in found]
