"""The search page: full text, disjunctive facets, sorting and paging in one view."""

from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from .. import facets, search
from ..filters import SORTS, parse
from ..models import Innovation
from . import cards


class Results:
    """The matching cases in the chosen order, fetched a page at a time (for Paginator)."""

    def __init__(self, index: facets.FacetIndex, bits: int, sort: str, query: str):
        self.index, self.bits, self.sort, self.query = index, bits, sort, query

    def count(self) -> int:
        return self.bits.bit_count()

    def __len__(self) -> int:
        return self.count()

    def _ids(self, offset: int, limit: int) -> list[int]:
        index, bits = self.index, self.bits
        if self.sort == "newest":
            return index.newest(bits, offset, limit)
        if self.sort == "relevance":
            best = index.ranked(self.query, bits, offset + limit)
            return best[offset : offset + limit]
        # Test bits in a bytes copy: shifting a 100,000-bit int per case would be slow.
        flags = bits.to_bytes((len(index.ids) + 7) // 8, "little")
        order = index.by_title if self.sort == "title" else index.by_year
        found: list[int] = []
        seen = 0
        for p in order:
            if flags[p >> 3] >> (p & 7) & 1:
                if seen >= offset:
                    found.append(index.ids[p])
                    if len(found) == limit:
                        break
                seen += 1
        return found

    def _window(self, window: slice) -> list[int]:
        return self._ids(window.start or 0, (window.stop or 0) - (window.start or 0))

    def __getitem__(self, window: slice) -> list[Innovation]:
        ids = self._window(window)
        cases = Innovation.objects.published().filter(pk__in=ids).for_listing()
        by_id = {case.pk: case for case in cases}
        return [by_id[pk] for pk in ids if pk in by_id]


class CardResults(Results):
    """Results as rendered cards (see `cards`)."""

    def __getitem__(self, window: slice) -> list[cards.Card]:
        return cards.cards(self.index, self._window(window))


@dataclass
class Active:
    label: str
    value: str
    remove_url: str


def _without(params: QueryDict, key: str, value: str | None = None) -> str:
    remaining = params.copy()
    remaining.pop("page", None)
    if value is None:
        remaining.pop(key, None)
    else:
        remaining.setlist(key, [v for v in remaining.getlist(key) if v != value])
    return "?" + remaining.urlencode()


def toggle_url(params: QueryDict, key: str, value: str) -> str:
    """The query string with one option ticked, or unticked if it was."""
    changed = params.copy()
    changed.pop("page", None)
    values = changed.getlist(key)
    changed.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + changed.urlencode()


def run_search(params: QueryDict) -> tuple[dict, list, list[str], tuple]:
    """Clean parameters, facet counts, messages, and what `Results` needs."""
    index = facets.current_index()
    plain, selected, notes = parse(params, index.choices())
    base = index.everything
    query, matches = " ".join(search.terms(plain["q"])), 0
    if plain["q"]:  # words, or nothing found (a query of punctuation only)
        matches = index.text(query).bits if query else 0
        base &= matches
    if plain["year_from"] or plain["year_to"]:
        base &= index.year_mask(plain["year_from"], plain["year_to"])
    bits, groups = facets.count(index, selected, base)
    default_sort = "relevance" if plain["q"] else "newest"
    sort = plain["sort"] or default_sort
    if sort == "relevance" and not query:
        sort = "newest"
    plain["default_sort"], plain["sort"] = default_sort, sort
    return plain, groups, notes, (index, bits, sort, query)


def active_filters(params: QueryDict, plain: dict, groups: list) -> list[Active]:
    """The search's text, years and ticked options, each with the link that removes it."""
    active = []
    if plain["q"]:
        active.append(Active(_("Text"), plain["q"], _without(params, "q")))
    for key in ("year_from", "year_to"):
        if plain[key]:
            label = _("From year") if key == "year_from" else _("To year")
            active.append(Active(label, str(plain[key]), _without(params, key)))
    for group in groups:
        for option in group.options:
            if option.selected:
                active.append(
                    Active(
                        str(group.group.label),
                        option.label,
                        _without(params, group.group.key, option.value),
                    )
                )
    return active


def search_context(params: QueryDict) -> dict:
    """Everything the search page shows for a query string."""
    plain, groups, notes, found = run_search(params)
    results = CardResults(*found)
    default_sort, sort = plain["default_sort"], plain["sort"]
    page = Paginator(results, settings.OPSI_PAGE_SIZE).get_page(params.get("page"))

    active = active_filters(params, plain, groups)
    for group in groups:
        group.html = options_html(group)
    return {
        "page": page,
        "groups": [g for g in groups if not g.group.section],
        "sections": _sections(groups),
        # The folded sections with a filter on, shown open.
        "open_sections": {str(g.group.section) for g in groups if g.selected_count},
        "plain": plain,
        # The default order is sent as "" so that a search typed later gets relevance.
        "sort": "" if sort == default_sort else sort,
        "sorts": [("", SORTS[default_sort])]
        + [(k, v) for k, v in SORTS.items() if k not in (default_sort, "relevance")],
        "active": active,
        "notes": notes,
        "clear_url": "?",
        "export_query": params.urlencode(),
    }


# A group shows this many options; the rest fold under "Show all" (a <details>, so it
# works without JavaScript). Folding starts only when it hides at least a few.
SHOWN = 8
FOLD_MIN = 4


def options_html(group: facets.GroupCounts) -> str:
    """A group's options as a list of checkboxes, the long tail folded, built in one pass.

    A page shows some 300 options; through the template language (or format_html) each
    costs tens of microseconds, which the benchmark found was most of the page's time.
    Every value and label is escaped here.
    """
    key = group.group.key
    nouns: dict[int, str] = {}
    rows = []
    for option in group.options:
        count = option.count
        if count not in nouns:
            nouns[count] = (
                escape(number_format(count, force_grouping=True)),
                escape(ngettext("case", "cases", count)),
            )
        shown, noun = nouns[count]
        value, live = escape(option.value), count or option.selected
        rows.append(
            f'<li{"" if live else ' class="empty"'}><input type="checkbox" '
            f'id="f-{key}-{value}" name="{key}" value="{value}"'
            f"{' checked' if option.selected else ''}{'' if live else ' disabled'}>"
            f'<label for="f-{key}-{value}">{escape(option.label)} <span class="count">'
            f'({shown})<span class="visually-hidden"> {noun}</span></span></label></li>'
        )
    if len(rows) < SHOWN + FOLD_MIN:
        return mark_safe(f'<ul class="options">{"".join(rows)}</ul>')
    folded = group.options[SHOWN:]
    opened = " open" if any(option.selected for option in folded) else ""
    more = escape(_("Show all %(count)s") % {"count": number_format(len(rows))})
    return mark_safe(
        f'<ul class="options">{"".join(rows[:SHOWN])}</ul>'
        f'<details class="more-options"{opened}><summary>{more}</summary>'
        f'<ul class="options">{"".join(rows[SHOWN:])}</ul></details>'
    )


def _sections(groups) -> list[tuple[str, list]]:
    sections: dict[str, list] = {}
    for group in groups:
        if group.group.section:
            sections.setdefault(str(group.group.section), []).append(group)
    return list(sections.items())


@require_safe
def innovation_list(request: HttpRequest) -> HttpResponse:
    context = search_context(request.GET)
    # With JavaScript, a changed filter fetches only the results block (a template partial).
    partial = request.headers.get("X-Partial") == "results"
    template = "innovations/innovation_list.html"
    response = render(request, template + ("#search" if partial else ""), context)
    patch_vary_headers(response, ["X-Partial"])
    return response
