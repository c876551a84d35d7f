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

from . import worker
from .bits import in_order
from .counting import GroupCounts, Option, count, similar
from .index import FacetIndex, newest_positions, stats
from .worker import current_index, forget, pinned, wait_for_build, write_snapshot

__all__ = [
    "FacetIndex",
    "GroupCounts",
    "Option",
    "count",
    "current_index",
    "forget",
    "in_order",
    "newest_positions",
    "pinned",
    "similar",
    "stats",
    "wait_for_build",
    "write_snapshot",
    "worker",
]
