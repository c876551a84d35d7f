"""Ranking: BM25F over the index rows, computed in Python, so both databases agree.

A case's score is the sum, over the query's concepts, of its best alternative's
idf x weight; a phrase counts through its pairs (two adjacent words in the title,
summary or tags) as well as its words. Concepts are optional but each adds, and the sum
is scaled by the share of the concepts' idf that the case holds, so a case with every
concept comes before one with some, and one missing a rare concept ("flood" in "flood
prediction") after one missing a common one. A case is a match when it holds every
concept, or any selective concept (held by at most SELECTIVE of the catalogue, or by
SELECTIVE_MIN cases): a word in most cases ("public") helps the ranking but brings no
case in by itself. Ties go to the newer case.

A word that no case holds is read as a typo (one edit away from a word the catalogue has,
for words of five letters or more) or, failing that, as the start of a word being typed.
"""

import heapq
import math
import string
from array import array
from collections import defaultdict
from itertools import repeat

from . import store
from .analysis import bigrams, english, fold
from .documents import SCALE
from .query import Concept, concepts

SELECTIVE = 0.3
SELECTIVE_MIN = 50  # in a small catalogue every concept is selective
PAIR_WEIGHT = 0.5
PARTIAL = 0.3
TYPO_MIN = 5
PREFIX_MIN = 3
LETTERS = string.ascii_lowercase


class Answer:
    """The matches of a query with their scores, and what was read differently from
    typed. Held as two flat arrays (a worker keeps dozens of answers in memory); the
    order is worked out only as far as it is read (`best`)."""

    def __init__(self, scores: dict[int, float], corrections: dict[str, str] | None = None):
        self.matches = array("q", scores)  # case ids
        self.values = array("d", map(round, scores.values(), repeat(9)))
        self.corrections = corrections or {}  # typed word -> read as
        self._ordered: array | None = None

    @property
    def scores(self) -> dict[int, float]:
        return dict(zip(self.matches, self.values, strict=True))

    def __len__(self) -> int:
        return len(self.matches)

    def best(self, count: int) -> list[int]:
        """The `count` best matches, best first (ties: the newer case first)."""
        if self._ordered is None and count < len(self) // 4:
            top = heapq.nlargest(count, zip(self.values, self.matches, strict=True))
            return [pk for _, pk in top]
        return self.ids[:count]

    @property
    def ids(self) -> list[int]:
        """Every match, best first."""
        if self._ordered is None:
            pairs = sorted(zip(self.values, self.matches, strict=True), reverse=True)
            self._ordered = array("q", (pk for _, pk in pairs))
        return self._ordered.tolist()

    def suggestion(self, text: str) -> str:
        """The query as it was read, if a word was corrected ("" otherwise)."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(w, w) for w in text.split())


def _idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _edits(word: str) -> set[str]:
    """Every word one edit (deletion, swap, replacement, insertion) away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    found |= {a + c + b for a, b in splits for c in LETTERS}
    return found - {word}


def _correct(concept: Concept) -> tuple[Concept, str] | None:
    """A concept that no case holds, read as a typo or a prefix; None if neither helps."""
    word = fold(concept.text)
    if " " in word or not word.isalpha():
        return None
    if len(word) >= TYPO_MIN:
        by_stem: dict[str, str] = {}
        for candidate in sorted(_edits(word)):
            by_stem.setdefault(english(candidate), candidate)
        counts = store.known(sorted(by_stem))
        if counts:
            stem = max(sorted(counts), key=counts.__getitem__)
            fixed = Concept(by_stem[stem], {(stem,): 1.0})
            return fixed, by_stem[stem]
    if len(word) >= PREFIX_MIN:
        starts = store.starting(english(word)) or store.starting(word)
        if starts:
            return Concept(word, {(term,): 0.8 for term in starts}), ""
    return None


def _fetch(found: list[Concept]) -> dict[str, dict[int, int]]:
    terms = set()
    for concept in found:
        for phrase in concept.alternatives:
            terms.update(phrase)
            terms.update(bigrams(list(phrase)))
    terms.update(_adjacent(found))
    return store.postings(sorted(terms))


def _adjacent(found: list[Concept]) -> list[str]:
    """Pairs across two neighbouring concepts, from their first (typed) alternatives."""
    pairs = []
    for left, right in zip(found, found[1:], strict=False):
        a, b = next(iter(left.alternatives), ()), next(iter(right.alternatives), ())
        if a and b:
            pairs.append(f"{a[-1]} {b[0]}")
    return pairs


def _score_phrase(phrase, postings, idf, partial: bool) -> dict[int, float]:
    """A phrase's score in each case: its words' idf x weight, averaged, and a bonus for
    each of its pairs the case holds. A case needs every word, unless `partial`: then a
    case with only some counts at PARTIAL of their score."""
    parts = [postings.get(term, {}) for term in phrase]
    scores: dict[int, float] = defaultdict(float)
    every = set.intersection(*(set(p) for p in parts)) if all(parts) else set()
    cases = set().union(*parts) if partial else every
    for term, held in zip(phrase, parts, strict=True):
        weight = idf(term) / len(phrase)
        for pk in cases & held.keys():
            scores[pk] += weight * held[pk] / SCALE
    if partial:
        for pk in cases - every:
            scores[pk] *= PARTIAL
    for pair in bigrams(list(phrase)):
        weight = PAIR_WEIGHT * idf(pair) * 2 / len(phrase)
        for pk, w in postings.get(pair, {}).items():
            scores[pk] += weight * w / SCALE
    return scores


def _score_concept(concept: Concept, postings, idf, total: int) -> dict[int, float]:
    """Each case's best alternative of the concept. Its one-word alternatives share one
    idf, from the cases holding any of them (a rare synonym must not outweigh the word
    typed)."""
    singles = [p[0] for p in concept.alternatives if len(p) == 1]
    held_any = set().union(*(postings.get(t, {}).keys() for t in singles)) if singles else set()
    shared = _idf(len(held_any), total)
    each = []
    for phrase, weight in concept.alternatives.items():
        if len(phrase) == 1:
            found = {pk: shared * w / SCALE for pk, w in postings.get(phrase[0], {}).items()}
        else:
            found = _score_phrase(phrase, postings, idf, phrase in concept.partial)
        if weight != 1.0:
            found = {pk: score * weight for pk, score in found.items()}
        each.append(found)
    # The best of the alternatives: the largest taken whole, the others merged into it.
    each.sort(key=len, reverse=True)
    scores = dict(each[0]) if each else {}
    for found in each[1:]:
        for pk, score in found.items():
            if score > scores.get(pk, 0):
                scores[pk] = score
    return scores


def rank(text: str, total: int, language: str | None = None) -> Answer:
    """Every match of the query, best first (made on a page in `language`)."""
    found = concepts(text, language)
    if not found:
        return Answer({})
    postings = _fetch(found)
    corrections, changed = {}, False
    for n, concept in enumerate(found):
        if not any(postings.get(term) for term in concept.terms):
            fixed = _correct(concept)
            if fixed:
                found[n], typed_as = fixed
                changed = True
                if typed_as:
                    corrections[concept.text] = typed_as
    if changed:
        postings = _fetch(found)
    total = max(total, 1)

    def idf(term: str) -> float:
        return _idf(len(postings.get(term, ())), total)

    best: list[dict[int, float]] = []
    selective: set[int] = set()
    weights = []  # each concept's idf: missing a rare concept costs more than a common one
    for concept in found:
        scores = _score_concept(concept, postings, idf, total)
        best.append(scores)
        weights.append(_idf(len(scores), total))
        if len(scores) <= max(SELECTIVE * total, SELECTIVE_MIN):
            selective.update(scores)
    if len(best) == 1:
        return Answer(best[0], corrections)  # every match holds the one concept: share 1
    every = set(best[0]).intersection(*best[1:])
    whole = sum(weights) or 1.0
    parts = [(scores, weight / whole) for scores, weight in zip(best, weights, strict=True)]
    totals: dict[int, float] = {}
    share: dict[int, float] = {}
    for pk in every | selective:
        score = held = 0.0
        for scores, part in parts:
            if pk in scores:
                score += scores[pk]
                held += part
        totals[pk], share[pk] = score, held
    for pair in _adjacent(found):
        weight = PAIR_WEIGHT * _idf(len(postings.get(pair, ())), total)
        for pk, w in postings.get(pair, {}).items():
            if pk in totals:
                totals[pk] += weight * w / SCALE
    return Answer({pk: score * share[pk] for pk, score in totals.items()}, corrections)
