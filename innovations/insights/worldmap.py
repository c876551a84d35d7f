"""The world map: a choropleth of cases per country, as inline SVG.

The shapes are Natural Earth's 1:110m countries (public domain), converted once by
`build_map.py` into `world-110m.json` (committed; nothing is fetched at run time).
"""

import json
import math
from functools import cache
from html import escape
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries.fields import Country

from .. import facets

SHADES = 5
DATA = Path(__file__).with_name("world-110m.json")


@cache
def shapes() -> dict:
    return json.loads(DATA.read_text())


def shade(count: int, peak: int) -> int:
    """0 for no case, else 1 (fewest) to SHADES (most), in equal steps of the peak."""
    return math.ceil(SHADES * count / peak) if count and peak else 0


def legend(peak: int) -> list[tuple[int, str]]:
    """(shade, range of counts) for each shade that some count can have."""
    found = [(0, "0")]
    for n in range(1, SHADES + 1):
        low, high = math.floor(peak * (n - 1) / SHADES) + 1, math.floor(peak * n / SHADES)
        if low <= high:
            found.append((n, str(low) if low == high else f"{low}–{high}"))
    return found


def world_map(counts: dict[str, int], names: dict[str, str], *, ident: str,
              title: str, current: str = "") -> SafeString:  # fmt: skip
    """The map as SVG: each country with cases a link to its landing page, named with
    its count; the others drawn but not links. `names` are the countries' names in the
    active language (Natural Earth's English names are the fallback)."""
    data = shapes()
    peak = max(counts.values(), default=0)
    links, rest = [], []
    # One reverse() for every country: its code goes where the placeholder is.
    address = reverse("innovations:country", args=["XX"]).replace("XX", "{}")
    for country in data["countries"]:
        code = country["code"]
        count = counts.get(code, 0)
        name = escape(names.get(code) or country["name"])
        css = f"m{shade(count, peak)}" + (" current" if code and code == current else "")
        if count:
            label = escape(
                ngettext("%(name)s: %(n)s case", "%(name)s: %(n)s cases", count)
                % {"name": names.get(code) or country["name"], "n": count}
            )
            here = ' aria-current="page"' if code == current else ""
            links.append(
                f'<a href="{address.format(code)}" '
                f'aria-label="{label}"{here}><path class="{css}" d="{country["d"]}">'
                f"<title>{label}</title></path></a>"
            )
        else:
            rest.append(f'<path class="{css}" d="{country["d"]}"><title>{name}</title></path>')
    return mark_safe(
        f'<svg class="world-map" viewBox="{data["viewBox"]}" width="100%" role="group" '
        f'aria-labelledby="{ident}-title"><title id="{ident}-title">{escape(title)}</title>'
        f'<g aria-hidden="true">{"".join(rest)}</g><g>{"".join(links)}</g></svg>'
    )


def legend_items(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(css class, label) of the map's legend."""
    peak = max(counts.values(), default=0)
    return [(f"m{n}", _("no case") if n == 0 else text) for n, text in legend(peak)]


def country_map(code: str) -> dict:
    """The small map of a country's landing page: every published case, this country
    marked."""
    index = facets.current_index()
    counts = {
        code: bits.bit_count() for code, bits in index.options.get("country", {}).items() if bits
    }
    names = dict(index.choices().get("country", []))
    title = _("Map of cases by country; %(country)s is outlined") % {"country": Country(code).name}
    return {
        "map": world_map(counts, names, ident="map", title=title, current=code),
        "legend": legend_items(counts),
    }
