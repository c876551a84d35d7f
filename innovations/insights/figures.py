"""The figures of the insights page, counted from the facet index for any search.

Everything is counted from the bitmaps the search page uses (`catalogue`): a bar is the
number of the search's results that carry an option, `(results & option).bit_count()`,
which is what `facets.count` gives with the results as its base. No other query engine.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import facets
from ..catalogue import CatalogueQuery

BIN_YEARS = 5
TOP_COUNTRIES = 20
ROW = 46  # height of a bar's row (its label above it), in pixels
LONGEST = 100  # the longest bar, in % of the chart's width
CELL = 30  # height of a row of the grid's cells
SHADES = 4
FEW = 10  # below this many cases, a share is flagged as said of too few


def in_sentence(name: str) -> str:
    """A section's name inside a sentence: lower-cased ("a co-production profile"),
    except in German, whose nouns keep their capital ("ein Koproduktion-Profil")."""
    return name if (translation.get_language() or "").startswith("de") else name.lower()


@dataclass
class Bar:
    """One option's count among the results, its share of `Chart.total`, and the search
    that lists exactly those cases (None when no search can: see `option_url`)."""

    value: str
    label: str
    count: int
    share: float
    url: str | None


@dataclass
class Chart:
    slug: str
    title: str
    definition: str
    total: int  # what shares are a share of
    total_label: str
    bars: list[Bar]
    more: list[Bar] = field(default_factory=list)  # in the table and the CSV, not drawn
    # The results that record none of the options: not in `total`, counted apart.
    unrecorded: int = 0

    @property
    def few(self) -> bool:
        """A share of fewer than `FEW` cases, which says little."""
        return 0 < self.total < FEW

    @property
    def rows(self) -> list[Bar]:
        return self.bars + self.more

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)

    @property
    def drawn(self) -> list[tuple[Bar, float]]:
        """(bar, length in % of the width): bars scale with the page while their labels
        keep the text's size."""
        peak = self.peak
        return [(bar, round(LONGEST * bar.count / peak, 2) if peak else 0) for bar in self.bars]


@dataclass
class Grid:
    """Counts by row (an approach) and column (a span of years launched)."""

    slug: str
    title: str
    definition: str
    columns: list[tuple[int, int]]  # (first year, last year)
    rows: list[tuple[str, list[Bar]]]
    undated: int

    @property
    def peak(self) -> int:
        return max((b.count for _label, cells in self.rows for b in cells), default=0)

    @property
    def width(self) -> float:
        """A column's width in % of the chart's."""
        return round(100 / len(self.columns), 3) if self.columns else 100

    @property
    def drawn(self) -> list[tuple[str, int, list]]:
        """(row label, top, [(cell, left %, centre %, shade 0-4)]) under a header row."""
        peak, width = self.peak, self.width
        return [
            (
                label,
                24 + n * (CELL + 22),
                [
                    (
                        cell,
                        round(i * width, 3),
                        round((i + 0.5) * width, 3),
                        math.ceil(SHADES * cell.count / peak) if peak else 0,
                    )
                    for i, cell in enumerate(cells)
                ],
            )
            for n, (label, cells) in enumerate(self.rows)
        ]

    @property
    def headers(self) -> list[tuple[int, float]]:
        return [
            (start, round((i + 0.5) * self.width, 3)) for i, (start, _e) in enumerate(self.columns)
        ]

    @property
    def height(self) -> int:
        return 24 + len(self.rows) * (CELL + 22)


def search_url(params: QueryDict) -> str:
    return reverse("innovations:list") + ("?" + params.urlencode() if params else "")


class Links:
    """The searches that bars count, from one encoding of the search's parameters per
    filter (a page has hundreds of bars)."""

    def __init__(self, params: QueryDict):
        self.params, self.path, self.rest = params, reverse("innovations:list"), {}

    def _without(self, keys: tuple[str, ...]) -> str:
        if keys not in self.rest:
            changed = self.params.copy()
            for name in ("page", "sort", *keys):
                changed.pop(name, None)
            self.rest[keys] = changed.urlencode()
        return self.rest[keys]

    def option(self, key: str, value: str, chosen: list[str], years=None) -> str | None:
        """The search whose results are this search's results that carry the option
        (and, with `years`, were launched in those years).

        An option of an untouched filter is added to it; a ticked option becomes the
        only one of its filter. An option that is not ticked in a filter that has ticks
        counts cases carrying both, which the search (OR within a filter) cannot ask:
        no link.
        """
        if chosen and value not in chosen:
            return None
        extra = f"{key}={quote_plus(value)}"
        keys: tuple[str, ...] = (key,)
        if years:
            extra += f"&year_from={years[0]}&year_to={years[1]}"
            keys += ("year_from", "year_to")
        rest = self._without(keys)
        return f"{self.path}?{rest}{'&' if rest else ''}{extra}"


def _share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


class Figures:
    """Every figure of one search: build once per request, read the charts."""

    def __init__(self, params: QueryDict):
        self.params, self.links = params, Links(params)
        question = CatalogueQuery.from_params(params)
        self.answer = answer = question.run()
        self.plain, groups, self.notes = question.plain, answer.groups, question.notes
        self.index, self.bits = question.index, answer.bits
        self.total = self.bits.bit_count()
        self.groups = groups  # with the search's own (disjunctive) counts and ticks
        self.chosen = {g.group.key: [o.value for o in g.options if o.selected] for g in groups}
        # Each option counted among the results: the facet counter, with the results as
        # its base and nothing ticked.
        _bits, counted = facets.count(self.index, {}, self.bits)
        self.counted = {g.group.key: g for g in counted}

    def bars(self, key: str, total: int) -> list[Bar]:
        """Each option of a filter counted among the results, as a share of `total`."""
        chosen = self.chosen.get(key, [])
        return [
            Bar(
                o.value,
                o.label,
                o.count,
                _share(o.count, total),
                self.links.option(key, o.value, chosen) if o.count else None,
            )
            for o in self.counted[key].options
        ]

    def recorded(self, key: str) -> int:
        """How many of the results carry at least one option of a filter: a share is a
        share of those (the others record nothing and are counted apart)."""
        mask = 0
        for option in self.index.options.get(key, {}).values():
            mask |= option
        return (mask & self.bits).bit_count()

    def chart(self, key: str, slug: str, title: str, definition: str) -> Chart:
        total = self.recorded(key)
        return Chart(
            slug,
            title,
            definition,
            total,
            _("cases"),
            self.bars(key, total),
            unrecorded=self.total - total,
        )

    def countries(self) -> Chart:
        total = self.recorded("country")
        rows = [b for b in self.bars("country", total) if b.count]
        rows.sort(key=lambda b: (-b.count, b.label))
        return Chart(
            "countries",
            _("Cases by country"),
            _("Number of cases that name the country; a case may name several countries."),
            total,
            _("cases"),
            rows[:TOP_COUNTRIES],
            rows[TOP_COUNTRIES:],
            unrecorded=self.total - total,
        )

    def country_counts(self) -> dict[str, int]:
        return {o.value: o.count for o in self.counted["country"].options if o.count}

    def by_approach_over_time(self) -> Grid:
        index, bits = self.index, self.bits
        years = sorted(y for y, mask in index.years.items() if mask & bits)
        columns = []
        if years:
            first = years[0] - years[0] % BIN_YEARS
            columns = [(y, y + BIN_YEARS - 1) for y in range(first, years[-1] + 1, BIN_YEARS)]
        # The results launched in each span.
        masks = [index.year_mask(start, end) & bits for start, end in columns]
        dated = 0
        for mask in masks:
            dated |= mask
        chosen = self.chosen.get("approach", [])
        rows = []
        for option in self.counted["approach"].options:
            approach = index.options.get("approach", {}).get(option.value, 0)
            cells = []
            for (start, end), mask in zip(columns, masks, strict=True):
                count = (mask & approach).bit_count()
                url = None
                if count:
                    years = (
                        max(start, self.plain["year_from"] or start),
                        min(end, self.plain["year_to"] or end),
                    )
                    url = self.links.option("approach", option.value, chosen, years)
                cells.append(Bar(f"{start}-{end}", f"{start}–{end}", count, 0.0, url))
            rows.append((option.label, cells))
        return Grid(
            "approach-over-time",
            _("Cases by approach over time"),
            _(
                "Cases by innovation approach and year launched, in spans of five years; "
                "a case may have several approaches."
            ),
            columns,
            rows,
            (bits & ~dated).bit_count(),
        )

    # -- co-production (and any other section another app registers) -----------------

    def sections(self) -> list[tuple[str, int, list[Chart]]]:
        """Each section's charts as shares of the results that belong to the section:
        cases carrying at least one of its options."""
        found: dict[str, list] = {}
        for group in self.counted.values():
            if group.group.section:
                found.setdefault(str(group.group.section), []).append(group.group)
        sections = []
        for section, groups in found.items():
            members = self.section_bits(groups)
            total = members.bit_count()
            charts = [
                Chart(
                    g.key,
                    str(g.label),
                    str(g.definition),
                    total,
                    _("%(section)s cases") % {"section": in_sentence(section)},
                    self.bars(g.key, total),
                )
                for g in groups
            ]
            sections.append((section, total, charts))
        return sections

    def section_bits(self, groups) -> int:
        members = 0
        for group in groups:
            for mask in self.index.options.get(group.key, {}).values():
                members |= mask
        return members & self.bits

    def demand(self, section_groups) -> Chart:
        """Per sector, the share of the countries of the results that have at least one
        of the section's cases in that sector (the study's "demand", % of countries)."""
        index = self.index
        members = self.section_bits(section_groups)
        countries = [
            mask & self.bits
            for mask in index.options.get("country", {}).values()
            if mask & self.bits
        ]
        rows = []
        for option in self.counted["sector"].options:
            sector = index.options.get("sector", {}).get(option.value, 0) & members
            count = sum(1 for mask in countries if mask & sector)
            rows.append(Bar(option.value, option.label, count, _share(count, len(countries)), None))
        return Chart("demand", "", "", len(countries), _("countries"), rows)
