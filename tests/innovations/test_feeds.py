"""The Atom feed follows any search (filters and text), is linked from the search page,
shows published cases only, and sends summaries as plain text, never markup."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from innovations.models import Innovation
from tests.factories import make_case

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]


def _entries(client, params=None) -> list[ET.Element]:
    response = client.get(reverse("innovations:feed"), params or {})
    assert response.status_code == 200
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def _titles(client, params=None) -> list[str]:
    return [e.find(f"{ATOM}title").text for e in _entries(client, params)]


@pytest.fixture
def catalogue():
    make_case(title="Danish health case", sectors=("health",), countries=("DK",))
    make_case(title="French school budget", sectors=("education",), countries=("FR",))
    make_case(title="French health budget", sectors=("health",), countries=("FR",))
    for state in HIDDEN:
        make_case(title=f"Hidden {state} budget", state=state, sectors=("health",))


def test_feed_of_everything_lists_published_cases_newest_first(client, catalogue):
    assert _titles(client) == ["French health budget", "French school budget", "Danish health case"]


def test_feed_follows_the_search_filters(client, catalogue):
    assert _titles(client, {"sector": "health"}) == ["French health budget", "Danish health case"]
    assert _titles(client, {"sector": "health", "country": "FR"}) == ["French health budget"]


def test_feed_follows_the_search_text(client, catalogue):
    assert _titles(client, {"q": "budget"}) == ["French health budget", "French school budget"]
    assert _titles(client, {"q": "budget", "sector": "education"}) == ["French school budget"]


def test_feed_shows_no_unpublished_case_whatever_the_search(client, catalogue):
    for params in ({}, {"q": "hidden"}, {"q": "budget"}, {"sector": "health"}):
        assert not [t for t in _titles(client, params) if "Hidden" in t]


def test_feed_ignores_bad_parameters(client, catalogue):
    titles = _titles(client, {"year_from": "abc", "sector": "nonsense", "page": "x"})
    assert len(titles) <= 3


def test_feed_summaries_are_plain_text_never_markup(client):
    make_case(title="A <b>bold</b> title", summary='<img src=x onerror="alert(1)"> & <b>bold</b>')
    response = client.get(reverse("innovations:feed"))
    body = response.content.decode()
    assert 'type="html"' not in body
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == '<img src=x onerror="alert(1)"> & <b>bold</b>'
    assert "<img" not in body  # escaped in the XML, shown as text by readers


def test_search_page_links_its_feed_and_exports(client, catalogue):
    body = client.get(reverse("innovations:list"), {"sector": "health", "q": "budget"})
    html = body.content.decode()
    query = "sector=health&amp;q=budget"
    assert f"{reverse('innovations:feed')}?q=budget&amp;sector=health" in html or (
        f"{reverse('innovations:feed')}?{query}" in html
    )
    assert reverse("innovations:export-json") + "?" in html
    assert reverse("innovations:export-jsonl") + "?" in html
    assert reverse("innovations:data") in html
