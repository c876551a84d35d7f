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

from ..models import Innovation
from ..registry import case_parts
from .analysis import bigrams, english_terms, french_terms

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
        weight, reference, b = FIELDS[name]
        norm = 1 - b + b * len(terms) / reference
        for term, count in Counter(terms).items():
            tf = count / norm
            scored[term] += weight * tf / (tf + K1)
    return {
        term: max(1, round(SCALE * score / TOTAL))
        for term, score in scored.items()
        if len(term) <= MAX_TERM
    }


def fields(case, extra_en: str, extra_fr: str) -> dict[str, list[str]]:
    """A case's analysed fields (unigrams and pairs) from the case with its tags fetched."""
    terms = [*case.sectors.all(), *case.approaches.all(), *case.enabling_factors.all()]
    tags_en = " . ".join([t.name for t in terms] + [_country_names(case.countries, "en"), extra_en])
    tags_fr = " . ".join([t.name_fr for t in terms] + [_country_names(case.countries, "fr")])
    title = english_terms(case.title)
    summary = english_terms(case.summary)
    tags = english_terms(tags_en) + french_terms(tags_fr) + french_terms(extra_fr)
    body = english_terms(
        " ".join(
            [
                case.description,
                case.innovative,
                case.results,
                case.challenges,
                case.lead_organisation,
                case.partners,
            ]
        )
    )
    return {
        "title": title + bigrams(title),
        "summary": summary + bigrams(summary),
        "tags": tags + _tag_pairs(tags_en, tags_fr, extra_fr),
        "body": body,
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
    found = {}
    for case in cases:
        extra = " ".join(extra.get(case.pk, "") for extra in extras)
        # A part's text holds English and French names together: both analyses.
        found[case.pk] = weights(fields(case, extra, extra))
    return found
