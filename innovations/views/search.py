"""The search page: full text, disjunctive facets, sorting and paging in one view."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from ..catalogue import CatalogueQuery
from . import cards

# A group shows this many options; the rest fold under "Show all" (a <details>, so it
# works without JavaScript). Folding starts only when it hides at least a few.
SHOWN = 8
FOLD_MIN = 4


def _fold(group) -> None:
    """Split a group's options into those shown and those folded under "Show all"."""
    options = group.options
    if len(options) < SHOWN + FOLD_MIN:
        group.shown, group.folded = options, []
    else:
        group.shown, group.folded = options[:SHOWN], options[SHOWN:]
    group.folded_open = any(option.selected for option in group.folded)


def _sections(groups) -> list[tuple[str, list]]:
    sections: dict[str, list] = {}
    for group in groups:
        if group.group.section:
            sections.setdefault(str(group.group.section), []).append(group)
    return list(sections.items())


def search_context(params: QueryDict) -> dict:
    """Everything the search page shows for a query string."""
    question = CatalogueQuery.from_params(params)
    answer = question.run()
    index = question.index
    results = answer.window(lambda ids: cards.cards(index, ids))
    page = Paginator(results, settings.OPSI_PAGE_SIZE).get_page(params.get("page"))
    for group in answer.groups:
        _fold(group)
    plain = question.plain
    return {
        "page": page,
        "groups": [g for g in answer.groups if not g.group.section],
        "sections": _sections(answer.groups),
        # The folded sections with a filter on, shown open.
        "open_sections": {str(g.group.section) for g in answer.groups if g.selected_count},
        "plain": plain,
        # The default order is sent as "" so that a search typed later gets relevance.
        "sort": "" if answer.sort == plain["default_sort"] else answer.sort,
        "sorts": answer.sorts(),
        "active": answer.active(),
        "notes": question.notes,
        "suggestion": answer.suggestion,
        "clear_url": "?",
        "export_query": params.urlencode(),
    }


@require_safe
def innovation_list(request: HttpRequest) -> HttpResponse:
    context = search_context(request.GET)
    # With JavaScript, a changed filter fetches only the results block (a template partial).
    partial = request.headers.get("X-Partial") == "results"
    template = "innovations/innovation_list.html"
    response = render(request, template + ("#search" if partial else ""), context)
    patch_vary_headers(response, ["X-Partial"])
    return response
