"""Full-text search over published cases: one seam, two engines.

SQLite uses an FTS5 table (porter stemming, diacritics removed, BM25 ranking);
PostgreSQL uses a tsvector table with a GIN index (english stemming, ts_rank_cd).
A case's tags are indexed by their English and French names, so that a query in
either language finds it (the case's own texts stay in the language they were written
in). Text is lower-cased and stripped of accents in Python before it reaches either
engine, so "Sao Paulo" finds "São Paulo" on both without the unaccent extension.
Only published cases are ever written to the index, and only `innovations.indexing`
(called by the services in the writer's transaction) writes it.

A query is answered in two steps, so that the first time a query is asked costs no
more than its page: `matching()` gives the ids of every match, unranked (cheap on both
engines: an FTS5 lookup, a GIN index scan), for the facet counts; `ranked()` orders
only the newest results that the filters leave (`RANK_AMONG`).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import translation

from .models import Innovation
from .registry import case_parts

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


def _country_names(countries) -> list[str]:
    """Country names in English and in French, whatever the request's language (a case
    published from a French page must be indexed as from an English one)."""
    names = []
    for language in ("en", "fr"):
        with translation.override(language):
            names += [str(country.name) for country in countries]
    return names


def _documents(ids: Iterable[int]) -> list[tuple[int, str, str, str, str]]:
    ids = list(ids)
    cases = (
        Innovation.objects.published()
        .filter(pk__in=ids)
        .prefetch_related("sectors", "approaches", "enabling_factors", "country_links")
    )
    extras = [part.index_text(ids) for part in case_parts.values()]
    rows = []
    for case in cases:
        terms = [*case.sectors.all(), *case.approaches.all(), *case.enabling_factors.all()]
        tags = [f"{t.name} {t.name_fr}" for t in terms]
        tags += _country_names(case.countries)
        tags += [extra.get(case.pk, "") for extra in extras]
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


def _indexed_ids() -> set[int]:
    key = "rowid" if connection.vendor == "sqlite" else "innovation_id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key} FROM {TABLE}")
        return {row[0] for row in cursor.fetchall()}


def _published_ids() -> list[int]:
    return list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))


CHUNK = 2000


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every case; returns how many published cases are searchable."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    ids = _published_ids()
    for start in range(0, len(ids), CHUNK):
        index(ids[start : start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return len(ids)


def verify(progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Every difference between the index and a fresh rebuild, one line each."""
    ids = _published_ids()
    indexed = _indexed_ids()
    drift = [f"case {pk}: published but not in the index" for pk in ids if pk not in indexed]
    published = set(ids)
    drift += [f"case {pk}: in the index but not published" for pk in sorted(indexed - published)]
    present = [pk for pk in ids if pk in indexed]
    for start in range(0, len(present), CHUNK):
        documents = _documents(present[start : start + CHUNK])
        drift += [f"case {pk}: its indexed text is out of date" for pk in _stale(documents)]
        if progress:
            progress(min(start + CHUNK, len(present)), len(present))
    return drift


def _stale(documents: list[tuple]) -> list[int]:
    """The cases whose stored document differs from these fresh ones."""
    if not documents:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fresh = {row[0]: row[1:] for row in documents}
            marks = ",".join(["%s"] * len(fresh))
            cursor.execute(
                f"SELECT rowid, title, summary, body, tags FROM {TABLE} WHERE rowid IN ({marks})",
                list(fresh),
            )
            return sorted(pk for pk, *stored in cursor.fetchall() if tuple(stored) != fresh[pk])
        rows = ",".join(["(%s::bigint, %s, %s, %s, %s)"] * len(documents))
        cursor.execute(
            f"SELECT s.innovation_id FROM {TABLE} s JOIN (VALUES {rows}) AS d(id, t, su, b, tg) "
            "ON s.innovation_id = d.id WHERE s.document IS DISTINCT FROM ("
            "setweight(to_tsvector('english', d.t), 'A') || "
            "setweight(to_tsvector('english', d.su), 'B') || "
            "setweight(to_tsvector('english', d.b), 'C') || "
            "setweight(to_tsvector('english', d.tg), 'B')) ORDER BY 1",
            [value for row in documents for value in row],
        )
        return [row[0] for row in cursor.fetchall()]


# PostgreSQL: the query as a subquery, so that the planner cannot see how common its
# words are: for a word in most cases it would read every row and its TOASTed tsvector
# (1.7 s at 100,000 cases) where the GIN index answers in 20 ms.
PG_QUERY = "(SELECT to_tsquery('english', %s))"


def matching(query: str) -> list[int]:
    """Ids of published cases matching every word of the query, unranked (as one
    aggregated value: a common word matches most cases, and rows cost more)."""
    words = terms(query)
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT group_concat(rowid) FROM {TABLE} WHERE {TABLE} MATCH %s", [_fts(words)]
            )
            found = cursor.fetchone()[0]
            return list(map(int, found.split(","))) if found else []
        cursor.execute(
            f"SELECT array_agg(innovation_id) FROM {TABLE} WHERE document @@ {PG_QUERY}",
            [_tsquery(words)],
        )
        return cursor.fetchone()[0] or []


# Relevance orders the newest RANK_AMONG results of a query (what the filters leave of
# its matches); any others follow, newest first. On SQLite, whose FTS5 cannot look up a
# list of rows cheaply, they are found by reading at most SCAN_AT_MOST matches, newest
# first, with their BM25 scores. So a first query costs its matches (for the counts)
# and a bounded ranking, however common its words.
RANK_AMONG = 500
SCAN_AT_MOST = 10_000
BM25 = f"bm25({TABLE}, 10.0, 4.0, 1.0, 4.0)"


def ranked(query: str, among: list[int]) -> list[int]:
    """Those of `among` (ids of results) that the engine ranks, best first."""
    words = terms(query)
    if not words or not among:
        return []
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute(
                f"SELECT innovation_id FROM {TABLE}, {PG_QUERY} AS query(q) "
                "WHERE innovation_id = ANY(%s) AND document @@ q "
                "ORDER BY ts_rank_cd(document, q) DESC, innovation_id DESC",
                [_tsquery(words), among],
            )
            return [row[0] for row in cursor.fetchall()]
        wanted, scored = set(among), []
        cursor.execute(
            f"SELECT rowid, {BM25} FROM {TABLE} WHERE {TABLE} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s",
            [_fts(words), SCAN_AT_MOST],
        )
        while len(scored) < len(wanted) and (rows := cursor.fetchmany(2000)):
            scored += [(score, -pk) for pk, score in rows if pk in wanted]
    scored.sort()
    return [-pk for _score, pk in scored]


def matches(query: str) -> list[int]:
    """Ids of every published case matching every word of the query, best first."""
    return _best(terms(query), every_word=True, limit=None, among_newest=None)


# Similar cases are looked for among the newest RELATED_AMONG cases sharing a word.
RELATED_AMONG = 500


def related(text: str, limit: int = 100) -> list[int]:
    """Ids of published cases sharing any of the text's longer words, best first (among
    the newest RELATED_AMONG of them: common words are shared by most cases)."""
    words = list(dict.fromkeys(w for w in terms(text) if len(w) > 3))[:8]
    return _best(words, every_word=False, limit=limit, among_newest=RELATED_AMONG)


def _fts(words: list[str], every_word: bool = True) -> str:
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    return (" " if every_word else " OR ").join(quoted)


def _tsquery(words: list[str], every_word: bool = True) -> str:
    return (" & " if every_word else " | ").join(words)


def _best(
    words: list[str], *, every_word: bool, limit: int | None, among_newest: int | None
) -> list[int]:
    """Ids of the best matches (of the newest `among_newest` matches, if given)."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM (SELECT rowid, {BM25} AS score FROM {TABLE} "
                f"WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s) "
                "ORDER BY score, rowid DESC LIMIT %s",
                [_fts(words, every_word), among_newest or -1, limit or -1],
            )
        else:
            query = _tsquery(words, every_word)
            cursor.execute(
                "SELECT innovation_id FROM (SELECT innovation_id, document "
                f"FROM {TABLE} WHERE document @@ {PG_QUERY} "
                "ORDER BY innovation_id DESC LIMIT %s) AS newest "
                "ORDER BY ts_rank_cd(document, to_tsquery('english', %s)) DESC, "
                "innovation_id DESC LIMIT %s",
                [query, among_newest, query, limit],
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
