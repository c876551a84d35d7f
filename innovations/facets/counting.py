"""Counting a search's facets, and finding similar cases, from a facet index."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from ..models import Innovation
from ..registry import FacetGroup, facet_groups
from .index import FacetIndex, newest_positions


@lru_cache(maxsize=8192)
def escaped(text: str) -> SafeString:
    """Text escaped for HTML, remembered: a search page shows the same option names,
    values and ids at every request (120-300 of them), and escaping each one again was
    two fifths of drawing them."""
    return escape(text)


@dataclass(slots=True)
class Option:
    """An option of a facet group with its count (what ticking it would give). The
    `field_*`, `label_html`, `count_text` and `noun` are its texts for the search form,
    escaped."""

    value: str
    label: str
    count: int
    selected: bool
    key: str = ""  # its group's (the form field's name)
    language: str = ""  # the page's, for its count's words

    def __getitem__(self, name: str):
        """Its fields by name: the template engine tries this before attributes, and
        finds each of an option's eight fields at its first try (120-300 options a
        page)."""
        return getattr(self, name)

    @property
    def empty(self) -> bool:
        """Nothing to find by ticking it (shown greyed out and disabled)."""
        return not (self.count or self.selected)

    @property
    def field_id(self) -> SafeString:
        """The id of its checkbox in the search form."""
        return escaped(f"f-{self.key}-{self.value}")

    @property
    def field_name(self) -> SafeString:
        return escaped(self.key)

    @property
    def field_value(self) -> SafeString:
        return escaped(self.value)

    @property
    def label_html(self) -> SafeString:
        return escaped(self.label)

    @property
    def count_text(self) -> SafeString:
        """The count as the page's language writes numbers ("1,234", "1 234")."""
        return count_words(self.language, self.count)[0]

    @property
    def noun(self) -> SafeString:
        """ "case" or "cases", for screen readers after the count (worked out here, not
        by a template tag per option)."""
        return count_words(self.language, self.count)[1]


@lru_cache(maxsize=8192)
def count_words(language: str, count: int) -> tuple[SafeString, SafeString]:
    """A count as a language writes it, and "case" or "cases" after it, escaped;
    remembered (a page shows 120-300 counts, and the plural and the number format are
    looked up in the language's catalogue and formats each time)."""
    with translation.override(language):
        digits = str(count) if count < 1000 else number_format(count, force_grouping=True)
        return escape(digits), escape(ngettext("case", "cases", count))


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LOCALE_PATHS", "LANGUAGE_CODE", "USE_THOUSAND_SEPARATOR"}:
        count_words.cache_clear()


@dataclass
class GroupCounts:
    group: FacetGroup
    options: list[Option]

    @property
    def selected_count(self) -> int:
        return sum(o.selected for o in self.options)


def count(
    index: FacetIndex, selected: dict[str, list[str]], base: int
) -> tuple[int, list[GroupCounts]]:
    """The result bitmap, and every group's option counts with the other groups applied.

    An option's count is the number of results that ticking it would give; a ticked
    option shows its own share. `base` holds the filters that are not facets (text
    query, years).
    """
    masks = {key: index.mask(key, values) for key, values in selected.items() if values}
    result = base
    for mask in masks.values():
        result &= mask
    choices = index.choices()
    language = translation.get_language()
    groups = []
    for group in facet_groups:
        others = base
        for key, mask in masks.items():
            if key != group.key:
                others &= mask
        chosen = set(selected.get(group.key, []))
        bitmaps = index.options.get(group.key, {})
        options = []
        for value, label in choices.get(group.key, []):
            bits = bitmaps.get(value, 0)
            if not bits and group.hide_empty and value not in chosen:
                continue
            if value in chosen or not chosen:
                count = (others & bits).bit_count()
            else:  # choosing it widens the group's OR: count what the click would give
                count = (others & (masks[group.key] | bits)).bit_count()
            options.append(Option(value, label, count, value in chosen, group.key, language))
        groups.append(GroupCounts(group, options))
    return result, groups


def similar(index: FacetIndex, case: Innovation, related: list[int], limit: int = 4) -> list[int]:
    """Ids of published cases most like this one, never itself.

    Tries the strictest combination of shared tags first (sector, approach, enabling
    factor and country), then looser ones; within each, cases whose text is related
    (`related`: ids ranked by shared words of the title and summary) come first, then
    the newest. Cases related by text alone close the list.
    """
    own = {
        "sector": [t.slug for t in case.sectors.all()],
        "approach": [t.slug for t in case.approaches.all()],
        "factor": [t.slug for t in case.enabling_factors.all()],
        "country": [c.code for c in case.countries],
    }
    masks = {key: index.mask(key, values) for key, values in own.items()}
    layers = [
        ("sector", "approach", "factor", "country"),
        ("sector", "approach", "factor"),
        ("sector", "approach"),
        ("sector", "country"),
        ("sector", "factor"),
        ("sector",),
        ("approach",),
        (),  # text alone
    ]
    text = [p for p in map(index.slot, related) if p is not None]
    own_slot = index.slot(case.pk)
    taken = 0 if own_slot is None else 1 << own_slot
    found: list[int] = []
    for layer in layers:
        bits = index.everything
        for key in layer:
            bits &= masks[key]
        bits &= ~taken
        by_text = [p for p in text if bits >> p & 1]
        newest = newest_positions(bits, 0, limit) if layer else []
        for p in dict.fromkeys([*by_text, *newest]):
            if len(found) == limit:
                return found
            found.append(index.ids[p])
            taken |= 1 << p
    return found
