"""Cleaning of dirty values from other data sets: text, URLs, countries, summaries."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django_countries import countries

from .mapping import COUNTRY_ALIASES

# Spaces that str.strip() keeps or that editors paste: no-break, zero-width, BOM.
_ODD_SPACES = str.maketrans({"\xa0": " ", "\u200b": "", "\ufeff": "", "\u202f": " "})
_JOINERS = {"and", "en", "et", "und", "e", "y", "&"}
_URL = URLValidator(schemes=["http", "https"])


def text(value) -> str:
    """Text with odd spaces made plain, one kind of line ending, trimmed."""
    if value is None:
        return ""
    value = str(value).translate(_ODD_SPACES).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def line(value) -> str:
    """One line of text: every run of whitespace made one space."""
    return " ".join(text(value).split())


def url(value, max_length: int = 500) -> str | None:
    """A valid http(s) URL from a dirty value ("" when empty, None when invalid)."""
    value = line(value)
    if not value:
        return ""
    if value.startswith("www."):
        value = "https://" + value
    try:
        _URL(value)
    except ValidationError:
        return None
    return value if len(value) <= max_length else None


def urls(value, max_length: int = 500) -> list[str]:
    """Every valid URL in a dirty value: one URL, several separated by spaces or commas,
    or a bare domain ("example.org")."""
    tokens = [t.strip(",;") for t in line(value).split()]
    tokens = [t for t in tokens if t and t.lower() not in _JOINERS]
    if len(tokens) == 1 and re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", tokens[0]):
        tokens = ["https://" + tokens[0]]
    found = [url(t, max_length) for t in tokens]
    # A word that is not a URL (a title, "internal web address", a URL with spaces in
    # it): none of it can be trusted.
    return list(dict.fromkeys(found)) if all(found) else []


def standalone_urls(value, max_length: int = 500) -> list[str]:
    """The valid URLs that stand on their own in a cell that also holds words (a
    reference with "en", "and" between addresses): a URL counts only when what comes
    before and after it is a joiner word, another URL or the cell's edge, and it does
    not end in a joiner glued to it ("/en"). A URL cut by a space ("/Proof of Concept")
    is followed by a word, so it does not count."""
    tokens = [t.strip(",;") for t in line(value).split()]

    def bounded(i: int) -> bool:
        if i < 0 or i >= len(tokens):
            return True
        token = tokens[i]
        return token.lower() in _JOINERS or token.startswith(("http://", "https://"))

    found = []
    for i, token in enumerate(tokens):
        if not token.startswith(("http://", "https://")):
            continue
        if not (bounded(i - 1) and bounded(i + 1)):
            continue
        if token.rstrip("/").rsplit("/", 1)[-1].lower() in _JOINERS:
            continue
        if checked := url(token, max_length):
            found.append(checked)
    return list(dict.fromkeys(found))


def country(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name or code, or None."""
    value = line(value)
    if not value:
        return None
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    return COUNTRY_ALIASES.get(value) or countries.by_name(value) or None


def summary(description: str, limit: int = 400) -> str:
    """The first paragraph of a text, cut after a sentence (or a word) within `limit`."""
    first = description.strip().split("\n\n")[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?](\s|$)", cut)]
    if ends and ends[-1] > limit // 3:
        return cut[: ends[-1]].strip()
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def shorten(value: str, max_length: int) -> str:
    """A value cut to a field's length at a word, with an ellipsis."""
    if len(value) <= max_length:
        return value
    return value[: max_length - 1].rsplit(" ", 1)[0] + "…"


def year(value) -> int | None:
    """A plausible year (1900-2100) from "2019", "2019.0" or a date, else None."""
    match = re.match(r"\s*(\d{4})", str(value or ""))
    if match and 1900 <= int(match.group(1)) <= 2100:
        return int(match.group(1))
    return None


def items(value: str, separator: str = ",") -> list[str]:
    """The non-empty, trimmed items of a separated list, in order, without repeats."""
    found = [line(item) for item in str(value or "").split(separator)]
    return list(dict.fromkeys(item for item in found if item))
