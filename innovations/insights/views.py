"""The insights page (the seed's figures for any search), its CSV files, and the about
pages."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import Approach, EnablingFactor
from . import svg, worldmap
from .figures import Chart, Figures, Grid, in_sentence, search_url


def _charts(figures: Figures) -> dict:
    """Every chart of the page, by its place on the page."""
    sections = []
    for section, total, charts in figures.sections():
        groups = [g.group for g in figures.counted.values() if str(g.group.section) == section]
        demand = figures.demand(groups)
        demand.title = _("Demand for %(section)s by sector (%% of countries)") % {
            "section": in_sentence(section)
        }
        demand.definition = _(
            "For each sector: of the countries named by these cases, the share that have at "
            "least one %(section)s case in that sector. The study asked governments; a "
            "catalogue can only show where cases have been collected."
        ) % {"section": in_sentence(section)}
        # "demand-cp": from the section's keys, so the CSV's address is the same in
        # every language.
        demand.slug = "demand-" + groups[0].key.split("_")[0]
        sections.append(
            {
                "name": section,
                "in_sentence": in_sentence(section),
                "total": total,
                "charts": charts,
                "demand": demand,
            }
        )
    return {
        "approach": figures.chart(
            "approach",
            "approaches",
            _("Cases by innovation approach"),
            _("Share of these cases tagged with each approach; a case may have several."),
        ),
        "over_time": figures.by_approach_over_time(),
        "factor": figures.chart(
            "factor",
            "factors",
            _("Enabling factors: share of cases citing each"),
            _("Share of these cases that cite the factor; a case may cite several."),
        ),
        "sector": figures.chart(
            "sector",
            "sectors",
            _("Cases by sector (COFOG)"),
            _("A case may serve several sectors."),
        ),
        "level": figures.chart(
            "level",
            "levels",
            _("Cases by level of government"),
            _("Cases with no level given are not counted."),
        ),
        "status": figures.chart(
            "status",
            "statuses",
            _("Cases by status"),
            _("Cases with no status given are not counted."),
        ),
        "country": figures.countries(),
        "sections": sections,
    }


def _all(charts: dict) -> list:
    found = [c for c in charts.values() if isinstance(c, Chart | Grid)]
    for section in charts["sections"]:
        found += [*section["charts"], section["demand"]]
    return found


def _denominator(chart: Chart) -> str:
    """What the chart's shares are shares of, said under it."""
    said = _("Shares of the %(n)s %(of)s that record it.") % {
        "n": chart.total,
        "of": chart.total_label,
    }
    if chart.unrecorded:
        said += " " + _("%(n)s record nothing here and are not counted.") % {"n": chart.unrecorded}
    if chart.few:
        said += " " + _("Fewer than 10 cases: these shares say little.")
    return said


@require_safe
def insights(request: HttpRequest) -> HttpResponse:
    figures = Figures(request.GET)
    charts = _charts(figures)
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    csv_url = reverse("innovations:insights-csv", args=["the-slug"])
    for chart in _all(charts):
        grid = isinstance(chart, Grid)
        if grid:
            chart.svg = svg.grid(chart)
        else:
            chart.svg, chart.svg_height = svg.bars(chart)
        chart.table = svg.grid_table(chart) if grid else svg.table(chart)
        # Built here, not by template tags: a page has some 25 charts.
        chart.csv_url = csv_url.replace("the-slug", chart.slug) + (f"?{encoded}" if encoded else "")
        chart.csv_label = _("CSV of “%(title)s”") % {"title": chart.title}
        chart.table_label = _("Data table: %(title)s") % {"title": chart.title}
        if not grid:
            chart.share_label = _("%% of %(n)s %(of)s") % {
                "n": chart.total,
                "of": chart.total_label,
            }
            chart.denominator = _denominator(chart)
    approaches = {b.value: b for b in charts["approach"].bars}
    factors = {b.value: b for b in charts["factor"].bars}
    names = {b.value: b.label for b in charts["country"].rows}
    counts = figures.country_counts()
    return render(
        request,
        "innovations/insights/insights.html",
        {
            **charts,
            "figures": figures,
            "total": figures.total,
            "trends": [(a, approaches.get(a.slug)) for a in Approach.objects.all()],
            "factors": [(f, factors.get(f.slug)) for f in EnablingFactor.objects.all()],
            "map": worldmap.world_map(
                counts, names, ident="map", title=_("Map of cases by country")
            ),
            "legend": worldmap.legend_items(counts),
            "active": figures.answer.active(),
            "notes": figures.notes,
            "search_url": search_url(query),
        },
    )


@require_safe
def insights_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One chart's numbers for the same search, as CSV."""
    found = {c.slug: c for c in _all(_charts(Figures(request.GET)))}
    chart = found.get(slug)
    if chart is None:
        raise Http404(_("No such chart."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opsi-{slug}.csv"'
    writer = csv.writer(response)
    link = request.build_absolute_uri
    if isinstance(chart, Grid):
        writer.writerow(["row", "first_year", "last_year", "cases", "search"])
        for label, cells in chart.rows:
            for (start, end), cell in zip(chart.columns, cells, strict=True):
                writer.writerow([label, start, end, cell.count, cell.url and link(cell.url)])
        return response
    writer.writerow(["value", "label", chart.total_label, "share_percent", "of", "search"])
    for bar in chart.rows:
        writer.writerow(
            [bar.value, bar.label, bar.count, bar.share, chart.total, bar.url and link(bar.url)]
        )
    return response


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "innovations/insights/about.html")


@require_safe
def research(request: HttpRequest) -> HttpResponse:
    return render(request, "innovations/insights/research.html")
