"""Other spellings of a word the lists do not have, as English stems.

A French word with no entry in the glossary is often an English word with a French ending:
"urbaine" is "urban", "publiques" "public", "territoire" "territory", "sécurité"
"security". English is spelt two ways ("digitisation" and "digitization" stem apart),
and no stemmer makes "children" of "child". A closed compound is often written open:
"childcare" also reads the adjacent pair "child care" (the index holds the pairs of
titles, summaries and tags), so only texts that write the two words side by side match.
A query word reads these forms too (the words typed keep the higher weight), so a search
finds cases written either way. The rules are the regular suffix correspondences of
French and English, and of British and American spelling; a form that is no word of the
catalogue matches nothing and costs one more term in the query's one read of postings.
"""

from .analysis import english, fold

SHORTEST = 6  # "urbain", "locale": shorter words have no ending to trust
PART = 3  # the shortest half of a closed compound ("car pooling")

# French ending -> English ending, the first that fits (on the accent-free word).
FRENCH_ENDINGS = (
    ("iques", "ic"),
    ("ique", "ic"),
    ("tionnelles", "tional"),
    ("tionnelle", "tional"),
    ("tionnels", "tional"),
    ("tionnel", "tional"),
    ("urelles", "ural"),
    ("urelle", "ural"),
    ("urels", "ural"),
    ("urel", "ural"),
    ("aines", "an"),
    ("aine", "an"),
    ("ains", "an"),
    ("ain", "an"),
    ("ales", "al"),
    ("ale", "al"),
    ("aux", "al"),
    ("oires", "ory"),
    ("oire", "ory"),
    ("aires", "ary"),
    ("aire", "ary"),
    ("euses", "ous"),
    ("euse", "ous"),
    ("eux", "ous"),
    ("ifs", "ive"),
    ("if", "ive"),
    ("eurs", "or"),
    ("eur", "or"),
)

# British -> American and back: the stems of "organisation" and "organization" differ.
SPELLINGS = (
    ("isation", "ization"),
    ("ization", "isation"),
    ("ise", "ize"),
    ("ize", "ise"),
    ("ised", "ized"),
    ("ized", "ised"),
    ("ising", "izing"),
    ("izing", "ising"),
    ("isations", "izations"),
    ("izations", "isations"),
    ("our", "or"),
    ("avior", "aviour"),
    ("abor", "abour"),
    ("olor", "olour"),
    ("ighbor", "ighbour"),
    ("tre", "ter"),
    ("enter", "entre"),
)

# Plurals no stemmer makes, both ways.
IRREGULAR = {"child": "children", "woman": "women", "man": "men"}
IRREGULAR |= {plural: singular for singular, plural in IRREGULAR.items()}


def _french(word: str, folded: str) -> str | None:
    if word.endswith(("té", "tés")):  # sécurité, société, liberté
        return folded.rstrip("s")[:-1] + "y"
    if folded.endswith("ff"):
        return None
    for ending, english_ending in FRENCH_ENDINGS:
        if folded.endswith(ending):
            return folded[: -len(ending)] + english_ending
    return None


def _respelt(folded: str) -> list[str]:
    return [
        folded[: -len(ending)] + other
        for ending, other in SPELLINGS
        if folded.endswith(ending) and len(folded) > len(ending) + 2
    ]


def _open(folded: str) -> list[str]:
    """The closed compound's possible open forms, as pairs of stems ("child care")."""
    return [
        f"{english(folded[:cut])} {english(folded[cut:])}"
        for cut in range(PART, len(folded) - PART + 1)
    ]


def english_forms(word: str) -> list[str]:
    """The English stems of `word`'s other spellings, without its own stem."""
    folded = fold(word)
    if folded in IRREGULAR:
        return [english(IRREGULAR[folded])]
    if len(folded) < SHORTEST or not folded.isalpha():
        return []
    forms = [_french(word, folded), *(_respelt(folded) if word.isascii() else [])]
    own = english(word)
    stems = [s for s in (english(f) for f in forms if f) if s != own]
    if word.isascii() and len(folded) >= 2 * PART + 1:
        stems += _open(folded)
    return list(dict.fromkeys(stems))
