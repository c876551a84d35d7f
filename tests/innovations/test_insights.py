"""The insights page: every chart's numbers equal the same aggregate counted in SQL on
the published cases, with and without filters, whatever drafts, rejected and
unpublished cases hold; every bar links to a search with exactly its cases."""

import csv
import io
from functools import reduce
from operator import or_
from urllib.parse import urlencode, urlsplit

import pytest
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from coproduction.models import DIMENSIONS, CoproductionProfile, EnhancingFactor, Reason
from innovations.insights.figures import Figures
from innovations.insights.views import _all, _charts
from innovations.models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector
from tests.factories import make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
TERMS = {"cp_reason": ("reasons", Reason), "cp_enhancing": ("enhancing_factors", EnhancingFactor)}


@pytest.fixture
def catalogue():
    """Published cases of several kinds, and unpublished ones that carry every tag."""
    reason = Reason.objects.get(slug="reduce-costs")
    enhancing = EnhancingFactor.objects.get(slug="ict-tools")
    cp = {"kind": "addition", "stage": ["planning", "delivery"], "reasons": [reason]}
    make_case(title="Bicycle lanes", sectors=("health", "education"), countries=("FR", "DE"),
              level="national", status="pilot", year_launched=1998,
              parts={"coproduction": cp})  # fmt: skip
    make_case(title="Bicycle budget", approaches=("competition", "user-tailoring"),
              factors=("user-involvement",), countries=("DE",), level="local",
              year_launched=2004, parts={"coproduction": {"tool": ["ict"]}})  # fmt: skip
    substitution = {"kind": "substitution", "enhancing_factors": [enhancing]}
    make_case(sectors=("education",), countries=("BR",), status="scaled", year_launched=2011,
              parts={"coproduction": substitution})  # fmt: skip
    make_case(sectors=("social-protection", "health"), countries=("BR", "FR"), year_launched=2013)
    make_case(approaches=(), factors=(), countries=("IT",))
    for state in (State.DRAFT, State.SUBMITTED, State.REJECTED, State.UNPUBLISHED):
        make_case(title="Bicycle hidden", state=state, sectors=("health", "defence"),
                  approaches=("competition",), countries=("NZ", "FR"), level="regional",
                  status="planned", year_launched=1985,
                  parts={"coproduction": {**cp, "risk": ["probity"]}})  # fmt: skip


# (query string, the same cases in the ORM)
SEARCHES = [
    ({}, Q()),
    ({"sector": "health"}, Q(sectors__slug="health")),
    (
        {"sector": ["health", "education"], "country": "DE"},
        Q(pk__in=Innovation.objects.filter(sectors__slug__in=["health", "education"]).values("pk"))
        & Q(pk__in=InnovationCountry.objects.filter(country="DE").values("innovation_id")),
    ),
    ({"year_from": "2000", "year_to": "2012"}, Q(year_launched__range=(2000, 2012))),
    ({"q": "bicycle", "level": "national"}, Q(title__icontains="bicycle", level="national")),
    ({"cp_kind": "addition"}, Q(coproduction__kind="addition")),
]


def cases(condition: Q):
    return Innovation.objects.published().filter(
        pk__in=Innovation.objects.filter(condition).values("pk")
    )


def coproduction_cases(base):
    """Published cases of the search with at least one dimension or term recorded."""
    flags = [Q(**{f: True}) for d in DIMENSIONS if d.multiple for f in d.fields]
    chosen = [~Q(**{d.name: ""}) for d in DIMENSIONS if not d.multiple]
    lists = ("reasons", "hindering_factors", "enhancing_factors")
    terms = [Q(**{f"{name}__isnull": False}) for name in lists]
    profiles = CoproductionProfile.objects.filter(reduce(or_, flags + chosen + terms))
    return base.filter(pk__in=profiles.values("innovation_id"))


def share(count, total):
    return round(100 * count / total, 1) if total else 0.0


def expected(condition: Q) -> dict[str, dict[str, tuple[int, float]]]:
    """Each chart's (count, share) by option, counted by the ORM."""
    base = cases(condition)
    found = {}
    for slug, model, relation in [
        ("approaches", Approach, "approaches"),
        ("factors", EnablingFactor, "enabling_factors"),
        ("sectors", Sector, "sectors"),
    ]:
        found[slug] = {}
        # A share is of the cases that record the dimension at all.
        recorded = base.filter(**{f"{relation}__isnull": False}).distinct().count()
        for term in model.objects.all():
            n = base.filter(**{f"{relation}__slug": term.slug}).count()
            found[slug][term.slug] = (n, share(n, recorded))
    for slug, field, choices in [
        ("levels", "level", Innovation.Level),
        ("statuses", "status", Innovation.Status),
    ]:
        found[slug] = {}
        recorded = base.exclude(**{field: ""}).count()
        for value in choices.values:
            n = base.filter(**{field: value}).count()
            found[slug][value] = (n, share(n, recorded))
    rows = InnovationCountry.objects.filter(innovation__in=base)
    codes = set(rows.values_list("country", flat=True))
    found["countries"] = {}
    named = rows.values("innovation").distinct().count()
    for code in codes:
        n = rows.filter(country=code).count()
        found["countries"][code] = (n, share(n, named))
    members = coproduction_cases(base)
    cp_total = members.count()
    profiles = CoproductionProfile.objects.filter(innovation__in=members)
    for dimension in DIMENSIONS:
        found[f"cp_{dimension.name}"] = {}
        for value in dimension.choices.values:
            field = f"{dimension.name}_{value}" if dimension.multiple else dimension.name
            n = profiles.filter(**{field: True if dimension.multiple else value}).count()
            found[f"cp_{dimension.name}"][value] = (n, share(n, cp_total))
    for key, (relation, model) in TERMS.items():
        found[key] = {}
        for term in model.objects.all():
            n = profiles.filter(**{f"{relation}__slug": term.slug}).count()
            found[key][term.slug] = (n, share(n, cp_total))
    found["demand-cp"] = {}
    for sector in Sector.objects.all():
        with_cp = set(
            rows.filter(innovation__in=members.filter(sectors=sector)).values_list(
                "country", flat=True
            )
        )
        found["demand-cp"][sector.slug] = (len(with_cp), share(len(with_cp), len(codes)))
    return found


def over_time(condition: Q) -> dict[tuple[str, int], int]:
    base = cases(condition)
    years = [y for y in base.values_list("year_launched", flat=True) if y]
    found = {}
    if not years:
        return found
    for approach in Approach.objects.all():
        for start in range(min(years) - min(years) % 5, max(years) + 1, 5):
            n = base.filter(approaches=approach, year_launched__range=(start, start + 4)).count()
            found[(approach.name, start)] = n
    return found


def csv_of(client, slug: str, params: dict) -> list[dict]:
    response = client.get(reverse("innovations:insights-csv", args=[slug]), params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("params, condition", SEARCHES)
def test_every_chart_equals_the_same_count_in_sql(client, catalogue, params, condition):
    want = expected(condition)
    for slug, by_value in want.items():
        rows = csv_of(client, slug, params)
        counted = list(rows[0])[2]  # "cases", "co-production cases" or "countries"
        got = {r["value"]: (int(r[counted]), float(r["share_percent"])) for r in rows}
        if slug == "countries":
            got = {k: v for k, v in got.items() if v[0]}
        assert got == by_value, slug


@pytest.mark.parametrize("params, condition", SEARCHES)
def test_approach_over_time_equals_sql(client, catalogue, params, condition):
    rows = csv_of(client, "approach-over-time", params)
    got = {(r["row"], int(r["first_year"])): int(r["cases"]) for r in rows}
    assert got == over_time(condition)


@pytest.mark.parametrize("params, _condition", SEARCHES)
def test_every_bar_links_to_a_search_with_exactly_its_cases(catalogue, params, _condition):
    query = QueryDict(urlencode(params, doseq=True))
    charts = _all(_charts(Figures(query)))
    linked = 0
    for chart in charts:
        if hasattr(chart, "columns"):
            bars = [cell for _label, cells in chart.rows for cell in cells]
        else:
            bars = chart.rows
        for bar in bars:
            if bar.url:
                url = urlsplit(bar.url)
                assert url.path == reverse("innovations:list")
                assert Figures(QueryDict(url.query)).total == bar.count, (chart.slug, bar)
                linked += 1
    assert linked


def test_the_page_shows_the_search_and_never_the_unpublished(client, catalogue):
    response = client.get(reverse("innovations:insights"), {"sector": "health"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Remove filter Sector: Health" in html
    assert 'href="/countries/FR/"' in html
    assert 'href="/countries/NZ/"' not in html  # only unpublished cases name it
    assert "Browse these 4 cases" in html


def test_the_search_page_links_to_the_charts_of_its_cases(client, catalogue):
    html = client.get(reverse("innovations:list"), {"sector": "health"}).content.decode()
    assert 'href="/insights/?sector=health"' in html
    assert "Charts of these 4 cases" in html


def test_a_country_page_has_a_small_map_with_the_country_marked(client, catalogue):
    html = client.get(reverse("innovations:country", args=["DE"])).content.decode()
    assert 'class="world-map"' in html
    assert 'href="/countries/DE/" aria-label="Germany: 2 cases" aria-current="page"' in html


@pytest.mark.parametrize(
    "query",
    [
        "year_from=abc&year_to=99999",
        "sector=nope&sector=&country=ZZ&level=%00",
        "q=" + "x" * 5000,
        "q=%00%ff&sort=bogus&page=-1",
        "year_from=2020&year_to=1990&approach=competition",
        "cp_kind=addition&cp_kind=addition&cp_stage=nope",
        "q=%22%27%3C%3E()*&country=fr",
    ],
)
def test_bad_parameters_never_give_an_error(client, catalogue, query):
    assert client.get("/insights/?" + query).status_code == 200
    assert client.get("/insights/sectors.csv?" + query).status_code == 200
    assert client.get("/insights/approach-over-time.csv?" + query).status_code == 200


def test_an_unknown_chart_is_not_found(client, catalogue):
    assert client.get("/insights/nope.csv").status_code == 404


def test_an_empty_catalogue_has_empty_charts(client):
    assert client.get(reverse("innovations:insights")).status_code == 200
    assert client.get("/insights/approach-over-time.csv").status_code == 200


def test_about_pages_say_what_the_catalogue_is(client):
    about = client.get(reverse("innovations:about")).content.decode()
    assert "26 OECD countries" in about and "58 country examples" in about
    research = client.get(reverse("innovations:research")).content.decode()
    assert "Together for Better Public Services" in research
    assert "Promoting Innovation in Government" in research


def test_insights_page_queries_are_constant_in_the_number_of_cases(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.get(reverse("innovations:insights"))  # the facet index follows the writes
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("innovations:insights"), {"sector": "health"})
            assert response.status_code == 200
        return len(captured)

    for n in range(3):
        make_case(year_launched=2000 + n, parts={"coproduction": {"kind": "addition"}})
    small = queries()
    for n in range(17):
        make_case(sectors=("health", "education"), approaches=("competition",),
                  countries=("DE", "BR"), year_launched=1990 + n,
                  parts={"coproduction": {"stage": ["design"]}})  # fmt: skip
    client.get(reverse("innovations:insights"))  # the facet index catches up
    with django_assert_num_queries(small):
        client.get(reverse("innovations:insights"), {"sector": "health"})
    assert small <= 4  # the catalogue's revision, the approaches, the enabling factors


def test_the_map_has_each_country_once_under_its_iso_code():
    from django_countries.fields import Country

    from innovations.insights import worldmap

    codes = [c["code"] for c in worldmap.shapes()["countries"] if c["code"]]
    assert len(codes) == len(set(codes)) > 170
    assert all(Country(code).name for code in codes)


def test_the_charts_need_no_script_and_no_inline_style(client, catalogue):
    html = client.get(reverse("innovations:insights")).content.decode()
    assert "<script" not in html and "<style" not in html and " style=" not in html
    assert html.count("<svg") > 20 and html.count("<title") > 20


@pytest.mark.parametrize(
    ("language", "said"), [("en", "co-production profile"), ("de", "Koproduktion")]
)
def test_a_section_named_inside_a_sentence_keeps_its_capital_only_in_german(
    client, catalogue, language, said
):
    """English writes "a co-production profile"; German nouns keep their capital."""
    with translation.override(language):
        url = reverse("innovations:insights")
    page = client.get(url).content.decode()
    assert said in page
    if language == "de":
        assert "koproduktion" not in page.replace("Koproduktion", "")
