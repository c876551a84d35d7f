"""Full-text search over published cases: one seam, two engines.

SQLite uses an FTS5 table (porter stemming, diacritics removed, BM25 ranking);
PostgreSQL uses a tsvector table with a GIN index (english stemming, ts_rank_cd).
Text is lower-cased and stripped of accents in Python before it reaches either
engine, so "Sao Paulo" finds "São Paulo" on both without the unaccent extension.
Only published cases are ever written to the index.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection, transaction

from .models import Innovation

TABLE = "innovations_search"
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, accent-free text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_words(text: str) -> str:
    """Normalised text as space-separated words, so that both engines see the same
    tokens as a query does (PostgreSQL would otherwise keep "gov.uk" as one host name)."""
    return " ".join(WORD.findall(normalise(text)))


def terms(query: str) -> list[str]:
    """The words of a query, normalised, at most MAX_TERMS of them."""
    return WORD.findall(normalise(query.replace("\x00", " ")))[:MAX_TERMS]


def _documents(ids: Iterable[int]) -> list[tuple[int, str, str, str, str]]:
    cases = (
        Innovation.objects.published()
        .filter(pk__in=list(ids))
        .prefetch_related("sectors", "approaches", "enabling_factors", "country_links")
    )
    rows = []
    for case in cases:
        tags = [t.name for t in case.sectors.all()]
        tags += [t.name for t in case.approaches.all()]
        tags += [t.name for t in case.enabling_factors.all()]
        tags += [str(c.name) for c in case.countries]
        body = " ".join(
            [
                case.description,
                case.innovative,
                case.results,
                case.challenges,
                case.lead_organisation,
                case.partners,
            ]
        )
        rows.append(
            (
                case.pk,
                plain_words(case.title),
                plain_words(case.summary),
                plain_words(body),
                plain_words(" ".join(tags)),
            )
        )
    return rows


def index(ids: Iterable[int]) -> None:
    """Write the documents of these cases: published ones in, all others out."""
    ids = list(ids)
    if not ids:
        return
    documents = _documents(ids)
    with transaction.atomic(), connection.cursor() as cursor:
        remove(ids)
        if connection.vendor == "sqlite":
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, title, summary, body, tags) "
                "VALUES (%s, %s, %s, %s, %s)",
                documents,
            )
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} (innovation_id, document) VALUES (%s, "
                "setweight(to_tsvector('english', %s), 'A') || "
                "setweight(to_tsvector('english', %s), 'B') || "
                "setweight(to_tsvector('english', %s), 'C') || "
                "setweight(to_tsvector('english', %s), 'B'))",
                documents,
            )


def rebuild() -> int:
    """Re-index every case; returns how many published cases are searchable."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    ids = list(Innovation.objects.published().values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        index(ids[start : start + 2000])
    return len(ids)


def matches(query: str) -> list[int]:
    """Ids of published cases matching every word of the query, best first."""
    return _ranked(terms(query), every_word=True)


def related(text: str, limit: int = 100) -> list[int]:
    """Ids of published cases sharing any of the text's longer words, best first."""
    words = list(dict.fromkeys(w for w in terms(text) if len(w) > 3))[:8]
    return _ranked(words, every_word=False, limit=limit)


def _ranked(words: list[str], *, every_word: bool, limit: int | None = None) -> list[int]:
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            quoted = ['"' + w.replace('"', '""') + '"' for w in words]
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
                f"ORDER BY bm25({TABLE}, 10.0, 4.0, 1.0, 4.0), rowid DESC LIMIT %s",
                [(" " if every_word else " OR ").join(quoted), limit or -1],
            )
        else:
            cursor.execute(
                f"SELECT innovation_id FROM {TABLE}, to_tsquery('english', %s) AS query "
                "WHERE document @@ query ORDER BY ts_rank_cd(document, query) DESC, "
                "innovation_id DESC LIMIT %s",
                [(" & " if every_word else " | ").join(words), limit],
            )
        return [row[0] for row in cursor.fetchall()]


def remove(ids: Iterable[int]) -> None:
    """Take these cases out of the index."""
    ids = list(ids)
    key = "rowid" if connection.vendor == "sqlite" else "innovation_id"
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE {key} IN ({','.join(['%s'] * len(chunk))})", chunk
            )


def prune() -> None:
    """Drop index rows whose case is gone or no longer published (after a flush, say)."""
    key = "rowid" if connection.vendor == "sqlite" else "innovation_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {key} NOT IN "
            "(SELECT id FROM innovations_innovation WHERE state = %s)",
            [Innovation.State.PUBLISHED],
        )
