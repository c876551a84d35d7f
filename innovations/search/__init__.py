"""Full-text search over published cases: one engine, the same answers on every database.

The index is a table of (term, case, weight) rows (`store`, with the common terms also
packed one row each: `blocks`), written from each case alone
(`documents`, with the analysis of `analysis`); a query is read as concepts with their
synonyms and translations (`query`, `lexicon`) and ranked in Python (`ranking`). SQLite
and PostgreSQL only store rows and read them back by term, so the ranking is the same on
both. Only published cases are ever written to the index, and only
`innovations.derived` (called by the services in the writer's transaction) writes it.
"""

from . import blocks
from .analysis import fold as normalise
from .analysis import words
from .query import language_of_query
from .ranking import Answer, rank
from .related import related
from .store import TABLE, index, is_empty, prune, rebuild, remove, verify

MAX_TERMS = 12
compact_if_due = blocks.compact_if_due


def compact() -> int:
    """Merge the cases written since the common terms' blocks were packed into them."""
    return blocks.compact(TABLE)


__all__ = [
    "TABLE",
    "compact",
    "compact_if_due",
    "Answer",
    "index",
    "is_empty",
    "language_of_query",
    "matches",
    "normalise",
    "plain_words",
    "prune",
    "rank",
    "rebuild",
    "related",
    "remove",
    "terms",
    "verify",
]


def terms(query: str) -> list[str]:
    """The words of a query, normalised, at most MAX_TERMS of them."""
    return [normalise(w) for w in words(query)][:MAX_TERMS]


def plain_words(text: str) -> str:
    """Normalised text as space-separated words."""
    return " ".join(normalise(w) for w in words(text))


def matches(query: str) -> list[int]:
    """Ids of every published case matching the query, best first."""
    from ..models import Innovation

    return rank(query, Innovation.objects.published().count()).ids
