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

import math
import string

import numpy as np

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
    typed. Held as two arrays, 12 bytes a match (a worker keeps dozens of answers in
    memory); the order is worked out only as far as it is read (`best`)."""

    def __init__(self, matches, values, corrections: dict[str, str] | None = None):
        matches = np.asarray(matches, dtype=np.int64)
        small = not len(matches) or matches.max() <= np.iinfo(np.int32).max
        self.matches = matches.astype(np.int32) if small else matches  # case ids
        self.values = np.round(np.asarray(values, dtype=np.float64), 9)
        self.corrections = corrections or {}  # typed word -> read as

    @property
    def scores(self) -> dict[int, float]:
        return dict(zip(self.matches.tolist(), self.values.tolist(), strict=True))

    def __len__(self) -> int:
        return len(self.matches)

    def best(self, count: int, among: np.ndarray | None = None) -> list[int]:
        """The `count` best matches, best first (ties: the newer case first); only
        those where `among` (a mask over `matches`) is true, if given."""
        matches, values = self.matches, self.values
        if among is not None:
            matches, values = matches[among], values[among]
        if count <= 0:
            return []
        if count < len(matches):
            # Every match scoring at least the count-th best, then those in order.
            floor = np.partition(values, len(values) - count)[len(values) - count]
            near = values >= floor
            matches, values = matches[near], values[near]
        order = np.lexsort((-matches.astype(np.int64), -values))[:count]
        return matches[order].tolist()

    @property
    def ids(self) -> list[int]:
        """Every match, best first."""
        return self.best(len(self))

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


def _fetch(found: list[Concept]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
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


class Scores:
    """Scores of the cases by id, as a dense vector: `held` says which cases have one
    (only `gain` gives one, so a case not held scores 0)."""

    def __init__(self, size: int):
        self.value = np.zeros(size)
        self.held = np.zeros(size, dtype=bool)

    def gain(self, ids: np.ndarray, amounts: np.ndarray) -> None:
        self.value[ids] += amounts
        self.held[ids] = True

    def count(self) -> int:
        return int(np.count_nonzero(self.held))


EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def _score_phrase(phrase, postings, idf, partial: bool, size: int) -> Scores:
    """A phrase's score in each case: its words' idf x weight, averaged, and a bonus for
    each of its pairs the case holds. A case needs every word, unless `partial`: then a
    case with only some counts at PARTIAL of their score."""
    parts = [postings.get(term, EMPTY) for term in phrase]
    every = np.zeros(size, dtype=bool)
    if all(len(ids) for ids, _ in parts):
        hits = np.zeros(size, dtype=np.int64)
        for ids, _ in parts:
            hits[ids] += 1
        every = hits == len(parts)
    cases = every
    if partial:
        cases = np.zeros(size, dtype=bool)
        for ids, _ in parts:
            cases[ids] = True
    scores = Scores(size)
    for term, (ids, weights) in zip(phrase, parts, strict=True):
        weight = idf(term) / len(phrase)
        inside = cases[ids]
        scores.gain(ids[inside], weight * weights[inside] / SCALE)
    if partial:
        some = cases & ~every
        scores.value[some] *= PARTIAL
    for pair in bigrams(list(phrase)):
        weight = PAIR_WEIGHT * idf(pair) * 2 / len(phrase)
        ids, weights = postings.get(pair, EMPTY)
        scores.gain(ids, weight * weights / SCALE)
    return scores


def _score_concept(concept: Concept, postings, idf, total: int, size: int) -> Scores:
    """Each case's best alternative of the concept. Its one-word alternatives share one
    idf, from the cases holding any of them (a rare synonym must not outweigh the word
    typed)."""
    singles = [p[0] for p in concept.alternatives if len(p) == 1]
    held_any = np.zeros(size, dtype=bool)
    for term in singles:
        held_any[postings.get(term, EMPTY)[0]] = True
    shared = _idf(int(np.count_nonzero(held_any)), total)
    best = None
    for phrase, weight in concept.alternatives.items():
        if len(phrase) == 1:
            found = Scores(size)
            ids, weights = postings.get(phrase[0], EMPTY)
            found.gain(ids, shared * weights / SCALE)
        else:
            found = _score_phrase(phrase, postings, idf, phrase in concept.partial, size)
        if weight != 1.0:
            found.value *= weight
        if best is None:  # the first alternative (most words have no other)
            best = found
            continue
        # The best of the alternatives.
        higher = found.held & (~best.held | (found.value > best.value))
        best.value[higher] = found.value[higher]
        best.held |= found.held
    return best or Scores(size)


def _loosen(concept: Concept) -> bool:
    """Let the words of a French phrase's translations count one by one, when no case
    holds the concept ("hébergement d'urgence" is "emergency shelter", which no case may
    say whole); False if there is nothing to loosen. Synonyms stay whole: "distributed
    ledger" is no "distributed"."""
    whole = {phrase for phrase in concept.translations if len(phrase) > 1} - concept.partial
    concept.partial |= whole
    return bool(whole)


def rank(text: str, total: int, language: str | None = None) -> Answer:
    """Every match of the query, best first (made on a page in `language`)."""
    found = concepts(text, language)
    if not found:
        return Answer([], [])
    postings = _fetch(found)
    corrections, changed = {}, False
    for n, concept in enumerate(found):
        if not any(term in postings for term in concept.terms):
            fixed = _correct(concept)
            if fixed:
                found[n], typed_as = fixed
                changed = True
                if typed_as:
                    corrections[concept.text] = typed_as
    if changed:
        postings = _fetch(found)
    total = max(total, 1)
    size = 1 + max((int(ids.max()) for ids, _ in postings.values() if len(ids)), default=0)

    def idf(term: str) -> float:
        return _idf(len(postings.get(term, EMPTY)[0]), total)

    best: list[Scores] = []
    selective = np.zeros(size, dtype=bool)
    weights = []  # each concept's idf: missing a rare concept costs more than a common one
    for concept in found:
        scores = _score_concept(concept, postings, idf, total, size)
        if not scores.count() and _loosen(concept):
            scores = _score_concept(concept, postings, idf, total, size)
        best.append(scores)
        held = scores.count()
        weights.append(_idf(held, total))
        if held <= max(SELECTIVE * total, SELECTIVE_MIN):
            selective |= scores.held
    if len(best) == 1:  # every match holds the one concept: share 1
        ids = np.flatnonzero(best[0].held)
        return Answer(ids, best[0].value[ids], corrections)
    every = np.logical_and.reduce([scores.held for scores in best])
    candidates = every | selective
    whole = sum(weights) or 1.0
    totals, share = np.zeros(size), np.zeros(size)
    for scores, weight in zip(best, weights, strict=True):
        # A score is 0 where its case is not held (only `gain` makes one).
        totals += scores.value
        share += scores.held * (weight / whole)
    for pair in _adjacent(found):
        ids, pair_weights = postings.get(pair, EMPTY)
        weight = PAIR_WEIGHT * _idf(len(ids), total)
        inside = candidates[ids]
        totals[ids[inside]] += weight * pair_weights[inside] / SCALE
    ids = np.flatnonzero(candidates)
    return Answer(ids, totals[ids] * share[ids], corrections)
