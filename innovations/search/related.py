"""Cases that share a text's distinctive words: similar cases and possible duplicates.

Only words that at most RARE cases hold are looked up (at most WORDS of them, the rarest
first), so the cost is bounded however common the text's words are.
"""

import math
from collections import defaultdict

from django.db import connection

from .analysis import english_terms
from .documents import SCALE
from .store import TABLE

RARE = 2000
WORDS = 8


def _counts(terms: list[str]) -> dict[str, int]:
    """How many cases hold each term, counted up to RARE (one query)."""
    if not terms:
        return {}
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT term FROM {TABLE} WHERE term = %s LIMIT {RARE}) AS t{n}"
        for n in range(len(terms))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, COUNT(*) FROM ({parts}) AS held GROUP BY term", terms)
        return dict(cursor.fetchall())


def related(text: str, limit: int = 100) -> list[int]:
    """Ids of published cases sharing the text's rarer words, best first."""
    terms = list(dict.fromkeys(t for t in english_terms(text) if len(t) > 3))[:16]
    counts = {t: n for t, n in _counts(terms).items() if 0 < n < RARE}
    chosen = sorted(counts, key=lambda t: (counts[t], t))[:WORDS]
    if not chosen:
        return []
    scores: dict[int, float] = defaultdict(float)
    with connection.cursor() as cursor:
        marks = ",".join(["%s"] * len(chosen))
        cursor.execute(f"SELECT term, case_id, weight FROM {TABLE} WHERE term IN ({marks})", chosen)
        for term, pk, weight in cursor.fetchall():
            scores[pk] += math.log(1 + RARE / counts[term]) * weight / SCALE
    return sorted(scores, key=lambda pk: (-round(scores[pk], 9), -pk))[:limit]
