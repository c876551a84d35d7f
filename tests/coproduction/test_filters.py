"""The co-production filters as they work today: on the search page and in the API, each
dimension and each term list is a facet group (OR within a group), counts and results
hold published cases only."""

import pytest
from django.urls import reverse

from coproduction.models import DIMENSIONS, Reason
from tests.factories import HIDDEN, make_case

pytestmark = pytest.mark.django_db

URL = reverse("innovations:list")
API = "/api/v1/cases"


@pytest.fixture
def profiles():
    design = make_case(
        title="Design case",
        parts={
            "coproduction": {
                "kind": "addition",
                "stage": ["design"],
                "reasons": [Reason.objects.get(slug="reduce-costs")],
            }
        },
    )
    delivery = make_case(
        title="Delivery case",
        parts={"coproduction": {"kind": "substitution", "stage": ["delivery"]}},
    )
    plain = make_case(title="Case without a profile")
    for state in HIDDEN:
        make_case(
            title=f"Hidden {state}",
            state=state,
            parts={"coproduction": {"kind": "addition", "stage": ["design"]}},
        )
    return design, delivery, plain


def _titles(response) -> set[str]:
    return {case.title for case in response.context["page"].object_list}


def _options(groups, key) -> dict[str, int]:
    group = next(g for g in groups if g.group.key == key)
    return {o.value: o.count for o in group.options}


def test_every_dimension_and_list_is_a_filter_of_the_search_page(client):
    sections = client.get(URL).context["sections"]
    keys = {g.group.key for _title, groups in sections for g in groups}
    assert {f"cp_{d.name}" for d in DIMENSIONS} <= keys
    assert {"cp_reason", "cp_hindering", "cp_enhancing"} <= keys


def test_a_dimension_filters_the_search_page(client, profiles):
    assert _titles(client.get(URL, {"cp_kind": "addition"})) == {"Design case"}
    assert _titles(client.get(URL, {"cp_stage": ["design", "delivery"]})) == {
        "Design case",
        "Delivery case",
    }
    assert _titles(client.get(URL, {"cp_reason": "reduce-costs"})) == {"Design case"}


def test_the_search_pages_counts_leave_hidden_cases_out(client, profiles):
    sections = client.get(URL).context["sections"]
    groups = [g for _title, found in sections for g in found]
    assert _options(groups, "cp_kind")["addition"] == 1
    assert _options(groups, "cp_stage")["design"] == 1


def test_a_dimension_filters_the_api(client, profiles):
    body = client.get(API, {"cp_kind": "substitution"}).json()
    assert [r["title"] for r in body["results"]] == ["Delivery case"]
    both = client.get(API, {"cp_stage": ["design", "delivery"]}).json()
    assert both["count"] == 2
    facets = {g["key"]: g for g in client.get(API).json()["facets"]}
    counts = {o["value"]: o["count"] for o in facets["cp_kind"]["options"]}
    assert counts["addition"] == 1  # the hidden cases are not counted


def test_an_unknown_value_gets_a_400_from_the_api_and_a_page_from_the_site(client, profiles):
    response = client.get(API, {"cp_kind": "no-such-kind"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "cp_kind"
    assert client.get(URL, {"cp_kind": "no-such-kind"}).status_code == 200
