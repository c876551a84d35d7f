"""The charts' SVG and data-table rows, built in Python in one pass.

A page holds some 300 bars and table rows; through the template language each cost
tens of microseconds (the search page's options had the same problem, see
`views.search.options_html`). Every label and URL is escaped here.
"""

from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures import CELL, ROW, Chart, Grid


def _number(value: float, separator: str) -> str:
    return f"{value:.1f}".replace(".", separator)


LINE = 38  # characters of a label's line: what the narrowest chart on a phone holds
LEADING = 17  # pixels between the lines of a label


def _lines(label: str, number: str) -> list[tuple[str, str]]:
    """(label text, number) lines: the label wrapped at words, its number after the
    last line if it fits there, else on a line of its own."""
    lines = [""]
    for word in label.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > LINE:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    found = [(line, "") for line in lines]
    if len(lines[-1]) + 2 + len(number) > LINE:
        return [*found, ("", number)]
    found[-1] = (lines[-1], number)
    return found


def bars(chart: Chart) -> tuple[SafeString, int]:
    """Horizontal bars, each under its label and number, in % of the width: they scale
    with the page while the text keeps its size (long labels wrap). And the height."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    name = _("%(label)s: %(n)s (%(share)s %% of %(of)s). Show them")
    rows, top = [], 0
    for bar, length in chart.drawn:
        share = _number(bar.share, separator)
        lines = _lines(bar.label, f"{bar.count} · {share} %")
        below = LEADING * (len(lines) - 1)
        text = "".join(
            f'<tspan x="0" dy="{LEADING if n else 0}">{escape(words)}'
            + (f'{" " if words else ""}<tspan class="bar-value">{number}</tspan>' if number else "")
            + "</tspan>"
            for n, (words, number) in enumerate(lines)
        )
        body = (
            f'<text class="bar-label" x="0" y="15">{text}</text>'
            f'<rect class="bar" x="0" y="{21 + below}" height="16" width="{length}%"></rect>'
        )
        if bar.url:
            label = name % {
                "label": bar.label,
                "n": bar.count,
                "share": share,
                "of": chart.total_label,
            }
            body = (
                f'<a href="{escape(bar.url)}" aria-label="{escape(label)}"><rect class="hit" '
                f'x="0" y="0" width="100%" height="{40 + below}" fill="transparent"></rect>'
                f"{body}</a>"
            )
        rows.append(f'<g transform="translate(0 {top})">{body}</g>')
        top += ROW + below
    return mark_safe("\n".join(rows)), top + 4


def table(chart: Chart) -> SafeString:
    """The chart's rows as table rows: option (a link to its search), count, share."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    rows = []
    for bar in chart.rows:
        label = escape(bar.label)
        if bar.url:
            label = f'<a href="{escape(bar.url)}">{label}</a>'
        rows.append(
            f'<tr><th scope="row">{label}</th><td class="num">{bar.count}</td>'
            f'<td class="num">{_number(bar.share, separator)}</td></tr>'
        )
    return mark_safe("\n".join(rows))


def grid(chart: Grid) -> SafeString:
    """One row of cells per approach, under its name; the number in each cell."""
    name = _("%(row)s, launched %(span)s: %(n)s cases. Show them")
    parts = [
        '<g class="axis" aria-hidden="true">'
        + "".join(
            f'<text x="{centre}%" y="14" text-anchor="middle">{start}</text>'
            for start, centre in chart.headers
        )
        + "</g>"
    ]
    for label, top, cells in chart.drawn:
        row = [f'<text class="bar-label" x="0" y="15">{escape(label)}</text>']
        for cell, left, centre, shade in cells:
            body = (
                f'<rect class="cell g{shade}" x="{left}%" y="20" width="{chart.width}%" '
                f'height="{CELL}"></rect><text class="cell-value g{shade}" x="{centre}%" '
                f'y="40" text-anchor="middle">{cell.count}</text>'
            )
            if cell.url:
                text = name % {"row": label, "span": cell.label, "n": cell.count}
                body = f'<a href="{escape(cell.url)}" aria-label="{escape(text)}">{body}</a>'
            row.append(body)
        parts.append(f'<g transform="translate(0 {top})">{"".join(row)}</g>')
    return mark_safe("\n".join(parts))


def grid_table(chart: Grid) -> SafeString:
    rows = []
    for label, cells in chart.rows:
        values = "".join(
            f'<td class="num"><a href="{escape(c.url)}">{c.count}</a></td>'
            if c.url
            else f'<td class="num">{c.count}</td>'
            for c in cells
        )
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{values}</tr>')
    return mark_safe("\n".join(rows))
