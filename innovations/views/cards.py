"""Cards: a case's summary as the listings show it, rendered once per catalogue revision.

Every listing (search, home, featured, landing pages, similar cases) shows cards. A
card is rendered from its case (tags and countries included) and kept by the worker's
facet index, so it is dropped as soon as the catalogue changes.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

from .. import facets
from ..models import Innovation

TEMPLATE = "innovations/innovation_list.html#card"


@dataclass
class Card:
    """A case's rendered card (safe HTML), with what tests and links need."""

    pk: int
    title: str
    html: str


def cards(index: facets.FacetIndex, ids: list[int]) -> list[Card]:
    """The cards of these published cases, in this order."""
    language = translation.get_language()
    return index.card_html([(language, pk) for pk in ids], _render)


def _render(keys: list) -> dict:
    language = keys[0][0]
    cases = Innovation.objects.published().filter(pk__in=[pk for _, pk in keys]).for_listing()
    return {
        (language, case.pk): Card(case.pk, case.title, render_to_string(TEMPLATE, {"case": case}))
        for case in cases
    }


class CardList:
    """A sequence of case ids that Paginator slices into pages of cards."""

    def __init__(self, index: facets.FacetIndex, ids: list[int]):
        self.index, self.ids = index, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Card]:
        return cards(self.index, self.ids[window])


def page_of(index: facets.FacetIndex, ids_or_results, number, per_page: int):
    """A page of cards from a list of ids (or anything Paginator can slice)."""
    items = CardList(index, ids_or_results) if isinstance(ids_or_results, list) else ids_or_results
    return Paginator(items, per_page).get_page(number)
