"""The index table: (term, case, weight) rows, the same on SQLite and PostgreSQL.

A plain table outside the ORM (SQLite's is WITHOUT ROWID, PostgreSQL's primary key
carries the weight, so that reading a term's cases is one index range on both); this
module is the only code that reads or writes it. Only published cases have rows.
"""

from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction

from ..models import Innovation
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
    with connection.cursor() as cursor:
        for chunk in _chunks(list(ids)):
            cursor.execute(f"DELETE FROM {TABLE} WHERE case_id IN ({_marks(chunk)})", chunk)


def _published_ids() -> list[int]:
    return list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))


def rebuild(progress: Progress = None) -> int:
    """Re-index every case; returns how many published cases are searchable."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    ids = _published_ids()
    for start in range(0, len(ids), CHUNK):
        index(ids[start : start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
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
    return drift


def prune() -> None:
    """Drop rows whose case is gone or no longer published (after a flush, say)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE case_id NOT IN "
            "(SELECT id FROM innovations_innovation WHERE state = %s)",
            [Innovation.State.PUBLISHED],
        )


def is_empty(using: str = "default") -> bool:
    """True if the index holds no row at all."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        return cursor.fetchone() is None


def postings(terms: list[str]) -> dict[str, dict[int, int]]:
    """For each term, the weight in every case holding it (terms held by none are left
    out). One query, whatever the number of terms; one term's rows make its dictionary
    directly, several terms' rows come ordered by term and are cut where the term changes."""
    if not terms:
        return {}
    with connection.cursor() as cursor:
        if len(terms) == 1:
            cursor.execute(f"SELECT case_id, weight FROM {TABLE} WHERE term = %s", terms)
            rows = cursor.fetchall()
            return {terms[0]: dict(rows)} if rows else {}
        cursor.execute(
            f"SELECT term, case_id, weight FROM {TABLE} WHERE term IN ({_marks(terms)}) "
            "ORDER BY term",
            terms,
        )
        return {
            term: {case_id: weight for _, case_id, weight in rows}
            for term, rows in groupby(cursor.fetchall(), key=itemgetter(0))
        }


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
