"""Packed postings for the common terms: a term's cases and weights as two arrays, one row.

A term held by tens of thousands of cases would otherwise be read as that many rows at
every search. When the index is rebuilt (or compacted), each term held by at least
BLOCK_MIN cases gets a block: its case ids (int32) and weights (uint16), packed in one
row of `innovations_searchblock`. The term rows of `store` stay the truth and are written
as before; every case written since a block was made is listed in
`innovations_searchdirty`, and a block is always read with those cases taken out and
their current rows put in (`store.postings`, in the same statement). So a search gives
the same answer with blocks, without them, or with any number of dirty cases, and a
compaction only makes reading cheaper again.

A compaction merges the dirty cases' rows into the blocks, one term at a time (short
transactions: writers are never held up for long), then forgets exactly the dirty
entries it read: a case written again meanwhile has a new token and stays dirty. It is
queued after a write that leaves COMPACT_AT or more dirty cases.
"""

import logging
import secrets
from collections.abc import Iterable

import numpy as np
from django.db import connection, transaction
from django.tasks import task

logger = logging.getLogger("innovations.search")
BLOCKS = "innovations_searchblock"
DIRTY = "innovations_searchdirty"
# A term in at least this many cases is packed. At 100,000 cases a cold text query took
# 6.8 ms with 2,000 (its rarer terms read as thousands of rows), 3.8 ms with 500, 3.7 with
# 100; 500 adds a sixth to the blocks.
BLOCK_MIN = 500
COMPACT_AT = 500  # dirty cases that make a compaction worth queueing
REPACK_AT = 5000  # dirty cases past which packing afresh is cheaper than merging
ID = np.dtype("<i4")
WEIGHT = np.dtype("<u2")


def pack(ids: np.ndarray, weights: np.ndarray) -> tuple[bytes, bytes]:
    return ids.astype(ID).tobytes(), weights.astype(WEIGHT).tobytes()


def unpack(ids: bytes, weights: bytes) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.frombuffer(bytes(ids), dtype=ID).astype(np.int64),
        np.frombuffer(bytes(weights), dtype=WEIGHT).astype(np.int64),
    )


def _marks(values) -> str:
    return ",".join(["%s"] * len(values))


def mark_dirty(ids: Iterable[int]) -> None:
    """These cases' rows were just written: blocks must not be read for them as packed.
    Each gets a fresh token, so a compaction already running keeps them dirty."""
    rows = [(pk, secrets.randbits(62)) for pk in sorted(set(ids))]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {DIRTY} (case_id, token) VALUES (%s, %s) "
            "ON CONFLICT (case_id) DO UPDATE SET token = excluded.token",
            rows,
        )


def dirty_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
        return cursor.fetchone()[0]


def clear() -> None:
    """No blocks and nothing dirty (a rebuild starts here)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {BLOCKS}")
        cursor.execute(f"DELETE FROM {DIRTY}")


def build(table: str) -> int:
    """Pack every term held by BLOCK_MIN cases or more, from the term rows (after a
    rebuild, in its transaction; or by a first compaction, a term at a time); returns
    how many blocks were made. A case written meanwhile is marked dirty after the
    clearing, so it is read from its rows until the next compaction."""
    clear()
    made = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {table} GROUP BY term HAVING COUNT(*) >= %s ORDER BY term",
            [BLOCK_MIN],
        )
        common = [row[0] for row in cursor.fetchall()]
        for term in common:
            cursor.execute(
                f"SELECT case_id, weight FROM {table} WHERE term = %s ORDER BY case_id", [term]
            )
            rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
            made += _write(cursor, term, rows[:, 0], rows[:, 1])
    return made


def _write(cursor, term: str, ids: np.ndarray, weights: np.ndarray) -> int:
    if len(ids) and ids.max() > np.iinfo(ID).max:
        cursor.execute(f"DELETE FROM {BLOCKS} WHERE term = %s", [term])
        return 0  # ids too large to pack: the term is read as rows
    packed = pack(ids, weights)
    cursor.execute(f"DELETE FROM {BLOCKS} WHERE term = %s", [term])
    cursor.execute(
        f"INSERT INTO {BLOCKS} (term, ids, weights) VALUES (%s, %s, %s)", [term, *packed]
    )
    return 1


def compact(table: str) -> int:
    """Merge the dirty cases' current rows into every block, then forget the dirty
    entries read at the start (not those written again since); returns how many cases
    were merged. With no block at all (an index written before blocks existed), or more
    than REPACK_AT dirty cases (a large import), pack the common terms afresh instead."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT case_id, token FROM {DIRTY}")
        seen = cursor.fetchall()
        cursor.execute(f"SELECT term FROM {BLOCKS} ORDER BY term")
        terms = [row[0] for row in cursor.fetchall()]
    if not terms or len(seen) > REPACK_AT:  # (merging reads the dirty ids as parameters)
        build(table)
        return len(seen)
    if not seen:
        return 0
    dirty = np.array(sorted(pk for pk, _ in seen), dtype=np.int64)
    for term in terms:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT ids, weights FROM {BLOCKS} WHERE term = %s", [term])
            row = cursor.fetchone()
            if row is None:
                continue
            ids, weights = unpack(*row)
            cursor.execute(
                f"SELECT case_id, weight FROM {table} WHERE term = %s "
                f"AND case_id IN ({_marks(dirty)})",
                [term, *dirty.tolist()],
            )
            fresh = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
            keep = ~np.isin(ids, dirty)
            merged_ids = np.concatenate([ids[keep], fresh[:, 0]])
            merged_weights = np.concatenate([weights[keep], fresh[:, 1]])
            order = np.argsort(merged_ids, kind="stable")
            _write(cursor, term, merged_ids[order], merged_weights[order])
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(seen), 500):
            chunk = seen[start : start + 500]
            cursor.execute(
                f"DELETE FROM {DIRTY} WHERE "
                + " OR ".join(["(case_id = %s AND token = %s)"] * len(chunk)),
                [value for pair in chunk for value in pair],
            )
    logger.info("search blocks: %d dirty cases merged into %d blocks", len(seen), len(terms))
    return len(seen)


def compact_if_due(written: int) -> None:
    """Queue a compaction when enough cases are dirty (called after a write of
    `written` cases commits): when their number reaches COMPACT_AT, and again at every
    fifth of it beyond while none has run, so that a long import queues a few
    compactions, not one a case."""
    count, step = dirty_count(), max(1, COMPACT_AT // 5)
    if count >= COMPACT_AT and count // step != (count - written) // step:
        compact_blocks.enqueue()


@task
def compact_blocks() -> int:
    from .store import TABLE

    return compact(TABLE)


def overlay(
    found: dict[str, tuple[np.ndarray, np.ndarray]],
    blocks: dict[str, tuple[bytes, bytes]],
    dirty: list[int],
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each block's postings without the dirty cases, plus those cases' current rows
    (already in `found`, read from the term rows); terms held by none left out."""
    gone = np.array(sorted(dirty), dtype=np.int64)
    for term, packed in blocks.items():
        ids, weights = unpack(*packed)
        if len(gone):
            keep = ~np.isin(ids, gone)
            ids, weights = ids[keep], weights[keep]
        if term in found:
            more_ids, more_weights = found[term]
            ids, weights = np.concatenate([ids, more_ids]), np.concatenate([weights, more_weights])
        found[term] = (ids, weights)
    return {term: held for term, held in found.items() if len(held[0])}


def drift(table: str) -> list[str]:
    """Every block that, read as a search reads it, differs from its term rows."""
    from .store import postings

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM {BLOCKS} ORDER BY term")
        terms = [row[0] for row in cursor.fetchall()]
    found = []
    for term in terms:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT case_id, weight FROM {table} WHERE term = %s", [term])
            rows = dict(cursor.fetchall())
        ids, weights = postings([term]).get(term, (np.array([]), np.array([])))
        if dict(zip(ids.tolist(), weights.tolist(), strict=True)) != rows:
            found.append(f"term {term!r}: its packed postings differ from its rows")
    return found
