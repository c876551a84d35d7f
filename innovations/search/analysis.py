"""Text analysis: the same tokens for the index and for a query, on every database.

Words are lower-cased, split on anything that is not a letter or digit, and stemmed in
Python (Snowball, through PyStemmer), so that SQLite and PostgreSQL store and look up the
very same terms. Two stemmers, two namespaces: case texts are English and their words
are stemmed as English; the French names of tags and countries are stemmed as French and
stored with a "~" in front, so that a French stem never meets an English word that
happens to be spelt alike ("santé" -> "sant" is not "Sant Feliu").
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)
FRENCH = "~"
_english = Stemmer.Stemmer("english")
_french = Stemmer.Stemmer("french")

ENGLISH_STOP = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    between both but by can could did do does doing during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your""".split()
)
FRENCH_STOP = frozenset(
    """a au aux avec ce ces c d dans de des du elle en et eux il ils je l la le les leur leurs lui
    ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui s sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y""".split()
)
STOP = ENGLISH_STOP | FRENCH_STOP


def fold(text: str) -> str:
    """Lower-case, accent-free text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, accents kept (the French stemmer needs them)."""
    return WORD.findall(unicodedata.normalize("NFC", text.replace("\x00", " ").casefold()))


@lru_cache(maxsize=200_000)
def english(word: str) -> str:
    """The English stem of a word, accent-free."""
    return _english.stemWord(fold(word))


@lru_cache(maxsize=50_000)
def french(word: str) -> str:
    """The French stem of a word, accent-free, in the French namespace."""
    return FRENCH + fold(_french.stemWord(word))


def english_terms(text: str) -> list[str]:
    """The English stems of a text's words, stop words left out, in order."""
    return [english(w) for w in words(text) if fold(w) not in STOP]


def french_terms(text: str) -> list[str]:
    """The French stems of a text's words (French namespace), stop words left out."""
    return [french(w) for w in words(text) if fold(w) not in STOP]


def bigrams(terms: list[str]) -> list[str]:
    """Adjacent pairs of terms, as one term ("open data" -> "open data")."""
    return [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]
