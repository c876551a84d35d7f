"""A query, read as concepts: each a word or phrase the user typed, with its alternatives.

"elderly care" is two concepts, [elderly | older people | seniors ...] and [care]; a French
phrase of the glossary is one concept whose alternatives are its English translations and
its own French words (which the French names of tags match). Every concept is optional in
the ranking (more concepts matched, a better rank), see `ranking`. On a Spanish or German
page each word also has its stem in that language (which the Spanish or German names of
tags and countries match); elsewhere a query reads the English and French terms only.
"""

from dataclasses import dataclass, field

from .analysis import OTHER, english, fold, french, stem, stop_words, words
from .cognates import english_forms
from .lexicon import french_stems, glossary, glossary_by_stems, longest, synonyms

MAX_WORDS = 12
SYNONYM_WEIGHT = 0.6
OTHER_SPELLING_WEIGHT = 0.9


@dataclass
class Concept:
    text: str  # the words typed
    alternatives: dict[tuple[str, ...], float] = field(default_factory=dict)
    # Phrases whose words count one by one (the words typed, and their translations);
    # any other phrase counts only where all its words are.
    partial: set[tuple[str, ...]] = field(default_factory=set)
    # A French phrase's English translations, whose words may count one by one if no
    # case holds any translation whole (`ranking`).
    translations: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, phrase: tuple[str, ...], weight: float) -> None:
        if phrase and weight > self.alternatives.get(phrase, 0):
            self.alternatives[phrase] = weight

    @property
    def terms(self) -> set[str]:
        return {term for phrase in self.alternatives for term in phrase}


def _ascii(word: str) -> bool:
    return word.isascii()


def _word(word: str) -> Concept:
    """A word with no phrase of the lists: its English and French stems, and the English
    stems of its other spellings (`cognates`)."""
    concept = Concept(word)
    concept.add((english(word),), 1.0)
    concept.add((french(word),), 1.0)
    for form in english_forms(word):
        concept.add((form,), OTHER_SPELLING_WEIGHT)
    return concept


def language_of_query(language: str | None) -> str | None:
    """The language whose own stems a query on a page in `language` adds (Spanish or
    German), or None (English and French pages read the English and French terms)."""
    code = (language or "").split("-")[0]
    return code if code in OTHER else None


def concepts(text: str, language: str | None = None) -> list[Concept]:
    """The concepts of a query, in the order typed (stop words left out, unless the
    query has nothing else); on a page in `language`, with that language's stems too."""
    language = language_of_query(language)
    typed = words(text)[:MAX_WORDS]
    content = [w for w in typed if fold(w) not in stop_words(language)] or typed
    found, i = [], 0
    while i < len(content):
        for size in range(min(longest(), len(content) - i), 0, -1):
            concept = _phrase(content[i : i + size])
            if concept:
                break
        else:
            size, concept = 1, _word(content[i])
        if language:
            concept.add(tuple(stem(w, language) for w in content[i : i + size]), 1.0)
        found.append(concept)
        i += size
    return found


def _phrase(typed: list[str]) -> Concept | None:
    """A concept from the lists for these words, or None if neither list has them."""
    folded = tuple(fold(w) for w in typed)
    stems = tuple(english(w) for w in typed)
    translations = glossary().get(folded)
    if not translations and (len(typed) > 1 or not _ascii(typed[0])):
        # By stems ("personne âgée" finds "personnes âgées"); not for one plain word,
        # whose French stem may be an English word's ("logs", "done": logements, données).
        translations = glossary_by_stems().get(french_stems(typed))
    same = synonyms().get(folded) or synonyms().get(stems)
    if not translations and not same:
        return None
    concept = Concept(" ".join(typed))
    if all(_ascii(w) for w in typed):
        concept.add(stems, 1.0)
        concept.partial.add(stems)
    if translations:
        concept.add(tuple(french(w) for w in typed), 1.0)
        for phrase in translations:
            concept.add(phrase, 1.0)
            concept.translations.add(phrase)
            for other in _synonyms_of_stems(phrase):
                concept.add(other, SYNONYM_WEIGHT)
    for other in same or []:
        concept.add(other, SYNONYM_WEIGHT)
    return concept


def _synonyms_of_stems(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The synonyms of a translation (given as stems): a group holding these stems."""
    return synonyms().get(phrase, []) if len(phrase) > 1 else []
