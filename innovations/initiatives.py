"""Whether two cases are the same initiative, told by their names: one case's name
("Decidim Barcelona") is within the other's title ("decidim: participatory budgeting in
barcelona"), both name a common country, the title's words are, in the main, told by
the named case's text, and the name says which initiative it is: a word of it is rare
among the titles compared, or it is most of the title ("Citizens' Assembly" names the
Irish one, not every assembly in Ireland). Used by the importer (`pool_matches`, to
hold a repeated row for review) and by the review page (`initiative_matches`).
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .models import Innovation

# Words that say nothing of which initiative it is.
STOP = frozenset(
    [
        "the",
        "of",
        "in",
        "a",
        "an",
        "and",
        "for",
        "on",
        "to",
        "de",
        "la",
        "el",
        "des",
        "du",
        "le",
        "les",
        "di",
        "da",
        "do",
        "e",
        "y",
        "et",
        "with",
        "at",
        "by",
        "from",
        "its",
        "is",
        "was",
        "are",
        "as",
        "that",
        "this",
        "which",
        "using",
        "s",
    ]
)
TOKEN = re.compile(r"\w+(?:[-.]\w+)*")
BRACKETS = re.compile(r"\(.*?\)|\[.*?\]")
COVERAGE = 0.75  # share of the title's words the named case's text must tell
RARE_COVERAGE = 0.5  # the same, when a word of the name is rare ("e-people")
NAMED_SHARE = 0.6  # or share of the title that the name is
RARE = 3  # a word in at most this many of the titles compared


def words(text: str) -> list[str]:
    """The meaningful words of a text, case and accents folded."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    return [w for w in TOKEN.findall(folded) if w not in STOP and not w.isdigit()]


def name_words(title: str) -> list[str]:
    """The words of a name without what it adds in brackets: "Better Reykjavík (Betri
    Reykjavík)" is named by "better reykjavik"."""
    return words(BRACKETS.sub(" ", title)) or words(title)


def _within(word: str, others) -> bool:
    """The word, or a longer form of it ("budget" in "budgeting")."""
    return any(o == word or (len(word) >= 4 and o.startswith(word)) for o in others)


def _told(word: str, told: frozenset) -> bool:
    return word in told or any(
        len(t) >= 4 and len(word) >= 4 and (t.startswith(word) or word.startswith(t)) for t in told
    )


def frequencies(titles) -> Counter:
    """In how many of these titles each word occurs."""
    return Counter(w for title in titles for w in set(words(title)))


@dataclass
class Named:
    """A case as the comparison reads it."""

    pk: int
    label: str
    title: str
    countries: frozenset
    told: frozenset  # the words of its title and text

    @classmethod
    def of(cls, pk, label, title, countries, text) -> "Named":
        return cls(pk, label, title, frozenset(map(str, countries)), frozenset(words(text)))


def same_initiative(name: Named, other: Named, frequency: Counter) -> bool:
    """Whether the case `name` is the initiative that `other`'s title names."""
    named = name_words(name.title)
    title_words = words(other.title)
    plain_title = name_words(other.title)
    if not named or not title_words or not (name.countries & other.countries):
        return False
    if not all(_within(w, plain_title) for w in named):
        return False
    rare = any(frequency.get(w, 0) <= RARE for w in named)
    if not rare and len(named) / len(title_words) < NAMED_SHARE:
        return False
    covered = sum(1 for w in title_words if _told(w, name.told))
    return covered / len(title_words) >= (RARE_COVERAGE if rare else COVERAGE)


def either_way(a: Named, b: Named, frequency: Counter) -> bool:
    return same_initiative(a, b, frequency) or same_initiative(b, a, frequency)


def known_cases(exclude_dataset: str) -> list[Named]:
    """Every case not rejected and not from this data set (the demo, other corpora)."""
    cases = (
        Innovation.objects.exclude(source_dataset=exclude_dataset)
        .exclude(state=Innovation.State.REJECTED)
        .only("pk", "slug", "title", "summary", "description", "source_dataset", "source_record_id")
        .prefetch_related("country_links")
    )
    return [
        Named.of(
            case.pk,
            f"{case.source_dataset}:{case.source_record_id}" if case.source_dataset else case.slug,
            case.title,
            [link.country for link in case.country_links.all()],
            f"{case.title} {case.summary} {case.description}",
        )
        for case in cases
    ]


def pool_matches(row: Named, pool: list[Named], frequency: Counter) -> list[Named]:
    """The known cases that are the same initiative as a row."""
    return [known for known in pool if either_way(row, known, frequency)]


def initiative_matches(case: Innovation, states) -> list[Innovation]:
    """Cases in these states that are the same initiative as this one: the titles of
    the cases in its countries first, then the few that may match in full."""
    mine = [str(c) for c in case.country_links.values_list("country", flat=True)]
    if not mine:
        return []
    titles = list(
        Innovation.objects.filter(state__in=states, country_links__country__in=mine)
        .exclude(pk=case.pk)
        .values_list("pk", "title")
        .distinct()
    )
    own, own_name = words(case.title), name_words(case.title)
    maybe = [
        pk
        for pk, title in titles
        if all(_within(w, own) for w in name_words(title))
        or all(_within(w, words(title)) for w in own_name)
    ]
    if not maybe:
        return []
    frequency = frequencies([case.title, *(title for _pk, title in titles)])
    this = Named.of(case.pk, case.slug, case.title, mine, _text(case))
    others = Innovation.objects.filter(pk__in=maybe[:50]).prefetch_related("country_links")
    return [
        other
        for other in others
        if either_way(
            this,
            Named.of(
                other.pk,
                other.slug,
                other.title,
                [c.country for c in other.country_links.all()],
                _text(other),
            ),
            frequency,
        )
    ]


def _text(case: Innovation) -> str:
    return f"{case.title} {case.summary} {case.description}"
