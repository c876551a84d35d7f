import pytest
from django.urls import reverse

from innovations.models import Innovation
from tests.factories import make_case

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]


def test_home_shows_featured_cases_in_the_moderators_order(client):
    make_case(title="Second featured", featured=True, featured_order=2)
    make_case(title="First featured", featured=True, featured_order=1)
    html = client.get(reverse("innovations:home")).content.decode()
    assert html.index("First featured") < html.index("Second featured")


def test_list_shows_newest_first_with_the_total_count(client):
    make_case(title="Older case")
    make_case(title="Newer case")
    response = client.get(reverse("innovations:list"))
    html = response.content.decode()
    assert "2 cases" in html
    assert html.index("Newer case") < html.index("Older case")


def test_list_is_paginated(client, settings):
    settings.OPSI_PAGE_SIZE = 2
    for _ in range(5):
        make_case()
    response = client.get(reverse("innovations:list"), {"page": 3})
    assert len(response.context["page"].object_list) == 1
    assert "Page 3 of 3" in response.content.decode()


def test_case_page_shows_every_field(client):
    case = make_case(
        title="Open case",
        innovative="Novel bit",
        results="Did well",
        challenges="Hard bits",
        lead_organisation="Ministry of Tests",
        partners="City of Tests",
        year_launched=2012,
        status="pilot",
        level="local",
        language="fr",
        website_url="https://example.org/site",
        countries=("FR", "BE"),
    )
    html = client.get(case.get_absolute_url()).content.decode()
    for text in [
        "Open case",
        case.summary,
        case.description,
        "Novel bit",
        "Did well",
        "Hard bits",
        "Ministry of Tests",
        "City of Tests",
        "2012",
        "Pilot",
        "Local",
        "French",
        "Belgium",
        "France",
        "Health",
        "User tailoring",
        "Partnerships",
        "https://example.org/source",
        "https://example.org/site",
    ]:
        assert text in html, text


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_case_is_invisible_on_every_page(client, state):
    case = make_case(title="Hidden case", state=state, featured=True, featured_order=1)
    assert client.get(case.get_absolute_url()).status_code == 404
    for name in ("innovations:home", "innovations:list"):
        assert "Hidden case" not in client.get(reverse(name)).content.decode()


def test_unknown_case_is_a_404(client):
    assert client.get(reverse("innovations:detail", args=["no-such-case"])).status_code == 404


def test_bad_page_number_gives_a_normal_page(client):
    make_case()
    assert client.get(reverse("innovations:list"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("innovations:list"), {"page": "999"}).status_code == 200
