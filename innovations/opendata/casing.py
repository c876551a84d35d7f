"""Readable casing for titles that a data set lower-cased (Participedia's): title case
with small words kept small, acronyms upper-cased only where the evidence says so (a
list of common ones, or the row's own text: "neighborhood revitalization program
(nrp)"), and names spelt as the row's own fields spell them ("McAllen"). A word that
looks like an acronym but has no evidence is left as it is and the title is flagged
(`Recased.unsure`), never guessed.
"""

import re
import unicodedata
from dataclasses import dataclass

# Kept small inside a title (English and the languages Participedia's titles use).
SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "via",
        "vs",
        "per",
        "into",
        "de",
        "del",
        "della",
        "delle",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "des",
        "du",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "y",
        "e",
        "et",
        "und",
        "van",
        "der",
        "den",
        "het",
        "en",
        "à",
        "au",
        "aux",
        "für",
        "im",
        "zu",
    ]
)
# Upper-cased wherever they stand alone: unambiguous acronyms of public life.
ACRONYMS = {
    "uk": "UK",
    "usa": "USA",
    "u.s": "U.S.",
    "u.s.a": "U.S.A.",
    "eu": "EU",
    "un": "UN",
    "nhs": "NHS",
    "oecd": "OECD",
    "ngo": "NGO",
    "ngos": "NGOs",
    "ict": "ICT",
    "covid": "COVID",
    "covid-19": "COVID-19",
    "dc": "DC",
    "d.c": "D.C.",
    "st": "St",
    "dr": "Dr",
    "sdg": "SDG",
    "sdgs": "SDGs",
    "dna": "DNA",
    "nyc": "NYC",
    "msme": "MSME",
    "msmes": "MSMEs",
    "sms": "SMS",
    "bc": "BC",
    "lgbt": "LGBT",
    "lgbt+": "LGBT+",
    "lgbtq": "LGBTQ",
    "lgbtq+": "LGBTQ+",
    "lgbti": "LGBTI",
    "lgbtqi": "LGBTQI",
    "lgbtqi+": "LGBTQI+",
    "lgbtqia": "LGBTQIA",
    "lgbtqia+": "LGBTQIA+",
    "urbact": "URBACT",
    "hiv": "HIV",
    "undp": "UNDP",
    "usaid": "USAID",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "pb": "PB",
    "g1000": "G1000",
}
VOWELS = set("aeiouyàáâãäåèéêëìíîïòóôõöùúûüý")
WORD = re.compile(r"\S+")
_ACRONYM_IN_TEXT = re.compile(r"([\w'’-]+(?:\s+[\w'’-]+){0,9})\s+\(([a-z][a-z0-9&-]{1,7})\)")


@dataclass
class Recased:
    text: str
    unsure: list[str]


def _letters(value: str) -> str:
    return "".join(c for c in value if c.isalpha())


def acronyms_in(text: str) -> dict[str, str]:
    """Acronyms a text defines: "(nrp)" after words whose initials spell it."""
    found = {}
    for words, short in _ACRONYM_IN_TEXT.findall(text.casefold()):
        letters = _letters(short)
        parts = [p for w in words.split() for p in w.split("-") if p]
        initials = "".join(p[0] for p in parts if p[0].isalpha())
        if len(letters) < 2:
            continue
        in_order = initials.endswith(letters[-1]) and _subsequence(letters, initials)
        # An acronym of another language's words ("(spd)" after "social democratic
        # party"): no vowel, and every letter an initial of the words before it.
        translated = not set(letters) & VOWELS and set(letters) <= set(initials[-8:])
        if in_order or translated:
            found[short] = short.upper()
    return found


def _subsequence(short: str, initials: str) -> bool:
    """Whether the acronym's letters are, in order, initials of its last words."""
    it = iter(initials[-(len(short) + 4) :])
    return all(letter in it for letter in short)


def _names(context: list[str]) -> dict[str, str]:
    """Words the row's own fields spell with capitals other than the first ("McAllen")."""
    found = {}
    for value in context:
        for word in WORD.findall(value or ""):
            word = word.strip(",;:()")
            if word and word != word.lower() and word != word.capitalize():
                found[word.casefold()] = word
    return found


def _capitalise(word: str) -> str:
    """The first letter of each hyphenated part made a capital ("consensus-Based")."""
    parts = word.split("-")
    return "-".join(_cap(part) for part in parts)


def _cap(part: str) -> str:
    for i, char in enumerate(part):
        if char.isalpha():
            return part[:i] + char.upper() + part[i + 1 :]
        if char.isdigit():
            return part
    return part


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’«»()[]{},;:!?.").casefold() or word.casefold()


def _looks_like_acronym(bare: str) -> bool:
    if any(c.isdigit() for c in bare):
        return False  # "21st", "1st"
    letters = _letters(bare)
    return 2 <= len(letters) <= 5 and not (set(letters) & VOWELS) and letters.isascii()


def _domain(bare: str) -> bool:
    return bool(re.fullmatch(r"[\w-]{2,}(\.[\w-]{2,})+(/\S*)?", bare)) or bare.startswith("#")


def restore(
    title: str, context: list[str] | None = None, names: list[str] | None = None
) -> Recased:
    """The title in title case, if it was lower-cased; else unchanged. `names` (the
    row's city and country) are spelt wherever they stand as the row spells them ("The
    Hague", "La Marsa", "Forte dei Marmi")."""
    if title != title.lower() or not any(c.isalpha() for c in title):
        return Recased(title, [])
    recased = _restore(title, [*(context or []), *(names or [])])
    text = recased.text
    for name in names or []:
        if name and name != name.lower():
            pattern = r"(?<![\w'’-])" + re.escape(name) + r"(?![\w'’-])"
            text = re.sub(pattern, lambda _m, n=name: n, text, flags=re.IGNORECASE)
    return Recased(text, recased.unsure)


def _restore(title: str, context: list[str]) -> Recased:
    known = {**ACRONYMS, **_names(context)}
    for text in [title, *context]:
        known |= {k: v for k, v in acronyms_in(text).items() if k not in known}
    words = WORD.findall(title)
    out, unsure = [], []
    first = True
    for word in words:
        bare = _bare(word)
        core = word.casefold()
        if bare in known:
            start = core.find(bare)
            new = word[:start] + known[bare] + word[start + len(bare) :]
        elif _domain(bare):
            new = word
        elif re.fullmatch(r"([a-z]\.)+[a-z]?", bare):
            new = word.upper()  # initials: "w.l." Gore
        elif bare in SMALL and not first and word[0] not in "([“\"‘'":
            new = word
        else:
            new = _capitalise(word)
            if _looks_like_acronym(bare):
                unsure.append(bare)
                new = word
        out.append(new)
        first = word.endswith((":", "!", "?", "–", "—")) or word in ("-", "–", "—")
    result = " ".join(out)
    # A word after an opening parenthesis or quote starts a phrase: capitalise it.
    return Recased(unicodedata.normalize("NFC", result), unsure)


def sort_key(title: str) -> str:
    """A title as it sorts: leading quotes, brackets and spaces do not count, nor case."""
    return title.lstrip(" \"'“”‘’«»„‚([{#¡¿").casefold()
