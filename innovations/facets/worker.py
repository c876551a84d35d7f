"""A worker's current facet index: kept up to the committed catalogue, built in the
background when the vocabularies change, loaded from a snapshot when the worker starts.
"""

import copy
import ctypes
import ctypes.util
import gc
import itertools
import os
import pickle
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.signals import request_finished
from django.db import connection
from django.dispatch import receiver

from .. import derived
from ..models import CatalogueRevision
from .index import FacetIndex, lock, logger, stats

# Tests build synchronously: a thread of their own cannot see their transaction.
REBUILD_IN_BACKGROUND = True
_build_lock = threading.Lock()
_current: FacetIndex | None = None
_building: threading.Thread | None = None
_libc = ctypes.CDLL(ctypes.util.find_library("c"))
_requests = itertools.count(1)
TRIM_EVERY = 100
_replaced = False  # an index was swapped out since the last trim
_frozen = False  # what the worker had made by the end of its first request


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
        # matches may name terms that the full-text index no longer has. Cleared under
        # their lock, which readers of them take too.
        with lock:
            index.texts.clear()
            index.ranks.clear()
        _build_in_background()
    if revision != index.revision:
        index = _catch_up(index)
    return index


def _swap(index: FacetIndex) -> None:
    global _current, _replaced
    _replaced = _replaced or (_current is not None and index is not _current)
    _current = index


def _build_now(generation: int, revision: int) -> FacetIndex:
    with _build_lock:
        index = _current
        if index is None or (index.generation, index.revision) != (generation, revision):
            index = _load_snapshot(generation, revision) or _save_snapshot(FacetIndex.build())
            index = index.replayed()
            _swap(index)
            release_memory()
        return index


@receiver(request_finished)
def _now_and_then(**kwargs) -> None:
    """Every TRIM_EVERY requests, and after a request that replaced the index (a write
    caught up with), free what earlier requests left and give the memory back.

    A page's template context is a reference cycle (Django's `ContextDict` points back
    to its `Context`), so what a page held (its question and answer, the cards, the
    rendered options, and through them the index it was answered from) is freed only
    by the cyclic collector, whose full passes are rare: measured at 100,000 cases,
    a worker kept three or four replaced indexes (5-10 MB each) alive that way. A full
    collection here frees them; it scans only what was made since the worker's first
    request, everything before (modules, templates, the first index) being frozen then
    (`gc.freeze`): ~3 ms instead of 30-50. Then the C library is asked to give the freed
    memory back (remembered text answers come and go, tens of thousands of matches
    each; a trim takes about half a millisecond)."""
    global _replaced, _frozen
    if next(_requests) % TRIM_EVERY == 0 or _replaced or not _frozen:
        _replaced = False
        gc.collect()
        if not _frozen:
            gc.freeze()
            _frozen = True
        release_memory()


def release_memory() -> None:
    """Give the system back the memory a full build or a snapshot's load freed: the C
    library keeps it for reuse otherwise, and a build reads its rows only once (tens of
    megabytes at 100,000 cases). Only where the C library can (glibc's malloc_trim)."""
    trim = getattr(_libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


# -- snapshots: a starting worker loads the last full build instead of making its own ----


def _snapshot_path(generation: int) -> Path | None:
    """Where this catalogue's full build of this generation is kept: named by the
    catalogue's snapshot id (renewed by a restore and a flush), the release and the
    generation (`innovations.derived.snapshot_name`), not by the database's address."""
    folder = settings.OPSI_FACET_SNAPSHOTS
    name = derived.snapshot_name(generation) if folder else None
    return Path(folder) / name if name else None


def _save_snapshot(index: FacetIndex) -> FacetIndex:
    """Write a full build where the next worker to start will find it; returns it as
    read back from that snapshot: a compact copy, where the build's own objects lie
    scattered among the rows it read, which then cannot be given back to the system."""
    bare = copy.copy(index)
    bare.texts, bare.ranks = OrderedDict(), OrderedDict()
    data = pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL)
    path = _snapshot_path(index.generation)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        partial.write_bytes(data)
        os.replace(partial, path)
        _remove_older(path)
    del bare, index
    return pickle.loads(data)  # our own bytes, just written


def write_snapshot() -> FacetIndex | None:
    """A full build of the committed catalogue, kept where starting workers load it
    (`manage.py search_index facets`, a deploy step before the app servers start: their
    first request then loads it instead of building); None when there is no file to
    write: snapshots are off, or nothing was ever published (no revision row names it)."""
    if _snapshot_path(CatalogueRevision.current()[0]) is None:
        return None
    return _save_snapshot(FacetIndex.build())


def _remove_older(path: Path) -> None:
    """Drop this catalogue's snapshots of other generations or releases."""
    catalogue = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{catalogue}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def _load_snapshot(generation: int, revision: int) -> FacetIndex | None:
    """The last full build of this generation, if it is not ahead of the database (it
    is then caught up with `replayed`); None if there is none or it does not fit."""
    path = _snapshot_path(generation)
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
    with lock:
        latest = _current if _current is not None else index
        if latest.generation == index.generation and latest.revision > index.revision:
            index = latest
        new = index.replayed()
        if new is not index and (_current is None or _current.generation == new.generation):
            _swap(new)
        return new


def _build_in_background() -> None:
    global _building
    with lock:
        if _building is not None and _building.is_alive():
            return
        _building = threading.Thread(target=_build_and_swap, name="facet-index", daemon=True)
        _building.start()


def _build_and_swap() -> None:
    try:
        index = _save_snapshot(FacetIndex.build()).replayed()
        with lock:
            if _current is None or index.generation >= _current.generation:
                _swap(index)
        release_memory()
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
