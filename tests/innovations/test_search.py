"""Search invariants, on whichever database DATABASE_URL names."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from innovations import search
from innovations.filters import parse
from innovations.models import Innovation, Sector
from innovations.registry import facet_groups
from tests.factories import make_case
from tests.filtersets import filter_queryset

pytestmark = pytest.mark.django_db

URL = reverse("innovations:list")
HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]


def toggle_url(params, key: str, value: str) -> str:
    """The query string with one option ticked, or unticked if it was."""
    changed = params.copy()
    changed.pop("page", None)
    values = changed.getlist(key)
    changed.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + changed.urlencode()


def titles(response) -> list[str]:
    return [case.title for case in response.context["page"].object_list]


def test_a_case_is_found_by_its_exact_title_and_a_distinctive_word(client):
    case = make_case(title="Burocrazia: diamoci un taglio!", description="Zanzibarian kelp.")
    make_case(title="Something else")
    assert titles(client.get(URL, {"q": case.title})) == [case.title]
    assert titles(client.get(URL, {"q": "zanzibarian"})) == [case.title]


def test_every_demo_case_is_found_by_its_exact_title(client):
    call_command("load_demo", stdout=io.StringIO())
    for case in Innovation.objects.published():
        assert case.pk in search.matches(case.title), case.title


def test_search_ignores_accents_and_capitals(client):
    make_case(title="Orçamento Participativo in São Paulo")
    assert titles(client.get(URL, {"q": "ORCAMENTO sao paulo"})) == [
        "Orçamento Participativo in São Paulo"
    ]


def test_cases_holding_every_word_come_first(client):
    make_case(title="Open budget portal")
    make_case(title="Open data portal")
    make_case(title="Closed archive")
    assert len(titles(client.get(URL, {"q": "open portal"}))) == 2
    # Every word is optional (a case may say it otherwise), but holding them all ranks first.
    assert titles(client.get(URL, {"q": "open budget"})) == [
        "Open budget portal",
        "Open data portal",
    ]


def test_title_matches_rank_above_description_matches(client):
    make_case(title="Library services", description="Mentions telehealth once.")
    make_case(title="Telehealth for veterans", description="Remote monitoring.")
    assert titles(client.get(URL, {"q": "telehealth"}))[0] == "Telehealth for veterans"


def test_tag_names_are_searchable(client):
    make_case(title="Plain title", sectors=("environmental-protection",))
    assert titles(client.get(URL, {"q": "environmental protection"})) == ["Plain title"]


@pytest.mark.parametrize("state", HIDDEN)
def test_unpublished_case_never_appears_in_results_counts_or_similar(client, state):
    visible = make_case(title="Visible case", description="shared word")
    make_case(title="Hidden case", description="shared word", state=state)
    response = client.get(URL, {"q": "shared", "sector": "health"})
    assert titles(response) == ["Visible case"]
    sector = next(g for g in response.context["groups"] if g.group.key == "sector")
    assert next(o for o in sector.options if o.value == "health").count == 1
    assert not search.matches("hidden")
    detail = client.get(visible.get_absolute_url())
    assert [c.title for c in detail.context["similar"]] == []
    for url in (
        reverse("innovations:sector", args=["health"]),
        reverse("innovations:country", args=["FR"]),
        reverse("innovations:sectors"),
        reverse("innovations:countries"),
    ):
        html = client.get(url).content.decode()
        assert "Hidden case" not in html
        assert "2 cases" not in html


@pytest.mark.parametrize("state", HIDDEN)
def test_a_hidden_cases_sectors_and_countries_count_in_no_option(client, state):
    make_case(title="Visible", sectors=("health",), countries=("FR",))
    make_case(title="Hidden", sectors=("health", "education"), countries=("FR", "IT"), state=state)
    groups = client.get(URL).context["groups"]
    counts = {g.group.key: {o.value: o.count for o in g.options} for g in groups}
    assert counts["sector"]["health"] == 1
    assert counts["sector"]["education"] == 0
    assert counts["country"] == {"FR": 1}  # a country no published case has is not offered


def test_or_within_a_filter_and_across_filters(client):
    make_case(title="Health in France", sectors=("health",), countries=("FR",))
    make_case(title="Education in France", sectors=("education",), countries=("FR",))
    make_case(title="Health in Italy", sectors=("health",), countries=("IT",))
    response = client.get(URL, {"sector": ["health", "education"], "country": "FR"})
    assert sorted(titles(response)) == ["Education in France", "Health in France"]


def test_every_option_count_equals_the_results_after_choosing_it(client):
    make_case(sectors=("health",), countries=("FR", "DE"), approaches=("competition",))
    make_case(sectors=("health", "education"), countries=("FR",), year_launched=2001)
    make_case(sectors=("education",), countries=("IT",), level="local", status="pilot")
    make_case(sectors=("defence",), countries=("FR",), factors=("user-involvement",))
    response = client.get(URL, {"sector": "health", "country": "FR"})
    checked = 0
    for group in response.context["groups"]:
        for option in group.options:
            if option.selected:
                continue
            clicked = client.get(
                URL + toggle_url(response.wsgi_request.GET, group.group.key, option.value)
            )
            assert clicked.context["page"].paginator.count == option.count, option
            checked += 1
    assert checked > 20


def test_facet_index_counts_agree_with_sql_filters(client):
    for n in range(6):
        make_case(
            sectors=("health", "education")[: 1 + n % 2],
            countries=("FR", "IT")[n % 2 :],
            level=("local", "national", "")[n % 3],
            year_launched=2000 + n,
        )
    response = client.get(URL, {"sector": "health", "year_from": "2001"})
    groups = {g.key: g for g in facet_groups}
    plain, selected, _ = parse(
        response.wsgi_request.GET, {k: g.choices() for k, g in groups.items()}
    )
    for counted in response.context["groups"]:
        key = counted.group.key
        for option in counted.options:
            values = selected.get(key, [])
            values = values if option.selected else [*values, option.value]
            if option.selected:
                values = [option.value]
            sql = filter_queryset(Innovation.objects.published(), plain, {**selected, key: values})
            assert sql.count() == option.count, (key, option.value)


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "no-such-sector"},
        {"page": "abc"},
        {"page": "-3"},
        {"year_from": "-1"},
        {"year_to": "abc"},
        {"q": "x" * 5000},
        {"q": '\x00 "unbalanced AND OR NOT * ( :'},
        {"sort": "nonsense"},
        {"country": "ZZ"},
    ],
)
def test_invalid_parameters_give_a_normal_page(client, params):
    make_case(title="Something")
    response = client.get(URL, params)
    assert response.status_code == 200
    if set(params) - {"page", "q"} or len(params.get("q", "")) > 200:
        assert response.context["notes"], params


def test_sorting_by_title_and_year(client):
    make_case(title="Bravo", year_launched=2010)
    make_case(title="alpha", year_launched=2001)
    make_case(title="Charlie", year_launched=2020)
    assert titles(client.get(URL, {"sort": "title"})) == ["alpha", "Bravo", "Charlie"]
    assert titles(client.get(URL, {"sort": "year"})) == ["Charlie", "Bravo", "alpha"]


def test_year_range_filters(client):
    make_case(title="Old", year_launched=1995)
    make_case(title="New", year_launched=2015)
    assert titles(client.get(URL, {"year_from": "2000"})) == ["New"]
    assert titles(client.get(URL, {"year_to": "2000"})) == ["Old"]


def test_active_filters_each_have_a_remove_link(client):
    make_case(sectors=("health",), countries=("FR",))
    response = client.get(URL, {"sector": "health", "country": "FR", "q": "case"})
    removes = {a.label: a.remove_url for a in response.context["active"]}
    assert "sector=health" not in removes["Sector"]
    assert "country=FR" in removes["Sector"]


def test_the_partial_request_returns_only_the_results_block(client):
    make_case(title="Partial case")
    response = client.get(URL, headers={"X-Partial": "results"})
    html = response.content.decode()
    assert 'id="search-results"' in html
    assert "<html" not in html
    assert "X-Partial" in response["Vary"]


def test_coproduction_filters_come_from_the_coproduction_app(client):
    keys = [g.group.key for g in client.get(URL).context["sections"][0][1]]
    assert "cp_kind" in keys and "cp_stage" in keys


def test_zero_options_are_shown_but_not_offered(client):
    make_case(sectors=("health",))
    html = client.get(URL).content.decode()
    assert 'value="defence" disabled' in html


def test_relevance_ranks_every_result_and_lists_each_once(client, settings):
    """Every match is ranked, however old (no window of the newest); paging lists each
    result once; ties go to the newer case."""
    settings.OPSI_PAGE_SIZE = 3
    best = make_case(title="Lantern lantern lantern", description="lantern")
    cases = [make_case(title=f"Report {n}", description="lantern") for n in range(8)]
    seen = []
    for page in (1, 2, 3):
        seen += titles(client.get(URL, {"q": "lantern", "page": page}))
    assert seen[0] == best.title  # the oldest, but the word is in its title: first
    assert sorted(seen) == sorted(c.title for c in [*cases, best])
    assert seen[1:] == [f"Report {n}" for n in range(7, -1, -1)]  # equal scores: newest first


def test_option_names_with_markup_are_escaped_in_the_form_and_raw_in_the_api(client):
    """The form's option texts are escaped once and remembered: a name with markup
    shows as text on the page, while the API gives the name as typed."""
    sector = Sector.objects.get(slug="health")
    sector.name = 'Health <b>& "care"</b>'
    sector.save()  # a vocabulary row, edited as the admin does
    make_case(title="Clinic boats", sectors=("health",))
    html = client.get(URL).content.decode()
    assert 'Health &lt;b&gt;&amp; &quot;care&quot;&lt;/b&gt; <span class="count">(1)' in html
    assert "<b>&" not in html
    groups = {g["key"]: g for g in client.get("/api/v1/cases").json()["facets"]}
    names = {o["value"]: o["label"] for o in groups["sector"]["options"]}
    assert names["health"] == 'Health <b>& "care"</b>'
