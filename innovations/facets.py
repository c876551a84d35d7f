"""Disjunctive facets over published cases, counted from bitmaps held in memory.

Each worker keeps, per filter option, a bitmap (a Python int) of the published cases
that carry it, numbered newest first. A search ANDs the bitmaps of the active groups
(OR within a group) and counts every option of every group with the *other* groups
applied: one AND and one popcount per option, microseconds each, whatever the size
of the catalogue. The index is rebuilt when `CatalogueRevision` moves, so every worker
answers from what the database holds now; a search costs one query for that check.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F

from .models import CatalogueRevision, Innovation
from .registry import FacetGroup, facet_groups

TEXT_CACHE = 64
CARD_CACHE = 3000
PAGE_CACHE = 500
_lock = threading.RLock()


def _bitmap(positions: list[int], size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def positions_of(bits: int, offset: int = 0, limit: int | None = None) -> list[int]:
    """The set bits of a bitmap in ascending order, from the offset-th, at most limit."""
    text = bin(bits)[:1:-1]  # bit 0 first
    found, start, seen = [], 0, 0
    while limit is None or len(found) < limit:
        start = text.find("1", start)
        if start < 0:
            break
        if seen >= offset:
            found.append(start)
        seen += 1
        start += 1
    return found


@dataclass
class FacetIndex:
    """The bitmaps of one catalogue revision."""

    revision: int
    ids: list[int]
    position: dict[int, int]
    everything: int
    options: dict[str, dict[str, int]]
    choices: dict[str, list[tuple[str, str]]]
    years: dict[int, int]
    by_title: list[int] = field(repr=False)
    by_year: list[int] = field(repr=False)
    texts: OrderedDict = field(default_factory=OrderedDict, repr=False)
    cards: OrderedDict = field(default_factory=OrderedDict, repr=False)
    pages: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def build(cls, revision: int) -> "FacetIndex":
        rows = list(
            Innovation.objects.published()
            .order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")
            .values_list("pk", "year_launched", "title")
        )
        ids = [pk for pk, _, _ in rows]
        position = {pk: n for n, pk in enumerate(ids)}
        size = len(ids)
        options: dict[str, dict[str, int]] = {}
        for group in facet_groups:
            members: dict[str, list[int]] = {}
            for pk, value in group.memberships():
                if pk in position:
                    members.setdefault(str(value), []).append(position[pk])
            options[group.key] = {v: _bitmap(ps, size) for v, ps in members.items()}
        by_year: dict[int, list[int]] = {}
        for n, (_, year, _) in enumerate(rows):
            if year:
                by_year.setdefault(year, []).append(n)
        return cls(
            revision=revision,
            ids=ids,
            position=position,
            everything=(1 << size) - 1,
            options=options,
            choices={group.key: group.choices() for group in facet_groups},
            years={y: _bitmap(ps, size) for y, ps in by_year.items()},
            by_title=sorted(range(size), key=lambda n: (rows[n][2].casefold(), n)),
            by_year=sorted(range(size), key=lambda n: (-(rows[n][1] or 0), n)),
        )

    def mask(self, key: str, values: list[str]) -> int:
        """Cases carrying any of the values (OR within a group)."""
        bits = 0
        for value in values:
            bits |= self.options.get(key, {}).get(value, 0)
        return bits

    def year_mask(self, year_from: int | None, year_to: int | None) -> int:
        bits = 0
        for year, mask in self.years.items():
            if (year_from is None or year >= year_from) and (year_to is None or year <= year_to):
                bits |= mask
        return bits

    def of_ids(self, ids: list[int]) -> int:
        return _bitmap([self.position[pk] for pk in ids if pk in self.position], len(self.ids))

    def text(self, query: str, search: Callable[[str], list[int]]) -> tuple[list[int], int]:
        """The ranked ids and the bitmap of a text query, remembered for this revision.

        Paging and ticking filters repeat the same words; ranking every match is the
        costly part of a search, so the last TEXT_CACHE queries are kept per worker.
        """
        found = recall(self.texts, query)
        if found is not None:
            return found
        ranked = [pk for pk in search(query) if pk in self.position]
        found = (ranked, self.of_ids(ranked))
        remember(self.texts, query, found, TEXT_CACHE)
        return found

    def card_html(self, keys: list, render: Callable[[list], dict]) -> list:
        """Rendered cards by key, from this revision's memory or `render(missing keys)`."""
        with _lock:
            found = {key: self.cards[key] for key in keys if key in self.cards}
            for key in found:
                self.cards.move_to_end(key)
        missing = [key for key in keys if key not in found]
        if missing:
            for key, html in render(missing).items():
                found[key] = html
                remember(self.cards, key, html, CARD_CACHE)
        return [found[key] for key in keys if key in found]


def recall(store: OrderedDict, key):
    """A value kept by `remember`, or None."""
    with _lock:
        value = store.get(key)
        if value is not None:
            store.move_to_end(key)
        return value


def remember(store: OrderedDict, key, value, limit: int) -> None:
    """Keep a value in a bounded, least-recently-used store."""
    with _lock:
        store[key] = value
        store.move_to_end(key)
        if len(store) > limit:
            store.popitem(last=False)


_current: FacetIndex | None = None


def current_index() -> FacetIndex:
    """This worker's index, rebuilt first if the catalogue has changed (one query)."""
    global _current
    revision = CatalogueRevision.current()
    index = _current
    if index is None or index.revision != revision:
        with _lock:
            if _current is None or _current.revision != revision:
                _current = FacetIndex.build(revision)
            index = _current
    return index


def forget() -> None:
    """Drop this worker's index (tests roll the database back under it)."""
    global _current
    _current = None


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class GroupCounts:
    group: FacetGroup
    options: list[Option]

    @property
    def selected_count(self) -> int:
        return sum(o.selected for o in self.options)


def count(
    index: FacetIndex, selected: dict[str, list[str]], base: int
) -> tuple[int, list[GroupCounts]]:
    """The result bitmap, and every group's option counts with the other groups applied.

    An option's count is the number of results that ticking it would give; a ticked
    option shows its own share. `base` holds the filters that are not facets (text
    query, years).
    """
    masks = {key: index.mask(key, values) for key, values in selected.items() if values}
    result = base
    for mask in masks.values():
        result &= mask
    groups = []
    for group in facet_groups:
        others = base
        for key, mask in masks.items():
            if key != group.key:
                others &= mask
        chosen = set(selected.get(group.key, []))
        bitmaps = index.options.get(group.key, {})
        options = []
        for value, label in index.choices.get(group.key, []):
            bits = bitmaps.get(value, 0)
            if not bits and group.hide_empty and value not in chosen:
                continue
            if value in chosen or not chosen:
                count = (others & bits).bit_count()
            else:  # choosing it widens the group's OR: count what the click would give
                count = (others & (masks[group.key] | bits)).bit_count()
            options.append(Option(value, label, count, value in chosen))
        groups.append(GroupCounts(group, options))
    return result, groups


def similar(index: FacetIndex, case: Innovation, related: list[int], limit: int = 4) -> list[int]:
    """Ids of published cases most like this one, never itself.

    Tries the strictest combination of shared tags first (sector, approach, enabling
    factor and country), then looser ones; within each, cases whose text is related
    (`related`: ids ranked by shared words of the title and summary) come first, then
    the newest. Cases related by text alone close the list.
    """
    own = {
        "sector": [t.slug for t in case.sectors.all()],
        "approach": [t.slug for t in case.approaches.all()],
        "factor": [t.slug for t in case.enabling_factors.all()],
        "country": [c.code for c in case.countries],
    }
    masks = {key: index.mask(key, values) for key, values in own.items()}
    layers = [
        ("sector", "approach", "factor", "country"),
        ("sector", "approach", "factor"),
        ("sector", "approach"),
        ("sector", "country"),
        ("sector", "factor"),
        ("sector",),
        ("approach",),
        (),  # text alone
    ]
    text = [index.position[pk] for pk in related if pk in index.position]
    taken = 1 << index.position[case.pk] if case.pk in index.position else 0
    found: list[int] = []
    for layer in layers:
        bits = index.everything
        for key in layer:
            bits &= masks[key]
        bits &= ~taken
        by_text = [p for p in text if bits >> p & 1]
        newest = positions_of(bits, 0, limit) if layer else []
        for p in dict.fromkeys([*by_text, *newest]):
            if len(found) == limit:
                return found
            found.append(index.ids[p])
            taken |= 1 << p
    return found
