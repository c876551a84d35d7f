"""The editable word lists of the search: synonyms and acronyms, and the French glossary.

Both are plain text files beside this module (`lexicon/`), versioned with the code and
edited like any other data; see their headers for the format and the source. They are
read once per process.
"""

from functools import cache

from .analysis import FOLDER, STOP, english, fold, french, words


def _phrase(text: str) -> tuple[str, ...]:
    """A phrase as the folded, non-stop words a query is matched on."""
    return tuple(w for w in (fold(w) for w in words(text)) if w not in STOP)


def stems(text: str) -> tuple[str, ...]:
    return tuple(english(w) for w in _phrase(text))


def _lines(name: str):
    for line in (FOLDER / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@cache
def synonyms() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """A phrase of a group -> the stems of every phrase of its group. A phrase is found by
    its words as written (folded) and, if it has several words, by their stems too: one
    word's stem is too loose a key ("integrity" and "integration" share "integr")."""
    found: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in _lines("synonyms.txt"):
        phrases = [p for p in line.split(",") if _phrase(p)]
        group = list(dict.fromkeys(stems(p) for p in phrases))
        for text in phrases:
            keys = {_phrase(text)} | ({stems(text)} if len(_phrase(text)) > 1 else set())
            for key in keys:
                found.setdefault(key, [])
                found[key] += [g for g in group if g not in found[key]]
    return found


@cache
def glossary() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """A French phrase's folded words -> the English stems of its translations."""
    found: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in _lines("glossary_fr_en.tsv"):
        french, _, english_text = line.partition("\t")
        key = _phrase(french)
        if not key or not english_text.strip():
            continue
        found.setdefault(key, [])
        for translation in english_text.split("|"):
            phrase = stems(translation)
            if phrase and phrase not in found[key]:
                found[key].append(phrase)
    return found


@cache
def glossary_by_stems() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """The glossary found by the French stems of its words, so that the singular, the
    plural and the feminine of an entry find it too ("personne âgée" finds "personnes
    âgées"). Where two entries share their stems, the first in the file wins."""
    found: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in _lines("glossary_fr_en.tsv"):
        text = line.partition("\t")[0]
        key = french_stems(words(text))
        if key in found or not key:
            continue
        found[key] = glossary().get(_phrase(text), [])
    return found


def french_stems(typed: list[str]) -> tuple[str, ...]:
    """The French stems of a phrase's words, stop words left out."""
    return tuple(french(w) for w in typed if fold(w) not in STOP)


@cache
def longest() -> int:
    """The most words of any phrase in either list."""
    return max(len(k) for k in [*synonyms(), *glossary(), ()])
