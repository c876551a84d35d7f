"""The sitemap is an index of paged children, each built once per catalogue revision,
with the country, insights, about and data pages; robots.txt covers every language."""

from unittest.mock import patch

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from innovations import sitemaps
from tests.factories import make_case
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def test_the_sitemap_is_an_index_of_paged_children(client, monkeypatch):
    per_page = 2 * len(settings.LANGUAGES)  # URLs: two cases, each in every language
    monkeypatch.setattr(sitemaps.CaseSitemap, "limit", per_page)
    cases = [make_case(title=f"Paged {n}") for n in range(5)]
    index = client.get(reverse("sitemap")).content.decode()
    assert "<sitemapindex" in index
    assert "/sitemap-cases.xml</loc>" in index and "/sitemap-cases.xml?p=3</loc>" in index
    assert "/sitemap-cases.xml?p=4" not in index
    page = client.get("/sitemap-cases.xml?p=2").content.decode()
    assert page.count("<url>") == per_page
    body = sitemap_text(client)
    for case in cases:
        assert f"/cases/{case.slug}/</loc>" in body
    assert client.get("/sitemap-cases.xml?p=9").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_sitemap_lists_countries_insights_about_and_data(client):
    make_case(countries=("FR", "DE"))
    make_case(countries=("IT",), state="submitted")
    body = sitemap_text(client)
    for path in ("/countries/FR/", "/countries/DE/", "/fr/countries/DE/", "/insights/",
                 "/about/", "/data/", "/data/codebook/"):  # fmt: skip
        assert f"http://testserver{path}</loc>" in body, path
    assert "/countries/IT/" not in body  # only with a published case


def test_each_document_is_built_once_per_revision(client, django_assert_max_num_queries):
    make_case(title="Cached")
    cache.clear()
    first = client.get("/sitemap-cases.xml").content
    with django_assert_max_num_queries(2):  # the revision (for the ETag and the key)
        assert client.get("/sitemap-cases.xml").content == first
    case = make_case(title="Newly published")
    assert f"/cases/{case.slug}/".encode() in client.get("/sitemap-cases.xml").content


@pytest.mark.parametrize("prefix", ["/fr", "/es", "/de"])
def test_robots_txt_covers_every_language_and_every_export(client, prefix):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for rule in (f"{prefix}/submit/", f"{prefix}/status/", "/cases/export.",
                 f"{prefix}/cases/export.", "/data/cases.", f"{prefix}/data/cases.",
                 f"{prefix}/cases/?"):  # fmt: skip
        assert f"Disallow: {rule}" in lines, rule


def test_a_sitemap_document_is_kept_under_the_deploys_release(client, settings):
    # Two deploys (or two sites) on one Redis, their catalogues at the same revision:
    # each builds its own document instead of reading the other's.
    settings.OPSI_RELEASE = "release-one"
    make_case(title="Only in release one")
    assert "/cases/only-in-release-one/" in client.get("/sitemap-cases.xml").content.decode()
    settings.OPSI_RELEASE = "release-two"
    with patch.object(sitemaps.CaseSitemap, "items", return_value=[]):
        body = client.get("/sitemap-cases.xml").content.decode()
    assert "/cases/only-in-release-one/" not in body
