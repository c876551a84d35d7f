"""The search page: full text, disjunctive facets, sorting and paging in one view."""

from functools import lru_cache

from django.conf import settings
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from ..catalogue import CatalogueQuery
from ..facets import Option
from . import cards

# A group shows this many options; the rest fold under "Show all" (a <details>, so it
# works without JavaScript). Folding starts only when it hides at least a few.
SHOWN = 8
FOLD_MIN = 4


OPTION = "innovations/innovation_list.html#option"
# Where an option's count and its noun go in its markup. Tags: escaping turns every "<"
# of a label or value into "&lt;", so only the markers themselves can read like this.
COUNT, NOUN = "<opsi:count>", "<opsi:noun>"


def _fold(group) -> None:
    """Split a group's options into those shown and those folded under "Show all", as
    markup (`shown`, `folded`)."""
    options = group.options
    cut = len(options) if len(options) < SHOWN + FOLD_MIN else SHOWN
    group.shown, group.folded = _markup(options[:cut]), _markup(options[cut:])
    group.folded_open = any(option.selected for option in options[cut:])


def _markup(options: list[Option]) -> SafeString:
    """These options as the `option` partial renders them. Each option's markup in each
    of its states is rendered once (with markers for the count and its noun, filled in
    here): a page shows 120-300 options, and rendering the partial for each took half
    of the page's template."""
    language = translation.get_language()
    return SafeString(
        "".join(
            _marked(language, o.key, o.value, o.label, o.selected, o.empty)
            .replace(COUNT, o.count_text)
            .replace(NOUN, o.noun)
            for o in options
        )
    )


@lru_cache(maxsize=8192)
def _marked(language: str, key: str, value: str, label: str, selected: bool, empty: bool) -> str:
    """An option's markup in a state, with the markers where its count and noun go."""
    option = Option(value, label, 0, selected, key, language)
    stand_in = {
        "field_id": option.field_id,
        "field_name": option.field_name,
        "field_value": option.field_value,
        "label_html": option.label_html,
        "selected": selected,
        "empty": empty,
        "count_text": SafeString(COUNT),
        "noun": SafeString(NOUN),
    }
    with translation.override(language):
        return get_template(OPTION).render({"option": stand_in})


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "TEMPLATES":
        _marked.cache_clear()


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
