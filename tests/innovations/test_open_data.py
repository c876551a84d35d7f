"""The machine doors: CSV export, the feed and the sitemap show published cases only."""

import csv
import io

import pytest
from django.urls import reverse

from innovations.models import Innovation
from tests.factories import make_case
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]


@pytest.fixture
def cases():
    make_case(title="Visible health case", sectors=("health",), countries=("DK",))
    make_case(title="Visible school case", sectors=("education",))
    for state in HIDDEN:
        make_case(title=f"Hidden {state} case", state=state, sectors=("health",))


def test_export_gives_every_result_of_the_search_as_csv(client, cases):
    response = client.get(reverse("innovations:export"), {"sector": "health"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["title"] for r in rows] == ["Visible health case"]
    assert rows[0]["countries"] == "DK" and rows[0]["sectors"] == "health"


def test_export_of_everything_has_only_published_cases(client, cases):
    response = client.get(reverse("innovations:export"))
    body = b"".join(response.streaming_content).decode()
    assert "Visible school case" in body and "Hidden" not in body


def test_feed_lists_only_published_cases(client, cases):
    body = client.get(reverse("innovations:feed")).content.decode()
    assert "Visible health case" in body and "Hidden" not in body


def test_sitemap_lists_only_published_cases(client, cases):
    body = sitemap_text(client)
    assert "/cases/visible-health-case/" in body and "hidden" not in body
    assert "/sectors/health/" in body
