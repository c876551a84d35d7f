"""Every page costs a constant number of queries, whatever the number of cases and tags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_case

pytestmark = pytest.mark.django_db

MANY_TAGS = {
    "sectors": ("health", "education", "social-protection"),
    "approaches": ("user-tailoring", "competition"),
    "factors": ("partnerships", "online-technologies", "user-involvement"),
    "countries": ("FR", "DE", "IT"),
}


def queries_for(client, url) -> int:
    """Queries of a request once this worker's facet index is current (built once per change)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def counts_for(client, url_for, few: int, many: int) -> tuple[int, int]:
    cases = [make_case(featured=True, featured_order=n) for n in range(few)]
    small = queries_for(client, url_for(cases[0]))
    cases += [make_case(featured=True, featured_order=n, **MANY_TAGS) for n in range(many)]
    large = queries_for(client, url_for(cases[-1]))
    return small, large


def test_home_page_query_count_is_constant(client):
    small, large = counts_for(client, lambda case: reverse("innovations:home"), 1, 12)
    assert small == large <= 12


def test_list_page_query_count_is_constant(client):
    small, large = counts_for(client, lambda case: reverse("innovations:list"), 1, 30)
    assert small == large <= 6


def test_filtered_search_query_count_is_constant(client):
    url = reverse("innovations:list") + "?q=case&sector=health&sector=education&country=FR"
    small, large = counts_for(client, lambda case: url, 1, 30)
    assert small == large <= 7


def test_case_page_query_count_is_constant(client):
    # Two cases at first, so that the small page already lists a similar case.
    small, large = counts_for(client, lambda case: case.get_absolute_url(), 2, 8)
    assert small == large <= 16


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        (reverse("innovations:featured"), 6),
        (reverse("innovations:sectors"), 2),
        (reverse("innovations:countries"), 2),
        (reverse("innovations:sector", args=["health"]), 7),
        (reverse("innovations:approach", args=["user-tailoring"]), 7),
        (reverse("innovations:factor", args=["partnerships"]), 7),
        (reverse("innovations:country", args=["FR"]), 7),
        (reverse("innovations:feed"), 2),
        (reverse("sitemap"), 5),
    ],
)
def test_listing_pages_query_count_is_constant(client, url, limit):
    small, large = counts_for(client, lambda case: url, 1, 25)
    assert small == large <= limit


def test_csv_export_query_count_is_constant(client):
    def exported(url):
        client.get(url)  # builds the facet index
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(url).streaming_content)
        return len(queries)

    url = reverse("innovations:export")
    make_case()
    small = exported(url)
    for _ in range(40):
        make_case(**MANY_TAGS)
    assert exported(url) == small <= 6


def test_list_page_query_count_is_constant_when_cards_are_rendered_afresh(client):
    from innovations import facets

    def cold(url):
        client.get(url)
        facets.current_index().cards.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    url = reverse("innovations:list")
    make_case()
    small = cold(url)
    for _ in range(30):
        make_case(**MANY_TAGS)
    assert cold(url) == small <= 6


def test_case_page_query_count_is_constant_when_rendered_afresh(client):
    from innovations import facets

    def cold(case):
        client.get(case.get_absolute_url())
        facets.current_index().pages.clear()
        facets.current_index().cards.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
        return len(queries)

    cases = [make_case(), make_case()]
    small = cold(cases[0])
    cases += [make_case(**MANY_TAGS) for _ in range(8)]
    assert cold(cases[-1]) == small <= 16
