"""Cards: a case's summary as the listings show it, rendered once per version of the case.

Every listing (search, home, featured, landing pages, similar cases) shows cards. A
card is kept in Django's cache (shared by the workers when it is Redis), under a key
made by `innovations.derived.key`: the release, the vocabularies' generation, the
language, the case and its version (its `updated_at`, which every write through the
services moves): publishing or editing one case never drops the cards of the others,
and a stale card (or one of an earlier release) is never looked up.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.core.validators import slug_re
from django.db.models import CharField, F, Value
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries.fields import Country

from .. import derived, facets, statements, translations
from ..models import Innovation, InnovationCountry, twin

TEMPLATE = "innovations/innovation_list.html#card"
PLACEHOLDER = "case-slug"
TIMEOUT = 7 * 24 * 3600
# What a card reads of a case (see `_render`).
CARD_FIELDS = (
    "pk", "title", "slug", "summary", "year_launched", "level", "status",
    "text_language", "translations",
)  # fmt: skip
CARD_ROW = (*CARD_FIELDS, "thumbnail")


@dataclass
class Card:
    """A case's rendered card (safe HTML), with what tests and links need."""

    pk: int
    title: str
    html: str


def card_key(index: facets.FacetIndex, language: str, pk: int) -> str:
    return derived.key("card", language, pk, index.version(pk), generation=index.generation)


def cards(index: facets.FacetIndex, ids: list[int]) -> list[Card]:
    """The cards of these published cases, in this order (unpublished ones left out)."""
    ids = [pk for pk in ids if index.slot(pk) is not None]
    if not ids:
        return []
    language = translation.get_language()
    keys = {pk: card_key(index, language, pk) for pk in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        rendered = _render(missing, language)
        cache.set_many({keys[pk]: card for pk, card in rendered.items()}, TIMEOUT)
        found.update({keys[pk]: card for pk, card in rendered.items()})
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def _render(ids: list[int], language: str) -> dict[int, Card]:
    """Render cards from plain values read in three queries (the cases, their sectors,
    their countries), each compiled once (`statements`): no model instances, and the
    labels, links and country names worked out once for all of them."""
    cases = {row[0]: dict(zip(CARD_ROW, row, strict=True)) for row in _CASES.rows(ids)}
    found = list(cases)
    links: dict[str, str] = {}  # sector slug: its page
    sectors: dict[int, list[tuple[str, str]]] = {}
    for pk, slug, name, translated in _SECTORS.rows(found, twin("name", language)):
        if slug not in links:
            links[slug] = reverse("innovations:sector", args=[slug])
        sectors.setdefault(pk, []).append((translated or name, links[slug]))
    countries: dict[int, list[str]] = {}
    for pk, code in _COUNTRIES.rows(found):
        countries.setdefault(pk, []).append(country_name(code, language))
    template = get_template(TEMPLATE)
    levels = {value: str(label) for value, label in Innovation.Level.choices}
    statuses = {value: str(label) for value, label in Innovation.Status.choices}
    tags_label = _("Sectors")  # the list of a card's sectors, for screen readers
    case_url = _case_url()
    rendered = {}
    for pk, case in cases.items():
        meta = [
            ", ".join(sorted(countries.get(pk, []))),
            str(case["year_launched"] or ""),
            levels.get(case["level"], ""),
            statuses.get(case["status"], ""),
        ]
        if isinstance(case["translations"], str):  # the driver's JSON text
            case["translations"] = json.loads(case["translations"])
        texts = translations.texts(SimpleNamespace(**case), language, names=("title", "summary"))
        context = {
            "texts": texts,
            "url": case_url(case["slug"]),
            "meta": " · ".join(item for item in meta if item),
            "sectors": sectors.get(pk, []),
            "tags_label": tags_label,
            "thumbnail": _thumbnail(case["thumbnail"]),
        }
        rendered[pk] = Card(pk, texts.title, template.render(context))
    return rendered


def _cases(ids: list[int]):
    thumbnail = Innovation.objects.thumbnails()
    published = Innovation.objects.published().filter(pk__in=ids).order_by()  # keyed by id
    return published.annotate(thumbnail=thumbnail).values_list(*CARD_FIELDS, "thumbnail")


def _sectors(ids: list[int], local: str):
    """(case, sector slug, English name, name in the page's language or None)."""
    name = F(f"sector__{local}") if local != "name" else Value(None, CharField())
    tagged = Innovation.sectors.through.objects.filter(innovation_id__in=ids)
    tagged = tagged.order_by("sector__order", "sector__name")
    return tagged.values_list("innovation_id", "sector__slug", "sector__name", name)


def _countries(ids: list[int]):
    return InnovationCountry.objects.filter(innovation_id__in=ids).values_list(
        "innovation_id", "country"
    )


_CASES, _SECTORS, _COUNTRIES = map(statements.Compiled, (_cases, _sectors, _countries))


def _case_url():
    """A function giving a case page's address from its slug: the address of one
    slug worked out once for all the cards (`reverse` costs more than the card's other
    links together), with `reverse` itself for a slug the URL pattern would refuse."""
    head, _slug, tail = reverse("innovations:detail", args=[PLACEHOLDER]).rpartition(PLACEHOLDER)

    def url(slug: str) -> str:
        if slug_re.fullmatch(slug):
            return f"{head}{slug}{tail}"
        return reverse("innovations:detail", args=[slug])

    return url


@lru_cache(maxsize=1024)
def country_name(code: str, language: str) -> str:
    """A country's name in a language (django-countries' own, translated once)."""
    with translation.override(language):
        return str(Country(code=code).name)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting.startswith("COUNTRIES_") or setting in {"LANGUAGES", "LOCALE_PATHS"}:
        country_name.cache_clear()


def _thumbnail(picture: dict | str | None) -> dict | None:
    """The card's picture: the case's first, its smallest copy if it has one (else the
    file), served by the file view (public once the case is published, which is the
    only case a card is made of)."""
    if not picture:
        return None
    if isinstance(picture, str):  # SQLite's JSON functions give text
        picture = json.loads(picture)
    copies = picture.pop("renditions", None) or []
    if isinstance(copies, str):
        copies = json.loads(copies)
    if copies:
        small = min(copies, key=lambda copy: copy["width"])
        src = reverse("innovations:media-rendition", args=[picture["pk"], small["width"]])
        return {**picture, "src": src, "width": small["width"], "height": small["height"]}
    return {**picture, "src": reverse("innovations:media-file", args=[picture["pk"]])}


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
