"""Disjunctive facets over published cases, counted from bitmaps held in memory.

Each worker keeps, per filter option, a bitmap (a Python int) of the published cases
that carry it. A search ANDs the bitmaps of the active groups (OR within a group) and
counts every option of every group with the *other* groups applied: one AND and one
popcount per option, microseconds each, whatever the size of the catalogue.

A case has a slot: bits are numbered in publication order, oldest first, so "newest
first" reads the bits from the top. A case that leaves the public catalogue leaves a
hole (its slot keeps its place, with no bits), which it takes again if republished.

Staying current without rebuilding: every request reads the catalogue's
(generation, revision) in one query. When the revision has moved, the worker asks
`IndexChange` which cases changed since its own revision and recomputes their bits
only (`FacetIndex.updated`), in a copy that is swapped in. When the generation has
moved (a vocabulary changed, or `search_index rebuild` ran), a new index is built in
a background thread while requests are answered from the current one, then swapped
in. Only a worker's first request waits for a build, and not for long: each full build
is written to a snapshot file (`OPSI_FACET_SNAPSHOTS`), which a starting worker loads
and catches up from its revision instead of building its own.
"""

import copy
import hashlib
import logging
import os
import pickle
import threading
import time
import zlib
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter, OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import translation

from . import search
from .models import CatalogueRevision, IndexChange, Innovation
from .registry import FacetGroup, facet_groups

logger = logging.getLogger("innovations.facets")
TEXT_CACHE = 64
REPLAY_CHUNK = 2000  # cases read at a time when catching up (a bound on query parameters)
# Tests build synchronously: a thread of their own cannot see their transaction.
REBUILD_IN_BACKGROUND = True
stats: Counter = Counter()
ROW = ("pk", "published_at", "created_at", "year_launched", "title", "updated_at")


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


def _bitmap(positions, size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def newest_positions(bits: int, offset: int = 0, limit: int | None = None) -> list[int]:
    """The set bits from the top (the newest case) down, from the offset-th, at most limit."""
    text = bin(bits)[2:] if bits else ""
    top = len(text) - 1
    found, start, seen = [], 0, 0
    while limit is None or len(found) < limit:
        start = text.find("1", start)
        if start < 0:
            break
        if seen >= offset:
            found.append(top - start)
        seen += 1
        start += 1
    return found


def _ts(value) -> float:
    """A datetime as the driver gives it (datetime, or ISO text on SQLite), in seconds."""
    if value is None:
        return float("-inf")
    if isinstance(value, str):
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.timestamp()


def _key(row) -> tuple:
    """A case's place in publication order (as `InnovationQuerySet.newest`, reversed)."""
    return (_ts(row[1]), _ts(row[2]), row[0])


def _clear_bit(bits: int, p: int) -> int:
    return bits & ~(1 << p) if bits >> p & 1 else bits


def _version(updated_at) -> int:
    """A short, stable version of a case (the same in every worker, unlike hash())."""
    return zlib.crc32(str(updated_at).encode())


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
    titles: list[str]  # slot -> case-folded title
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
        years_of, versions, titles = array("H"), array("L"), []
        for row in _raw(_cases()):
            ids.append(row[0])
            pub.append(_ts(row[1]))
            created.append(_ts(row[2]))
            years_of.append(row[3] or 0)
            titles.append(row[4].casefold())
            versions.append(_version(row[5]))
        size = len(ids)
        slot_of = array("i", [-1]) * ((max(ids) + 1) if size else 1)
        for n, pk in enumerate(ids):
            slot_of[pk] = n
        limit = len(slot_of)
        options: dict[str, dict[str, int]] = {}
        for group in facet_groups:
            members: dict[str, list[int]] = {}
            for pk, value in _raw(group.memberships()):
                if pk < limit and slot_of[pk] >= 0:
                    members.setdefault(str(value), []).append(slot_of[pk])
            options[group.key] = {v: _bitmap(ps, size) for v, ps in members.items()}
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
            years={y: _bitmap(ps, size) for y, ps in by_year.items()},
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
            setattr(new, name, getattr(self, name)[:])
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
            if row is not None and _key(row) != self._key(p):
                self.slot_of[pk] = -1  # its place in publication order moved: a hole here
                p = None
        if row is None:
            return
        if p is None:
            p = self._slot(pk, _key(row))
        bit = 1 << p
        self.titles[p], self.years_of[p] = row[4].casefold(), row[3] or 0
        self.versions[p], self.live[p] = _version(row[5]), 1
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
                values[value] = _clear_bit(bits, p)
        for year, bits in self.years.items():
            self.years[year] = _clear_bit(bits, p)
        self.everything = _clear_bit(self.everything, p)
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
        """Each group's (value, label) options, in the active language."""
        language = translation.get_language()
        found = self.labels.get(language)
        if found is None:
            found = {group.key: group.choices() for group in facet_groups}
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

    def of_ids(self, ids: list[int]) -> int:
        slot_of, known = self.slot_of, len(self.slot_of)
        slots = [slot_of[pk] for pk in ids if pk < known]
        return _bitmap([p for p in slots if p >= 0], len(self.ids)) & self.everything

    def newest(self, bits: int, offset: int = 0, limit: int | None = None) -> list[int]:
        """Ids of the cases in `bits`, newest first."""
        return [self.ids[p] for p in newest_positions(bits, offset, limit)]

    def text(self, query: str, search: Callable[[str], list[int]]) -> int:
        """The bitmap of a text query's matches, remembered until the catalogue changes
        (paging and ticking filters repeat the same words)."""
        return _remembered(self.texts, query, lambda: self.of_ids(search(query)))

    def ranked(self, query: str, bits: int, stop: int, rank: Callable) -> list[int]:
        """The first `stop` ids of these results of a text query, by relevance, remembered
        until the catalogue changes: `rank(query, ids)` orders the newest RANK_AMONG
        results (those it scores); the others follow, newest first."""

        def ranked() -> list[int]:
            best = rank(query, self.newest(bits, 0, search.RANK_AMONG))
            if len(best) < stop:
                taken = set(best)
                rest = self.newest(bits, 0, stop + len(best))
                best += [pk for pk in rest if pk not in taken]
            return best[:stop]

        return _remembered(self.ranks, (query, hash(bits), stop), ranked)

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


def _remembered(store: OrderedDict, key, compute: Callable):
    """A value from a bounded, least-recently-used store, computed when missing."""
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = compute()
    with _lock:
        store[key] = value
        if len(store) > TEXT_CACHE:
            store.popitem(last=False)
    return value


_lock = threading.RLock()
_build_lock = threading.Lock()
_current: FacetIndex | None = None
_building: threading.Thread | None = None


_pinned = threading.local()


@contextmanager
def pinned(index: FacetIndex):
    """Answer `current_index()` with this index in this thread (one request's worth)."""
    _pinned.index = index
    try:
        yield index
    finally:
        _pinned.index = None


def current_index() -> FacetIndex:
    """This worker's index, brought up to the committed catalogue (one query when
    nothing changed; a few small ones for the cases that did)."""
    index = getattr(_pinned, "index", None)
    if index is not None:
        return index
    generation, revision = CatalogueRevision.current()
    index = _current
    if (
        index is None
        or revision < index.revision
        or (generation != index.generation and not REBUILD_IN_BACKGROUND)
    ):
        return _build_now(generation, revision)
    if generation != index.generation:
        # Until the new index is in, answer from this one; but its remembered text
        # matches may name terms that the full-text index no longer has.
        index.texts.clear()
        index.ranks.clear()
        _build_in_background()
    if revision != index.revision:
        index = _catch_up(index)
    return index


def _swap(index: FacetIndex) -> None:
    global _current
    _current = index


def _build_now(generation: int, revision: int) -> FacetIndex:
    with _build_lock:
        index = _current
        if index is None or (index.generation, index.revision) != (generation, revision):
            index = _load_snapshot(generation, revision) or _save_snapshot(FacetIndex.build())
            index = index.replayed()
            _swap(index)
        return index


# -- snapshots: a starting worker loads the last full build instead of making its own ----


def _snapshot_path() -> Path | None:
    folder = settings.OPSI_FACET_SNAPSHOTS
    if not folder:
        return None
    db = connection.settings_dict
    identity = f"{connection.vendor}:{db['HOST']}:{db['PORT']}:{db['NAME']}"
    return Path(folder) / f"facets-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.pickle"


def _save_snapshot(index: FacetIndex) -> FacetIndex:
    """Write a full build where the next worker to start will find it; returns it."""
    path = _snapshot_path()
    if path is not None:
        bare = copy.copy(index)
        bare.texts, bare.ranks = OrderedDict(), OrderedDict()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        with partial.open("wb") as file:
            pickle.dump(bare, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    return index


def _load_snapshot(generation: int, revision: int) -> FacetIndex | None:
    """The last full build of this generation, if it is not ahead of the database (it
    is then caught up with `replayed`); None if there is none or it does not fit."""
    path = _snapshot_path()
    if path is None or not path.exists():
        return None
    started = time.monotonic()
    try:
        with path.open("rb") as file:
            index = pickle.load(file)  # our own file, written by `_save_snapshot`
    except Exception:  # a partial or older file: build instead
        logger.warning("facet index: unreadable snapshot %s", path, exc_info=True)
        return None
    if not isinstance(index, FacetIndex) or index.generation != generation:
        return None
    if index.revision > revision:  # the database went back (a restore): build afresh
        return None
    stats["snapshot_loads"] += 1
    logger.info(
        "facet index: snapshot of %s cases loaded in %.2f s (generation %s, revision %s)",
        index.count(), time.monotonic() - started, generation, index.revision,
    )  # fmt: skip
    return index


def _catch_up(index: FacetIndex) -> FacetIndex:
    with _lock:
        latest = _current if _current is not None else index
        if latest.generation == index.generation and latest.revision > index.revision:
            index = latest
        new = index.replayed()
        if new is not index and (_current is None or _current.generation == new.generation):
            _swap(new)
        return new


def _build_in_background() -> None:
    global _building
    with _lock:
        if _building is not None and _building.is_alive():
            return
        _building = threading.Thread(target=_build_and_swap, name="facet-index", daemon=True)
        _building.start()


def _build_and_swap() -> None:
    try:
        index = _save_snapshot(FacetIndex.build()).replayed()
        with _lock:
            if _current is None or index.generation >= _current.generation:
                _swap(index)
    except Exception:
        logger.exception("facet index: background build failed")
    finally:
        connection.close()


def wait_for_build(timeout: float = 60) -> None:
    """Wait for a background build to finish (tests, the benchmark)."""
    building = _building
    if building is not None:
        building.join(timeout)


def forget() -> None:
    """Drop this worker's index (tests roll the database back under it)."""
    _swap(None)


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
    choices = index.choices()
    groups = []
    for group in facet_groups:
        others = base
        for key, mask in masks.items():
            if key != group.key:
                others &= mask
        chosen = set(selected.get(group.key, []))
        bitmaps = index.options.get(group.key, {})
        options = []
        for value, label in choices.get(group.key, []):
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
    text = [p for p in map(index.slot, related) if p is not None]
    own_slot = index.slot(case.pk)
    taken = 0 if own_slot is None else 1 << own_slot
    found: list[int] = []
    for layer in layers:
        bits = index.everything
        for key in layer:
            bits &= masks[key]
        bits &= ~taken
        by_text = [p for p in text if bits >> p & 1]
        newest = newest_positions(bits, 0, limit) if layer else []
        for p in dict.fromkeys([*by_text, *newest]):
            if len(found) == limit:
                return found
            found.append(index.ids[p])
            taken |= 1 << p
    return found
