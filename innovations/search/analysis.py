"""Text analysis: the same tokens for the index and for a query, on every database.

Words are lower-cased, split on anything that is not a letter or digit, and stemmed in
Python (Snowball, through PyStemmer), so that SQLite and PostgreSQL store and look up the
very same terms. Two stemmers, two namespaces: case texts are English and their words
are stemmed as English; the French names of tags and countries are stemmed as French and
stored with a "~" in front, so that a French stem never meets an English word that
happens to be spelt alike ("santé" -> "sant" is not "Sant Feliu"). The Spanish and
German names are stemmed in their own languages, each in a namespace of its own
("es~", "de~"), and only a query made on a Spanish or German page looks them up, so an
English or French query reads exactly the terms it always read.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)
FRENCH = "~"
_english = Stemmer.Stemmer("english")
_french = Stemmer.Stemmer("french")
# The languages whose names of tags and countries have a namespace and a stemmer of
# their own, besides English and French (settings.LANGUAGES lists the same).
OTHER = {"es": "spanish", "de": "german"}
_stemmers = {code: Stemmer.Stemmer(name) for code, name in OTHER.items()}

FOLDER = Path(__file__).parent / "lexicon"


def _stop_words(name: str) -> frozenset[str]:
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


ENGLISH_STOP = _stop_words("stopwords_en.txt")
FRENCH_STOP = _stop_words("stopwords_fr.txt")
STOP = ENGLISH_STOP | FRENCH_STOP
OTHER_STOP = {code: STOP | _stop_words(f"stopwords_{code}.txt") for code in OTHER}


def fold(text: str) -> str:
    """Lower-case, accent-free text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, accents kept (the French stemmer needs them)."""
    return WORD.findall(unicodedata.normalize("NFC", text.replace("\x00", " ").casefold()))


# Bounded so that a worker stays small whatever the catalogue's vocabulary: an entry
# costs ~250 bytes, and the words of a language are mostly a few thousand common ones.
@lru_cache(maxsize=20_000)
def english(word: str) -> str:
    """The English stem of a word, accent-free."""
    return _english.stemWord(fold(word))


@lru_cache(maxsize=10_000)
def french(word: str) -> str:
    """The French stem of a word, accent-free, in the French namespace."""
    return FRENCH + fold(_french.stemWord(word))


def english_terms(text: str) -> list[str]:
    """The English stems of a text's words, stop words left out, in order."""
    return [english(w) for w in words(text) if fold(w) not in STOP]


def french_terms(text: str) -> list[str]:
    """The French stems of a text's words (French namespace), stop words left out."""
    return [french(w) for w in words(text) if fold(w) not in STOP]


def stop_words(language: str | None) -> frozenset[str]:
    """The stop words of a query made on a page in this language."""
    return OTHER_STOP.get(language or "", STOP)


@lru_cache(maxsize=10_000)
def stem(word: str, language: str) -> str:
    """A word's stem in a language of `OTHER`, accent-free, in that language's namespace."""
    return f"{language}~" + fold(_stemmers[language].stemWord(word))


def terms_in(text: str, language: str) -> list[str]:
    """The stems of a text's words in a language of `OTHER`, stop words left out."""
    stop = OTHER_STOP[language]
    return [stem(w, language) for w in words(text) if fold(w) not in stop]


def bigrams(terms: list[str]) -> list[str]:
    """Adjacent pairs of terms, as one term ("open data" -> "open data")."""
    return [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]
