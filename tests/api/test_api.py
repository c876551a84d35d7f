"""The JSON API: the search page's answers as JSON, one case with every public field,
the vocabularies, and only published cases at every door."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from innovations import facets
from innovations.models import CONTENT_FIELDS, CONTRIBUTOR_FIELDS, PROVENANCE_FIELDS, Innovation
from innovations.views.search import search_context
from opsi.api.describe import describe
from tests.factories import make_case

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases"
PRIVATE = [*CONTRIBUTOR_FIELDS, "status_key", "moderator_message", "state", "licence_consent"]


def get(client, url, params=None, **headers):
    response = client.get(url, params or {}, headers=headers)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


# -- only published cases ------------------------------------------------------------------


def test_list_holds_published_cases_only(client, api_catalogue):
    published, hidden = api_catalogue
    body = get(client, CASES, {"page_size": 100}).json()
    assert body["count"] == 3
    assert {r["slug"] for r in body["results"]} == {c.slug for c in published}


def test_text_search_finds_no_hidden_case(client, api_catalogue):
    assert get(client, CASES, {"q": "hidden"}).json()["count"] == 0


def test_facet_counts_leave_hidden_cases_out(client, api_catalogue):
    facets_ = {g["key"]: g for g in get(client, CASES).json()["facets"]}
    health = next(o for o in facets_["sector"]["options"] if o["value"] == "health")
    assert health["count"] == 1  # every hidden case is in health too
    addition = next(o for o in facets_["cp_kind"]["options"] if o["value"] == "addition")
    assert addition["count"] == 1


def test_hidden_case_is_not_found(client, api_catalogue):
    _published, hidden = api_catalogue
    for case in hidden:
        response = get(client, f"{CASES}/{case.slug}")
        assert response.status_code == 404
        assert response.json()["parameter"] == "slug"


def test_vocabulary_counts_leave_hidden_cases_out(client, api_catalogue):
    body = get(client, "/api/v1/vocabularies").json()
    counts = {t["slug"]: t["count"] for t in body["sectors"]}
    assert counts["health"] == 1 and counts["general-public-services"] == 1
    kinds = {d["key"]: d for d in body["coproduction"]["dimensions"]}["cp_kind"]["options"]
    assert {o["value"]: o["count"] for o in kinds}["addition"] == 1
    statuses = {o["value"]: o["count"] for o in body["statuses"]["options"]}
    assert statuses["scaled"] == 1
    assert {c["code"] for c in body["countries"]} == {"FR", "DK", "KE"}


# -- the search page's engine ----------------------------------------------------------------

SEARCHES = [
    {},
    {"sector": ["health", "education"]},
    {"q": "meals"},
    {"country": ["FR"], "sort": "title"},
    {"year_from": "2015", "sort": "year"},
    {"cp_stage": ["design"], "level": ["national"]},
]


@pytest.mark.parametrize("search", SEARCHES)
def test_list_answers_what_the_search_page_shows(client, api_catalogue, search):
    params = QueryDict(mutable=True)
    for key, value in search.items():
        params.setlist(key, value if isinstance(value, list) else [value])
    page = search_context(params)
    body = get(client, f"{CASES}?{params.urlencode()}").json()
    assert [r["title"] for r in body["results"]] == [c.title for c in page["page"].object_list]
    assert body["count"] == page["page"].paginator.count
    shown = {
        (g.group.key, o.value): o.count
        for g in page["groups"] + [g for _s, gs in page["sections"] for g in gs]
        for o in g.options
    }
    answered = {(g["key"], o["value"]): o["count"] for g in body["facets"] for o in g["options"]}
    assert answered == shown


def test_pages_give_every_result_once_in_a_stable_order(client, db):
    for n in range(7):
        make_case(title=f"Paged case {n}")
    seen, url = [], f"{CASES}?page_size=3&sort=title"
    while url:
        body = get(client, url).json()
        seen += [r["slug"] for r in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen)
    last = get(client, CASES, {"page_size": 3, "page": 3}).json()
    assert last["pages"] == 3 and last["next"] is None
    assert last["previous"].endswith("page=2")


def test_a_page_past_the_end_is_empty(client, api_catalogue):
    body = get(client, CASES, {"page": 50}).json()
    assert body["results"] == [] and body["count"] == 3 and body["next"] is None


# -- one case ------------------------------------------------------------------------------


def test_case_has_every_public_field_and_no_private_one(client, api_catalogue):
    case = api_catalogue[0][0]
    response = get(client, f"{CASES}/{case.slug}")
    body = response.json()
    for name in CONTENT_FIELDS + PROVENANCE_FIELDS:
        assert name in body
    assert body["title"] == "Open budget portal"
    assert body["level"] == "national" and body["year_launched"] == 2012
    assert body["source_licence"] == "EUPL-1.2" and body["source_record_id"] == "42"
    assert body["url"] == f"http://testserver/cases/{case.slug}/"
    assert body["sectors"] == [
        {"slug": "general-public-services", "name": "General public services"}
    ]
    assert body["countries"] == [
        {"code": "DK", "name": "Denmark"},
        {"code": "FR", "name": "France"},
    ]
    for name in PRIVATE:
        assert name not in body
    text = response.content.decode()
    assert "Secret Person" not in text and "secret@example.org" not in text
    assert case.status_key not in text


def test_case_has_its_coproduction_profile(client, api_catalogue):
    with_profile, without = api_catalogue[0][0], api_catalogue[0][1]
    profile = get(client, f"{CASES}/{with_profile.slug}").json()["coproduction"]
    assert profile["kind"] == "addition" and profile["initiative"] == "prompted"
    assert profile["stages"] == ["design", "delivery"] and profile["tools"] == ["ict"]
    assert profile["regularity"] is None and profile["risks"] == []
    assert profile["impact_evidence"] == "Fewer complaints." and profile["reasons"] == []
    assert get(client, f"{CASES}/{without.slug}").json()["coproduction"] is None


# -- errors, caching, CORS -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"year_from": "1800"}, "year_from"),
        ({"year_to": "abc"}, "year_to"),
        ({"sort": "random"}, "sort"),
        ({"sector": "no-such-sector"}, "sector"),
        ({"country": "XX"}, "country"),
        ({"q": "word " * 50}, "q"),
    ],
)
def test_a_bad_parameter_gets_a_400_naming_it(client, api_catalogue, params, parameter):
    response = get(client, CASES, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_path_and_method_get_json_errors(client, db):
    assert get(client, "/api/v1/nothing-here").status_code == 404
    response = client.post(CASES)
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert "read-only" in response.json()["detail"]


def test_answers_carry_the_catalogues_etag(client, api_catalogue):
    first = get(client, CASES)
    assert first["ETag"].startswith('W/"')
    again = client.get(CASES, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    make_case(title="One more")
    assert client.get(CASES, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_any_origin_may_read(client, api_catalogue):
    for url in (CASES, "/api/v1/vocabularies", "/api/v1/openapi.json"):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(CASES, headers={"Origin": "https://example.org"})
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.head(CASES).status_code == 200


# -- vocabularies, schema, docs ---------------------------------------------------------------


def test_vocabularies_carry_their_definitions(client, db):
    body = get(client, "/api/v1/vocabularies").json()
    approach = body["approaches"][0]
    assert approach["in_1990s"] and approach["today"]
    factor = body["enabling_factors"][0]
    assert factor["role"] and 1 <= factor["prevalence"] <= 3
    assert len(body["sectors"]) == 10 and body["sectors"][0]["cofog_code"]
    dimension = body["coproduction"]["dimensions"][0]
    assert dimension["definition"] and dimension["options"]
    assert body["coproduction"]["definition"].startswith("A way of planning")


def test_schema_is_openapi_3_1_and_describes_every_field(client, db):
    schema = get(client, "/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    components = schema["components"]["schemas"]
    for name, component in components.items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    case = components["Case"]["properties"]
    for name in CONTENT_FIELDS + PROVENANCE_FIELDS:
        assert case[name]["description"] == describe(Innovation, name)
    assert not set(PRIVATE) & set(case)
    for operation in schema["paths"].values():
        for parameter in operation["get"].get("parameters", []):
            assert parameter.get("description"), parameter["name"]
    sector = next(
        p for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"] if p["name"] == "sector"
    )
    assert "health" in sector["schema"]["items"]["enum"]


def test_docs_page_renders_the_schema_without_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/cases/{slug}" in html and "source_attribution" in html
    assert '<script src="http' not in html and "cdn" not in html.lower()
    assert client.get("/api/").status_code == 302


def test_search_page_links_its_search_in_the_api(client, api_catalogue):
    html = client.get("/cases/", {"sector": "health", "year_from": "", "page": "1"}).content
    assert b'href="/api/v1/cases?sector=health"' in html


# -- queries ------------------------------------------------------------------------------


def queries_for(client, url, cold: bool) -> int:
    client.get(url)  # the facet index is built once per change of the catalogue
    if cold:  # nothing remembered: no text match, no result entry in the cache
        index = facets.current_index()
        index.texts.clear()
        index.ranks.clear()
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


MANY = {
    "sectors": ("health", "education", "social-protection"),
    "approaches": ("user-tailoring", "competition"),
    "factors": ("partnerships", "online-technologies"),
    "countries": ("FR", "DE", "IT"),
}


@pytest.mark.parametrize(
    "url",
    [
        lambda case: f"{CASES}?page_size=100",
        lambda case: f"{CASES}?q=case&sector=health&page_size=100",
        lambda case: f"{CASES}/{case.slug}",
        lambda case: "/api/v1/vocabularies",
    ],
    ids=["list", "search", "detail", "vocabularies"],
)
@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_queries_are_constant_in_the_number_of_cases(client, db, url, cold):
    cases = [make_case(title=f"Small case {n}", parts=_profile()) for n in range(3)]
    small = queries_for(client, url(cases[0]), cold)
    cases += [make_case(title=f"Large case {n}", parts=_profile(), **MANY) for n in range(17)]
    facets.forget()
    large = queries_for(client, url(cases[-1]), cold)
    assert small == large, (small, large)
    assert large <= 12


def _profile():
    return {"coproduction": {"kind": "addition", "stage": ["design"]}}


def test_schema_answer_is_json(client, db):
    body = json.loads(client.get("/api/v1/openapi.json").content)
    assert set(body["paths"]) == {"/api/v1/cases", "/api/v1/cases/{slug}", "/api/v1/vocabularies"}
