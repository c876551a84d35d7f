"""Embeds: a search or a collection in other sites' frames, with their own strict
policy; every other route stays unframeable; oEmbed gives the iframe."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from innovations import services
from innovations import urls as innovation_urls
from innovations.models import Innovation
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State
EMBEDS = {"embed-search", "embed-collection"}


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


def _assert_embeddable(response):
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = _directives(response)
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'none'"
    assert policy["form-action"] == "'none'"
    assert policy["object-src"] == "'none'"


def _assert_not_framable(response):
    assert response.get("X-Frame-Options") == "DENY", response.request["PATH_INFO"]
    assert _directives(response)["frame-ancestors"] == "'none'", response.request["PATH_INFO"]


@pytest.fixture
def catalogue():
    shown = make_case(title="Shown health case", sectors=("health",))
    hidden = [
        make_case(title=f"Hidden {state}", state=state, sectors=("health",))
        for state in State
        if state != State.PUBLISHED
    ]
    collection = services.collection_save(title="Health ideas")
    services.collection_set_cases(collection=collection, cases=[shown.pk, *[c.pk for c in hidden]])
    return shown, hidden, collection


def test_the_embed_of_a_search_shows_its_published_cases_and_may_be_framed(client, catalogue):
    response = client.get(reverse("innovations:embed-search"), {"sector": "health"})
    _assert_embeddable(response)
    html = response.content.decode()
    assert "Shown health case" in html and "Hidden" not in html
    assert '<base target="_blank">' in html
    assert "<script" not in html and "<form" not in html
    assert "http://testserver/cases/?sector=health" in html


def test_the_embed_of_a_collection_shows_its_published_cases(client, catalogue):
    _shown, _hidden, collection = catalogue
    response = client.get(reverse("innovations:embed-collection", args=[collection.slug]))
    _assert_embeddable(response)
    html = response.content.decode()
    assert "Health ideas" in html and "Shown health case" in html and "Hidden" not in html


def test_an_unknown_collection_has_no_embed(client):
    assert client.get(reverse("innovations:embed-collection", args=["nope"])).status_code == 404


def test_the_french_embed_is_in_french(client, catalogue):
    html = client.get("/fr/embed/cases/?sector=health").content.decode()
    assert '<html lang="fr">' in html and "1 cas" in html


def _every_public_url(case, collection) -> dict[str, str]:
    """Every route of the public app but the embeds, by name, with real arguments."""
    args = {
        "detail": [case.slug],
        "history": [case.slug],
        "suggest": [case.slug],
        "cite": [case.slug, "bib"],
        "compare-cite": ["ris"],
        "sector": ["health"],
        "approach": ["user-tailoring"],
        "factor": ["partnerships"],
        "country": ["FR"],
        "collection": [collection.slug],
        "collection-feed": [collection.slug],
        "insights-csv": ["approaches"],
        "data-cases": ["csv"],
        "data-vocabulary": ["sectors"],
        "submit-edit": [services.status_token(case)],
        "submit-preview": [services.status_token(case)],
        "submit-send": [services.status_token(case)],
        "submit-done": [services.status_token(case)],
        "case-media": [services.status_token(case)],
        "case-media-remove": [services.status_token(case), 1],
        "media-file": [1],
        "media-rendition": [1, 240],
        "sign-in-link": ["not-a-token"],
        "search-edit": [1],
        "alert-stop": ["not-a-token"],
        "status": [services.status_token(case)],
        "confirm-address": ["not-a-token"],
    }
    names = [p.name for p in innovation_urls.urlpatterns if isinstance(p, URLPattern)]
    return {
        name: reverse(f"innovations:{name}", args=args.get(name, []))
        for name in names
        if name not in EMBEDS
    }


def test_no_other_route_may_be_framed(client, catalogue, moderator):
    shown, _hidden, collection = catalogue
    urls = _every_public_url(shown, collection)
    assert len(urls) >= 40
    urls.update(
        {
            "login": reverse("accounts:login"),
            "api-docs": reverse("api-docs"),
            "sitemap": "/sitemap.xml",
            "robots": "/robots.txt",
            "french home": "/fr/",
            "spanish login": "/es/accounts/login/",
            "german login": "/de/accounts/login/",
        }
    )
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code < 500, name
        _assert_not_framable(response)
    sign_in(client, moderator)
    for url in (
        reverse("moderation:queue"),
        reverse("moderation:queue") + "?q=case&sector=health&level=local",
        reverse("moderation:review", args=[shown.pk]),
        f"/es/moderation/cases/{shown.pk}/",
        "/de/moderation/",
    ):
        _assert_not_framable(client.get(url))


def test_the_embed_costs_the_same_queries_for_few_and_many_cases(client):
    def count() -> int:
        url = reverse("innovations:embed-search")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    make_case()
    few = count()
    for _ in range(12):
        make_case(sectors=("health", "education"), countries=("FR", "DE"))
    assert count() == few


def test_oembed_gives_the_iframe_of_a_search(client, catalogue):
    page = "http://testserver/fr/cases/?sector=health&page=2"
    data = client.get(reverse("innovations:oembed"), {"url": page, "maxwidth": "400"}).json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["width"] == 400
    assert 'src="http://testserver/fr/embed/cases/?sector=health"' in data["html"]


def test_oembed_gives_the_iframe_of_a_collection(client, catalogue):
    _shown, _hidden, collection = catalogue
    page = f"http://testserver/collections/{collection.slug}/"
    data = client.get(reverse("innovations:oembed"), {"url": page}).json()
    assert f'src="http://testserver/embed/collections/{collection.slug}/"' in data["html"]
    assert data["title"] == "Health ideas"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": "http://testserver/about/"}, 404),
        ({"url": "https://elsewhere.example/cases/"}, 404),
        ({"url": "http://testserver/collections/nope/"}, 404),
        ({"url": "http://testserver/nowhere/"}, 404),
        ({"url": "http://testserver/cases/", "format": "xml"}, 501),
        ({"url": "http://testserver/elsewhere/", "format": ""}, 404),  # empty: json
        ({"url": "http://testserver/cases/", "maxwidth": "wide"}, 200),
    ],
)
def test_oembed_refuses_what_it_cannot_embed_clearly(client, params, status):
    response = client.get(reverse("innovations:oembed"), params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


def test_the_search_and_the_collection_offer_the_snippet_and_oembed(client, catalogue):
    _shown, _hidden, collection = catalogue
    search = client.get("/cases/?sector=health").content.decode()
    assert 'type="application/json+oembed"' in search
    assert '&lt;iframe src="http://testserver/embed/cases/?sector=health"' in search
    page = client.get(collection.get_absolute_url()).content.decode()
    assert 'type="application/json+oembed"' in page
    assert f"/embed/collections/{collection.slug}/" in page
