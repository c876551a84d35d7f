"""A catalogue revision's facet index: bitmaps of the published cases, per option.

A case has a slot: bits are numbered in publication order, oldest first, so "newest
first" reads the bits from the top. A case that leaves the public catalogue leaves a
hole (its slot keeps its place, with no bits), which it takes again if republished.
Per-slot data lives in arrays, a few bytes a case.
"""

import copy
import logging
import threading
import time
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import F
from django.utils import translation

from .. import search
from ..models import CatalogueRevision, IndexChange, Innovation
from ..opendata.casing import sort_key
from ..registry import facet_groups
from .bits import (
    bitmap,
    clear_bit,
    newest_positions,
    option_bitmaps,
    publication_key,
    slot_bitmap,
    slot_flags,
    timestamp,
    version,
)
from .titles import Titles

logger = logging.getLogger("innovations.facets")
TEXT_CACHE = 64  # text queries remembered per worker...
TEXT_MATCHES = 250_000  # ...holding at most this many matches (12 bytes each)
REPLAY_CHUNK = 2000  # cases read at a time when catching up (a bound on query parameters)
stats: Counter = Counter()
ROW = ("pk", "published_at", "created_at", "year_launched", "title", "updated_at")
# Guards the remembered text matches and the swap of a worker's index.
lock = threading.RLock()


def _raw(queryset):
    """A values_list queryset's rows as the database driver gives them: no converters
    (a full build reads millions of rows; the driver's own types are what we need)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20_000):
            yield from rows


def _cases(ids: list[int] | None = None):
    """(pk, published_at, created_at, year, title, updated_at) of published cases, in
    publication order, oldest first."""
    cases = Innovation.objects.published()
    if ids is not None:
        cases = cases.filter(pk__in=ids)
    order = [F("published_at").asc(nulls_first=True), "created_at", "pk"]
    return cases.order_by(*order).values_list(*ROW)


@dataclass
class FacetIndex:
    """The bitmaps of the published cases at one (generation, revision).

    Per-slot data lives in arrays (a few bytes a case, not a few Python objects), so a
    worker holds a million cases in tens of megabytes.
    """

    generation: int
    revision: int
    ids: array  # slot -> case id (holes included)
    slot_of: array  # case id -> its live slot, or -1
    pub: array  # slot -> published_at (seconds): with `created` and `ids`, the order
    created: array  # slot -> created_at (seconds)
    titles: Titles  # slot -> case-folded title
    years_of: array  # slot -> year launched, 0 if unknown
    versions: array  # slot -> version of the case (cached cards and pages use it)
    live: bytearray  # slot -> 1 if the case is published, 0 for a hole
    everything: int
    options: dict[str, dict[str, int]]
    years: dict[int, int]
    by_title: array  # live slots by title
    by_year: array  # live slots by year launched, latest first
    labels: dict = field(default_factory=dict, repr=False)
    texts: OrderedDict = field(default_factory=OrderedDict, repr=False)
    ranks: OrderedDict = field(default_factory=OrderedDict, repr=False)

    # -- building ------------------------------------------------------------------------

    @classmethod
    def build(cls) -> "FacetIndex":
        """A fresh index of every published case (then caught up with `replayed`)."""
        started = time.monotonic()
        generation, revision = CatalogueRevision.current()
        ids, pub, created = array("q"), array("d"), array("d")
        years_of, versions, titles = array("H"), array("L"), Titles()
        for row in _raw(_cases()):
            ids.append(row[0])
            pub.append(timestamp(row[1]))
            created.append(timestamp(row[2]))
            years_of.append(row[3] or 0)
            titles.append(sort_key(row[4]))
            versions.append(version(row[5]))
        size = len(ids)
        slot_of = array("i", [-1]) * ((max(ids) + 1) if size else 1)
        for n, pk in enumerate(ids):
            slot_of[pk] = n
        options = {
            group.key: option_bitmaps(_raw(group.memberships()), slot_of, size)
            for group in facet_groups
        }
        by_year: dict[int, list[int]] = {}
        for n, year in enumerate(years_of):
            if year:
                by_year.setdefault(year, []).append(n)
        index = cls(
            generation=generation,
            revision=revision,
            ids=ids,
            slot_of=slot_of,
            pub=pub,
            created=created,
            titles=titles,
            years_of=years_of,
            versions=versions,
            live=bytearray(b"\x01") * size,
            everything=(1 << size) - 1,
            options=options,
            years={y: bitmap(ps, size) for y, ps in by_year.items()},
            # Sorted as _title_key and _year_key say, faster: ties latest slot first.
            by_title=array("i", sorted(range(size - 1, -1, -1), key=titles.__getitem__)),
            by_year=array(
                "i", sorted(range(size - 1, -1, -1), key=years_of.__getitem__, reverse=True)
            ),
        )
        index.choices()
        stats["full_builds"] += 1
        logger.info(
            "facet index: full build of %s cases in %.2f s (generation %s, revision %s)",
            size, time.monotonic() - started, generation, revision,
        )  # fmt: skip
        return index

    def _key(self, p: int) -> tuple:
        return (self.pub[p], self.created[p], self.ids[p])

    def _title_key(self, p: int) -> tuple:
        return (self.titles[p], -p)

    def _year_key(self, p: int) -> tuple:
        return (-self.years_of[p], -p)

    def replayed(self) -> "FacetIndex":
        """This index with every case changed since its revision recomputed."""
        rows = list(
            IndexChange.objects.filter(revision__gt=self.revision).values_list(
                "innovation_id", "revision"
            )
        )
        if not rows:
            return self
        return self.updated([pk for pk, _ in rows], max(rev for _, rev in rows))

    def updated(self, changed: list[int], revision: int) -> "FacetIndex":
        """A copy with these cases' bits recomputed from the database."""
        new = copy.copy(self)
        new.revision = revision
        new.options = {key: dict(values) for key, values in self.options.items()}
        new.years = dict(self.years)
        for name in (
            "ids", "slot_of", "pub", "created", "titles", "years_of", "versions", "live",
            "by_title", "by_year",
        ):  # fmt: skip
            setattr(new, name, copy.copy(getattr(self, name)))
        new.texts, new.ranks = OrderedDict(), OrderedDict()
        for start in range(0, len(changed), REPLAY_CHUNK):
            chunk = list(changed[start : start + REPLAY_CHUNK])
            rows = {row[0]: row for row in _raw(_cases(chunk))}
            members: dict[int, list[tuple[str, str]]] = {}
            for group in facet_groups:
                for pk, value in _raw(group.memberships(chunk)):
                    members.setdefault(pk, []).append((group.key, str(value)))
            for pk in chunk:
                new._place(pk, rows.get(pk), members.get(pk, []))
        stats["replays"] += 1
        return new

    def _place(self, pk: int, row, memberships: list[tuple[str, str]]) -> None:
        p = self.slot(pk)
        if p is not None:
            self._clear(p)
            if row is not None and publication_key(row) != self._key(p):
                self.slot_of[pk] = -1  # its place in publication order moved: a hole here
                p = None
        if row is None:
            return
        if p is None:
            p = self._slot(pk, publication_key(row))
        bit = 1 << p
        self.titles[p], self.years_of[p] = sort_key(row[4]), row[3] or 0
        self.versions[p], self.live[p] = version(row[5]), 1
        for key, value in memberships:
            values = self.options.setdefault(key, {})
            values[value] = values.get(value, 0) | bit
        if row[3]:
            self.years[row[3]] = self.years.get(row[3], 0) | bit
        self.everything |= bit
        insort(self.by_title, p, key=self._title_key)
        insort(self.by_year, p, key=self._year_key)

    def _clear(self, p: int) -> None:
        """Take the case in slot p out: no bits, out of the sorted lists (a hole)."""
        if not self.live[p]:
            return
        for order, key in ((self.by_title, self._title_key), (self.by_year, self._year_key)):
            i = bisect_left(order, key(p), key=key)
            if i < len(order) and order[i] == p:
                del order[i]
        for values in self.options.values():
            for value, bits in values.items():
                values[value] = clear_bit(bits, p)
        for year, bits in self.years.items():
            self.years[year] = clear_bit(bits, p)
        self.everything = clear_bit(self.everything, p)
        self.live[p] = 0

    def _slot(self, pk: int, key: tuple) -> int:
        """A new slot for the case, in publication order: at the top, or (rarely, for a
        case published with an earlier date) inserted, moving the later slots up."""
        size = len(self.ids)
        p = bisect_right(range(size), key, key=self._key)
        if p < size:
            low = (1 << p) - 1

            def shift(bits: int) -> int:
                return (bits & low) | ((bits >> p) << (p + 1))

            for values in self.options.values():
                for value, bits in values.items():
                    values[value] = shift(bits)
            self.years = {year: shift(bits) for year, bits in self.years.items()}
            self.everything = shift(self.everything)
            self.by_title = array("i", (q + (q >= p) for q in self.by_title))
            self.by_year = array("i", (q + (q >= p) for q in self.by_year))
        for name, value in (("ids", pk), ("pub", key[0]), ("created", key[1]),
                            ("titles", ""), ("years_of", 0), ("versions", 0)):  # fmt: skip
            getattr(self, name).insert(p, value)
        self.live.insert(p, 0)
        if pk >= len(self.slot_of):
            self.slot_of.extend(array("i", [-1]) * (pk + 1 - len(self.slot_of)))
        if p < size:
            for n, case in enumerate(self.ids):
                if self.live[n]:
                    self.slot_of[case] = n
        self.slot_of[pk] = p
        return p

    # -- reading -------------------------------------------------------------------------

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """Each group's (value, label) options, in the active language (the labels as
        plain strings: a search page shows every one of them)."""
        language = translation.get_language()
        found = self.labels.get(language)
        if found is None:
            found = {
                group.key: [(value, str(label)) for value, label in group.choices()]
                for group in facet_groups
            }
            self.labels[language] = found
        return found

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

    def slot(self, pk: int) -> int | None:
        """The slot of a published case, or None."""
        p = self.slot_of[pk] if 0 <= pk < len(self.slot_of) else -1
        return p if p >= 0 and self.live[p] else None

    def version(self, pk: int) -> int | None:
        """The version of a published case, or None if it is not published."""
        p = self.slot(pk)
        return None if p is None else self.versions[p]

    def count(self) -> int:
        return self.everything.bit_count()

    def slots_of(self, ids) -> np.ndarray:
        """The slot of each case id (-1 for a case not in the index)."""
        ids = np.asarray(ids, dtype=np.int64)
        slot_of = np.frombuffer(self.slot_of, dtype=np.int32)
        slots = np.full(len(ids), -1, dtype=np.int64)
        known = (ids >= 0) & (ids < len(slot_of))
        slots[known] = slot_of[ids[known]]
        return slots

    def of_ids(self, ids) -> int:
        """The bitmap of these cases (those in the index)."""
        slots = self.slots_of(ids)
        return slot_bitmap(slots[slots >= 0], len(self.ids)) & self.everything

    def newest(self, bits: int, offset: int = 0, limit: int | None = None) -> list[int]:
        """Ids of the cases in `bits`, newest first."""
        return [self.ids[p] for p in newest_positions(bits, offset, limit)]

    def text(self, query: str) -> "TextMatch":
        """A text query's matches (bitmap and scores), remembered until the catalogue
        changes (paging and ticking filters repeat the same words)."""

        # A Spanish or German page adds its own stems; English and French share answers.
        language = search.language_of_query(translation.get_language())

        def matched() -> TextMatch:
            answer = search.rank(query, self.count(), language)
            return TextMatch(self.of_ids(answer.matches), answer)

        key = (language, query) if language else query
        return _remembered(self.texts, key, matched, size=lambda m: len(m.answer))

    def ranked(self, query: str, bits: int, stop: int) -> list[int]:
        """The first `stop` ids of these results of a text query, best first (every
        match is ranked), remembered until the catalogue changes."""

        def ranked() -> list[int]:
            answer = self.text(query).answer
            slots = self.slots_of(answer.matches)
            flags = slot_flags(bits, len(self.ids))
            among = slots >= 0
            among[among] = flags[slots[among]]
            return answer.best(stop, among)

        language = search.language_of_query(translation.get_language())
        return _remembered(self.ranks, (query, language, hash(bits), stop), ranked)

    def snapshot(self) -> dict:
        """What the index says, by case id: equal for equal catalogues, however built."""
        return {
            "newest": self.newest(self.everything),
            "title": [self.ids[p] for p in self.by_title],
            "year": [self.ids[p] for p in self.by_year],
            "options": {
                key: {v: set(self.newest(bits)) for v, bits in values.items() if bits}
                for key, values in self.options.items()
            },
            "years": {y: set(self.newest(bits)) for y, bits in self.years.items() if bits},
            "versions": {
                self.ids[p]: self.versions[p] for p in range(len(self.ids)) if self.live[p]
            },
        }


@dataclass
class TextMatch:
    """What a text query matches in one index: the bitmap, and the scored answer."""

    bits: int
    answer: "search.Answer"


def _remembered(store: OrderedDict, key, compute: Callable, size: Callable = len):
    """A value from a bounded, least-recently-used store, computed when missing: at most
    TEXT_CACHE values, and TEXT_MATCHES in all as `size` counts them (the newest is kept
    whatever its size)."""
    with lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = compute()
    with lock:
        store[key] = value
        held = sum(size(v) for v in store.values())
        while len(store) > 1 and (len(store) > TEXT_CACHE or held > TEXT_MATCHES):
            held -= size(store.popitem(last=False)[1])
    return value
