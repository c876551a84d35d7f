"""Every page costs a constant number of queries, whatever the number of cases and tags.

Each page is counted warm (the worker remembers the text matches and their ranking, and
the cache holds the cards and case articles) and cold (all of those forgotten first),
since both paths serve real visitors.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import facets
from tests.factories import make_case

pytestmark = pytest.mark.django_db

MANY_TAGS = {
    "sectors": ("health", "education", "social-protection"),
    "approaches": ("user-tailoring", "competition"),
    "factors": ("partnerships", "online-technologies", "user-involvement"),
    "countries": ("FR", "DE", "IT"),
}


def queries_for(client, url, *, cold: bool) -> int:
    """Queries of one request, once this worker's facet index is current."""
    client.get(url)  # the index is built once per change of the catalogue
    if cold:
        index = facets.current_index()
        for store in (index.texts, index.ranks):
            store.clear()
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def counts_for(client, url_for, many: int, *, cold: bool) -> tuple[int, int]:
    """Queries with `many` cases of one tag each, then with twice as many, more tagged."""
    cases = [make_case(featured=True, featured_order=n) for n in range(many)]
    small = queries_for(client, url_for(cases[0]), cold=cold)
    cases += [make_case(featured=True, featured_order=n, **MANY_TAGS) for n in range(many)]
    large = queries_for(client, url_for(cases[-1]), cold=cold)
    return small, large


def fixed(url):
    return lambda case: url


# (page, cases at first (then twice as many), most queries cold, most queries warm)
PAGES = [
    ("home", fixed(reverse("innovations:home")), 12, 12, 2),
    ("list", fixed(reverse("innovations:list")), 30, 6, 1),
    (
        "filtered search",
        fixed(reverse("innovations:list") + "?q=case&sector=health&sector=education&country=FR"),
        30, 8, 1,  # the text matches, then the ranking of the page shown
    ),
    # Cold: one query more for the case's media (pictures, documents, video links).
    ("case page", lambda case: case.get_absolute_url(), 8, 14, 1),
    ("featured", fixed(reverse("innovations:featured")), 25, 7, 2),
    ("sectors", fixed(reverse("innovations:sectors")), 25, 2, 2),
    ("countries", fixed(reverse("innovations:countries")), 25, 1, 1),
    ("sector", fixed(reverse("innovations:sector", args=["health"])), 25, 7, 2),
    ("approach", fixed(reverse("innovations:approach", args=["user-tailoring"])), 25, 7, 2),
    ("factor", fixed(reverse("innovations:factor", args=["partnerships"])), 25, 7, 2),
    ("country", fixed(reverse("innovations:country", args=["FR"])), 25, 6, 1),
    ("feed", fixed(reverse("innovations:feed")), 25, 2, 2),  # the ETag reads the revision
    # The index counts each section's pages; warm, each document is in the cache (the
    # revision is read for the ETag and for the cache key).
    ("sitemap index", fixed(reverse("sitemap")), 25, 10, 2),
    ("sitemap of cases", fixed("/sitemap-cases.xml"), 25, 4, 2),
    # A batch of cases with their texts, tags, countries and co-production profiles; an
    # export also counts the client against its rate limit (a savepoint, an UPDATE, a
    # SELECT). A search's export is built each time; the whole catalogue's once per
    # revision, and then costs the rate limit and the revision. One query a batch for
    # the addresses of the cases' media.
    ("CSV export", fixed(reverse("innovations:export") + "?q=case"), 40, 16, 15),
    ("JSON export", fixed(reverse("innovations:export-json") + "?q=case"), 40, 16, 15),
    ("JSON Lines export", fixed(reverse("innovations:export-jsonl") + "?q=case"), 40, 16, 15),
    ("catalogue file", fixed(reverse("innovations:data-cases", args=["csv"])), 40, 6, 6),
    ("feed of a search", fixed(reverse("innovations:feed") + "?q=case&sector=health"), 25, 3, 2),
    ("codebook", fixed(reverse("innovations:codebook")), 10, 13, 13),
    ("download page", fixed(reverse("innovations:data")), 10, 1, 1),
    ("data package", fixed(reverse("innovations:datapackage")), 10, 10, 10),
]  # fmt: skip


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
@pytest.mark.parametrize(("name", "url_for", "many", "cold_limit", "warm_limit"), PAGES)
def test_query_count_is_constant(client, name, url_for, many, cold_limit, warm_limit, cold):
    small, large = counts_for(client, url_for, many, cold=cold)
    assert small == large <= (cold_limit if cold else warm_limit), (small, large)
