"""The one way to ask the catalogue a question.

    answer = CatalogueQuery.from_params(request.GET).run()
    answer.count(), answer.groups, answer.ids(offset, limit), answer.window(render)

A question is a query string: text, facet filters, years and a sort (see `filters.parse`,
which cleans it and says what it ignored). The answer comes from the worker's facet
index (`facets`) and the full-text engine (`search`): the bitmap of the matching cases,
each facet group's disjunctive counts, and the matches in the chosen order, a window at a
time. Every reader of the catalogue (the search page, the API, the feeds, the exports,
the insights) asks here, so they all agree.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from . import facets, search
from .filters import SORTS, parse


@dataclass
class Active:
    """A filter in use, with the link that removes it."""

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


@dataclass
class CatalogueQuery:
    """A cleaned question: what the user asked, and what was ignored (`notes`)."""

    params: QueryDict
    plain: dict
    selected: dict[str, list[str]]
    notes: list[str]
    index: facets.FacetIndex

    @classmethod
    def from_params(cls, params: QueryDict) -> "CatalogueQuery":
        index = facets.current_index()
        plain, selected, notes = parse(params, index.choices())
        return cls(params, plain, selected, notes, index)

    @property
    def text(self) -> str:
        """The search words as the engine reads them ("" for none)."""
        return " ".join(search.terms(self.plain["q"]))

    def run(self, sort: str | None = None) -> "Answer":
        """The answer, in this order (or the one asked, or the default)."""
        index, text = self.index, self.text
        base, matched = index.everything, None
        if self.plain["q"]:  # words, or nothing found (a query of punctuation only)
            matched = index.text(text) if text else None
            base &= matched.bits if matched else 0
        if self.plain["year_from"] or self.plain["year_to"]:
            base &= index.year_mask(self.plain["year_from"], self.plain["year_to"])
        bits, groups = facets.count(index, self.selected, base)
        default = "relevance" if self.plain["q"] else "newest"
        chosen = sort or self.plain["sort"] or default
        if chosen == "relevance" and not text:
            chosen = "newest"
        self.plain["default_sort"], self.plain["sort"] = default, chosen
        suggestion = matched.answer.suggestion(text) if matched else ""
        return Answer(self, bits, groups, chosen, suggestion)


@dataclass
class Answer:
    """The matching cases of a question: their count, facet counts and order."""

    query: CatalogueQuery
    bits: int
    groups: list = field(repr=False)
    sort: str
    suggestion: str = ""  # the words as read, if one was taken for a typo

    @property
    def index(self) -> facets.FacetIndex:
        return self.query.index

    def count(self) -> int:
        return self.bits.bit_count()

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]:
        """Ids of the matches in the answer's order, from `offset`, at most `limit`."""
        index, bits = self.index, self.bits
        limit = self.count() if limit is None else limit
        if self.sort == "newest":
            return index.newest(bits, offset, limit)
        if self.sort == "relevance":
            return index.ranked(self.query.text, bits, offset + limit)[offset : offset + limit]
        order = index.by_title if self.sort == "title" else index.by_year
        return [index.ids[p] for p in facets.in_order(order, bits, len(index.ids), offset, limit)]

    def batches(self, size: int) -> Iterator[list[int]]:
        """The ids of every match, in order, `size` at a time."""
        for start in range(0, self.count(), size):
            yield self.ids(start, size)

    def window(self, render: Callable[[list[int]], list]) -> "Window":
        """The matches for a Paginator: each page's ids turned into objects by `render`."""
        return Window(self, render)

    def sorts(self) -> list[tuple[str, str]]:
        """The orders a user may choose, the default first (sent as "")."""
        default = self.query.plain["default_sort"]
        return [("", SORTS[default])] + [
            (k, v) for k, v in SORTS.items() if k not in (default, "relevance")
        ]

    def active(self) -> list[Active]:
        """The question's text, years and ticked options, each with its removal link."""
        params, plain = self.query.params, self.query.plain
        active = []
        if plain["q"]:
            active.append(Active(_("Text"), plain["q"], _without(params, "q")))
        for key in ("year_from", "year_to"):
            if plain[key]:
                label = _("From year") if key == "year_from" else _("To year")
                active.append(Active(label, str(plain[key]), _without(params, key)))
        for group in self.groups:
            for option in group.options:
                if option.selected:
                    remove = _without(params, group.group.key, option.value)
                    active.append(Active(str(group.group.label), option.label, remove))
        return active


class Window:
    """An answer's matches as a sequence for Paginator, rendered a page at a time."""

    def __init__(self, answer: Answer, render: Callable[[list[int]], list]):
        self.answer, self.render = answer, render

    def count(self) -> int:
        return self.answer.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop or 0
        return self.render(self.answer.ids(start, stop - start))
