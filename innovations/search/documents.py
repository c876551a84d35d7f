"""What the index holds for a case: its terms, each with a weight computed from the case alone.

A case's fields count differently (title 4, summary 2, tags 2, the other texts 1); a
term's weight in a case is the sum over the fields of BM25's saturated, length-normalised
frequency times the field's weight (so a word in the title counts more than many in the
description), in [0, 1], stored as an integer out of `SCALE`. Lengths are normalised against
fixed reference lengths, not the catalogue's averages, so a case's terms never depend on
the other cases: indexing one case alone or the whole catalogue gives the same rows.
Adjacent words of the title, summary and tags are also stored as pairs ("open data"),
which is how phrases and proximity count in the ranking.
"""

from collections import Counter
from collections.abc import Iterable

from django.utils import translation

from ..models import Innovation, twin
from ..registry import case_parts
from ..translations import TRANSLATED
from .analysis import OTHER, bigrams, english_terms, french_terms, terms_in

SCALE = 10_000
K1 = 0.8
# field: (weight, reference length in terms, length normalisation b)
FIELDS = {
    "title": (4.0, 8, 0.3),
    "summary": (2.0, 40, 0.5),
    "tags": (3.0, 16, 0.3),
    "body": (1.0, 400, 0.75),
}
TOTAL = sum(weight for weight, _, _ in FIELDS.values())
# The names of tags and countries in each other language: a field of its own, weighted as
# the tags but left out of TOTAL, so that they never change an English or French term's
# weight (their terms have namespaces of their own).
FIELDS |= {f"tags_{code}": FIELDS["tags"] for code in OTHER}
MAX_TERM = 100  # a longer "word" (a URL, a hash) is left out


def _country_names(countries, language: str) -> str:
    with translation.override(language):
        return " ".join(str(country.name) for country in countries)


def weights(fields: dict[str, list[str]]) -> dict[str, int]:
    """Each term's weight in one case, from its fields' terms: per field, BM25's saturated
    and length-normalised frequency, times the field's weight; summed over the fields and
    scaled to [0, SCALE]."""
    scored: Counter = Counter()
    for name, terms in fields.items():
        if not terms:
            continue
        weight, reference, b = FIELDS[name.partition(":")[0]]  # "title:fr" as "title"
        norm = 1 - b + b * len(terms) / reference
        for term, count in Counter(terms).items():
            tf = count / norm
            scored[term] += weight * tf / (tf + K1)
    return {
        term: max(1, round(SCALE * score / TOTAL))
        for term, score in scored.items()
        if len(term) <= MAX_TERM
    }


def fields(
    case, extra_en: str, extra_fr: str, extra_other: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """A case's analysed fields (unigrams and pairs) from the case with its tags fetched;
    `extra_other` holds a part's names in each language of `OTHER`."""
    terms = [*case.sectors.all(), *case.approaches.all(), *case.enabling_factors.all()]
    tags_en = " . ".join([t.name for t in terms] + [_country_names(case.countries, "en"), extra_en])
    tags_fr = " . ".join([t.name_fr for t in terms] + [_country_names(case.countries, "fr")])
    tags = english_terms(tags_en) + french_terms(tags_fr) + french_terms(extra_fr)
    found = {
        **_texts(case, case.text_language, "", [case.lead_organisation, case.partners]),
        "tags": tags + _tag_pairs(tags_en, tags_fr, extra_fr),
    }
    # Each translation's texts, analysed in its language, as fields of their own.
    for code, texts in sorted((case.translations or {}).items()):
        found |= _texts(texts, code, f":{code}", [])
    for code in OTHER:
        names = [getattr(t, twin("name", code)) for t in terms]
        names += [_country_names(case.countries, code), (extra_other or {}).get(code, "")]
        found[f"tags_{code}"] = [
            *terms_in(" ".join(names), code),
            *(pair for name in names for pair in bigrams(terms_in(name, code))),
        ]
    return found


def _analysed(text: str, language: str) -> list[str]:
    """A text's terms in its language: French and the languages of `OTHER` in their
    namespaces, any other language as English (the default)."""
    if language == "fr":
        return french_terms(text)
    if language in OTHER:
        return terms_in(text, language)
    return english_terms(text)


def _texts(texts, language: str, suffix: str, more: list[str]) -> dict[str, list[str]]:
    """The title, summary and body fields of a case's texts (the case, or one of its
    translations as a dict) in `language`, named with `suffix`."""
    if not isinstance(texts, dict):
        texts = {name: getattr(texts, name) for name in TRANSLATED}
    title = _analysed(texts.get("title", ""), language)
    summary = _analysed(texts.get("summary", ""), language)
    body = [texts.get(name, "") for name in TRANSLATED[2:]]
    return {
        f"title{suffix}": title + bigrams(title),
        f"summary{suffix}": summary + bigrams(summary),
        f"body{suffix}": _analysed(" ".join([*body, *more]), language),
    }


def _tag_pairs(tags_en: str, tags_fr: str, extra_fr: str) -> list[str]:
    """Pairs within each tag name, never across two names."""
    pairs = []
    for name in tags_en.split(" . "):
        pairs += bigrams(english_terms(name))
    for name in [*tags_fr.split(" . "), extra_fr]:
        pairs += bigrams(french_terms(name))
    return pairs


def documents(ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Published cases' terms and weights, by case id (others are left out)."""
    ids = list(ids)
    cases = (
        Innovation.objects.published()
        .filter(pk__in=ids)
        .prefetch_related("sectors", "approaches", "enabling_factors", "country_links")
    )
    extras = [part.index_text(ids) for part in case_parts.values()]
    others = {
        code: [part.index_text(ids, (code,)) for part in case_parts.values()] for code in OTHER
    }
    found = {}
    for case in cases:
        extra = " ".join(extra.get(case.pk, "") for extra in extras)
        other = {code: " ".join(e.get(case.pk, "") for e in others[code]) for code in OTHER}
        # A part's text holds English and French names together: both analyses.
        found[case.pk] = weights(fields(case, extra, extra, other))
    return found
