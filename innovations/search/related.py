"""Cases that share a text's distinctive words: similar cases and possible duplicates.

The text's first WORDS_READ longer words are looked up, at most RARE rows each; of those
held by fewer than RARE cases, the WORDS rarest count. So the cost is bounded however
common the text's words are.
"""

import math
from collections import defaultdict

from django.db import connection

from .analysis import english_terms
from .blocks import BLOCKS, DIRTY, ID
from .documents import SCALE
from .store import TABLE

RARE = 1000
WORDS = 8
WORDS_READ = 12


def related(text: str, limit: int = 100) -> list[int]:
    """Ids of published cases sharing the text's rarer words, best first (one query: at
    most RARE rows of each word are read, and a word with that many is left out)."""
    terms = list(dict.fromkeys(t for t in english_terms(text) if len(t) > 3))[:WORDS_READ]
    if not terms:
        return []
    # A word whose block holds RARE cases or more, even without every case written
    # since it was packed, has that many rows: it is read with LIMIT 0 instead of its
    # RARE rows (a case page's title and summary hold a few such words). In LIMIT, the
    # test is made once; in WHERE, SQLite made it for every row of the word.
    rows_of = (
        f"(SELECT CASE WHEN EXISTS (SELECT 1 FROM {BLOCKS} WHERE term = %s "
        f"AND length(ids) / {ID.itemsize} - (SELECT COUNT(*) FROM {DIRTY}) >= {RARE}) "
        f"THEN 0 ELSE {RARE} END)"
    )
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT term, case_id, weight FROM {TABLE} WHERE term = %s "
        f"LIMIT {rows_of}) AS t{n}"
        for n in range(len(terms))
    )
    held: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(parts, [word for term in terms for word in (term, term)])
        for term, pk, weight in cursor.fetchall():
            held[term].append((pk, weight))
    rare = sorted((t for t in held if len(held[t]) < RARE), key=lambda t: (len(held[t]), t))
    scores: dict[int, float] = defaultdict(float)
    for term in rare[:WORDS]:
        idf = math.log(1 + RARE / len(held[term]))
        for pk, weight in held[term]:
            scores[pk] += idf * weight / SCALE
    return sorted(scores, key=lambda pk: (-round(scores[pk], 9), -pk))[:limit]
