"""The index table: (term, case, weight) rows, the same on SQLite and PostgreSQL.

A plain table outside the ORM (SQLite's is WITHOUT ROWID, PostgreSQL's primary key
carries the weight, so that reading a term's cases is one index range on both); this
module is the only code that reads or writes it. Only published cases have rows.
"""

from collections.abc import Callable, Iterable

import numpy as np
from django.db import connection, transaction

from .. import statements
from ..models import Innovation
from . import blocks
from .documents import documents

TABLE = "innovations_searchterm"
CHUNK = 1000
Progress = Callable[[int, int], None] | None


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _marks(values) -> str:
    return ",".join(["%s"] * len(values))


def index(ids: Iterable[int]) -> None:
    """Write these cases' rows: published ones in, all others out."""
    ids = sorted(set(ids))
    if not ids:
        return
    with transaction.atomic():
        remove(ids)
        _write(ids)


def _write(ids: list[int]) -> None:
    """Insert the rows of these cases (the published ones), which hold none yet."""
    for chunk in _chunks(ids, CHUNK):
        rows = [
            (term, pk, weight)
            for pk, terms in documents(chunk).items()
            for term, weight in sorted(terms.items())
        ]
        _insert(rows)


def _insert(rows: list[tuple[str, int, int]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > 1000:
            # COPY: a rebuild writes millions of rows, ten times faster than INSERTs.
            with cursor.copy(f"COPY {TABLE} (term, case_id, weight) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {TABLE} (term, case_id, weight) VALUES (%s, %s, %s)", rows)


def remove(ids: Iterable[int]) -> None:
    """Take these cases out of the index."""
    ids = list(ids)
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(f"DELETE FROM {TABLE} WHERE case_id IN ({_marks(chunk)})", chunk)
    blocks.mark_dirty(ids)  # their rows changed: a block must not be read for them


def _published_ids() -> list[int]:
    return list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))


def rebuild(progress: Progress = None) -> int:
    """Re-index every case; returns how many published cases are searchable."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    blocks.clear()
    ids = _published_ids()
    for start in range(0, len(ids), CHUNK):
        _write(ids[start : start + CHUNK])  # every row is gone: nothing to remove first
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    blocks.build(TABLE)
    return len(ids)


def stored(ids: list[int]) -> dict[int, dict[str, int]]:
    """The rows the index holds for these cases, by case id."""
    found: dict[int, dict[str, int]] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(
                f"SELECT case_id, term, weight FROM {TABLE} WHERE case_id IN ({_marks(chunk)})",
                chunk,
            )
            for pk, term, weight in cursor.fetchall():
                found.setdefault(pk, {})[term] = weight
    return found


def verify(progress: Progress = None) -> list[str]:
    """Every difference between the index and a fresh rebuild, one line each."""
    ids = _published_ids()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT case_id FROM {TABLE}")
        indexed = {row[0] for row in cursor.fetchall()}
    drift = [f"case {pk}: published but not in the index" for pk in ids if pk not in indexed]
    drift += [f"case {pk}: in the index but not published" for pk in sorted(indexed - set(ids))]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fresh, held = documents(chunk), stored(chunk)
        drift += [
            f"case {pk}: its indexed text is out of date"
            for pk in chunk
            if pk in indexed and held.get(pk) != fresh.get(pk)
        ]
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return drift + blocks.drift(TABLE)


def prune() -> None:
    """Drop rows whose case is gone or no longer published (after a flush, say)."""
    gone = f"{TABLE} WHERE case_id NOT IN (SELECT id FROM innovations_innovation WHERE state = %s)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT case_id FROM {gone}", [Innovation.State.PUBLISHED])
        stale = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DELETE FROM {gone}", [Innovation.State.PUBLISHED])
    blocks.mark_dirty(stale)


def is_empty(using: str = "default") -> bool:
    """True if the index holds no row at all."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        return cursor.fetchone() is None


def postings(terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each term, the ids of the cases holding it and its weight in each (two
    arrays; terms held by none are left out). One query, whatever the number of terms:
    the blocks of the common terms, the rows of the others, the rows of the cases
    written since the blocks were packed, and those cases' ids (`blocks`)."""
    if not terms:
        return {}
    marks = _marks(terms)
    wanted = f"SELECT column1 FROM (VALUES {', '.join(['(%s)'] * len(terms))}) AS v"
    packed = f"SELECT term FROM {blocks.BLOCKS} WHERE term IN ({marks})"
    sql = (
        f"SELECT 0, term, NULL, NULL, ids, weights FROM {blocks.BLOCKS} WHERE term IN ({marks}) "
        f"UNION ALL SELECT 1, t.term, t.case_id, t.weight, NULL, NULL FROM {TABLE} t "
        f"WHERE t.term IN ({wanted} WHERE column1 NOT IN ({packed})) "
        # Each (packed term, written case) pair is looked up by the primary key: joined
        # by case, PostgreSQL read every row of the packed terms (tens of thousands) to
        # keep a few, 20 ms a query with 9 cases written.
        f"UNION ALL SELECT 1, t.term, t.case_id, t.weight, NULL, NULL FROM {TABLE} t "
        f"WHERE (t.term, t.case_id) IN (SELECT b.term, d.case_id FROM {blocks.BLOCKS} b "
        f"CROSS JOIN {blocks.DIRTY} d WHERE b.term IN ({marks})) "
        f"UNION ALL SELECT 2, NULL, case_id, NULL, NULL, NULL FROM {blocks.DIRTY}"
    )
    with statements.cursor(connection, binary=True) as cursor:
        cursor.execute(sql, [*terms, *terms, *terms, *terms])
        rows = cursor.fetchall()
    packs: dict[str, tuple[bytes, bytes]] = {}
    held: dict[str, tuple[list[int], list[int]]] = {}
    dirty: list[int] = []
    for kind, term, pk, weight, ids, weights in rows:
        if kind == 1:
            ids_of, weights_of = held.setdefault(term, ([], []))
            ids_of.append(pk)
            weights_of.append(weight)
        elif kind == 0:
            packs[term] = (ids, weights)
        else:
            dirty.append(pk)
    found = {
        term: (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.int64))
        for term, (ids, weights) in held.items()
    }
    return blocks.overlay(found, packs, dirty) if packs else found


def known(terms: list[str]) -> dict[str, int]:
    """How many cases hold each of these terms (those held by none are left out)."""
    if not terms:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, COUNT(*) FROM {TABLE} WHERE term IN ({_marks(terms)}) GROUP BY term",
            terms,
        )
        return dict(cursor.fetchall())


def starting(prefix: str, limit: int = 5) -> list[str]:
    """The most common terms that start with this prefix (at most `limit`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, COUNT(*) AS n FROM {TABLE} WHERE term >= %s AND term < %s "
            "AND term NOT LIKE %s GROUP BY term ORDER BY n DESC, term LIMIT %s",
            [prefix, prefix + "\uffff", "% %", limit],
        )
        return [row[0] for row in cursor.fetchall()]
