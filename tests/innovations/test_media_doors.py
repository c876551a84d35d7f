"""A published case's pictures, documents and video links beyond its own page: one
thumbnail on its card, its media in the API, their addresses in the exports and the data
package; and a case that is not published shows its media at no door."""

import csv
import io
import json

import frictionless
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from innovations import facets, services
from innovations.models import CaseMedia, Innovation
from innovations.opendata import codebook
from innovations.services import collections
from innovations.views import cards
from tests.factories import HIDDEN, image, make_case, video
from tests.opendata import _save_package

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
State = Innovation.State


def file_url(media: CaseMedia) -> str:
    return reverse("innovations:media-file", args=[media.pk])


@pytest.fixture
def pictured():
    """A published, featured case with a video link, then two pictures."""
    case = make_case(
        title="Pictured ferries",
        featured=True,
        featured_order=1,
        media=[
            video(),
            image(title="First", alt_text="Residents around a map", width=64, height=48),
            image(title="Second", alt_text="A ferry at the quay"),
        ],
    )
    return case, list(CaseMedia.objects.filter(innovation=case).order_by("pk"))


def body(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# -- cards ----------------------------------------------------------------------------------


def test_a_card_shows_the_first_picture_as_a_lazy_thumbnail(pictured):
    case, (_film, first, second) = pictured
    html = cards.cards(facets.current_index(), [case.pk])[0].html
    assert (
        f'<img class="card-thumbnail" src="{file_url(first)}" alt="Residents around a map" '
        'width="64" height="48" loading="lazy"'
    ) in html
    assert file_url(second) not in html and html.count("<img") == 1


def test_a_card_without_a_picture_has_no_thumbnail():
    case = make_case(title="Only a film", media=[video()])
    plain = make_case(title="Nothing at all")
    for card in cards.cards(facets.current_index(), [case.pk, plain.pk]):
        assert "<img" not in card.html


@pytest.mark.parametrize(
    "url",
    [
        reverse("innovations:list"),
        reverse("innovations:list") + "?q=ferries",
        reverse("innovations:home"),
        reverse("innovations:featured"),
        reverse("innovations:sector", args=["health"]),
        reverse("innovations:embed-search"),
    ],
)
def test_every_listing_shows_the_thumbnail(client, pictured, url):
    _case, (_film, first, _second) = pictured
    assert f'src="{file_url(first)}"' in body(client, url)


def test_a_collection_shows_the_thumbnail(client, pictured):
    case, (_film, first, _second) = pictured
    collection = collections.collection_save(title="Ferries")
    collections.collection_set_cases(collection=collection, cases=[case.pk])
    url = reverse("innovations:collection", args=[collection.slug])
    assert f'src="{file_url(first)}"' in body(client, url)


def test_cards_with_pictures_take_the_same_queries_for_one_case_or_eight(client):
    url = reverse("innovations:list")

    def cold_queries() -> int:
        body(client, url)  # the facet index is current
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            body(client, url)
        return len(queries)

    make_case(media=[image(), image()])
    one = cold_queries()
    for _n in range(7):
        make_case(media=[image(), video()])
    assert cold_queries() == one


# -- API ------------------------------------------------------------------------------------


def _expected(first: CaseMedia, second: CaseMedia) -> list[dict]:
    base = "http://testserver"
    return [
        {
            "kind": "video",
            "url": "https://vimeo.com/12345",
            "title": "The film of the pilot",
            "alt_text": "",
            "credit": "",
            "width": None,
            "height": None,
            "copies": [],
        },
        {
            "kind": "image",
            "url": base + file_url(first),
            "title": "First",
            "alt_text": "Residents around a map",
            "credit": "City, CC BY 4.0",
            "width": 64,
            "height": 48,
            "copies": [],
        },
        {
            "kind": "image",
            "url": base + file_url(second),
            "title": "Second",
            "alt_text": "A ferry at the quay",
            "credit": "City, CC BY 4.0",
            "width": 40,
            "height": 30,
            "copies": [],
        },
    ]


def test_the_api_gives_a_case_s_media_in_the_list_and_the_case(client, pictured):
    case, (_film, first, second) = pictured
    make_case(title="Without media")
    results = client.get("/api/v1/cases", {"sort": "title"}).json()["results"]
    by_title = {r["title"]: r for r in results}
    assert by_title["Pictured ferries"]["media"] == _expected(first, second)
    assert by_title["Without media"]["media"] == []
    assert client.get(f"/api/v1/cases/{case.slug}").json()["media"] == _expected(first, second)


def rendition_url(media: CaseMedia, width: int) -> str:
    return "http://testserver" + reverse("innovations:media-rendition", args=[media.pk, width])


def test_the_api_gives_a_picture_s_smaller_copies_with_their_sizes(client):
    case = make_case(title="Wide ferries", media=[image(width=1200, height=800), video()])
    picture = CaseMedia.objects.get(innovation=case, kind="image")
    copies = [
        {"width": 240, "height": 160, "url": rendition_url(picture, 240)},
        {"width": 960, "height": 640, "url": rendition_url(picture, 960)},
    ]
    (result,) = client.get("/api/v1/cases").json()["results"]
    single = client.get(f"/api/v1/cases/{case.slug}").json()
    for entry in (result, single):
        picture_entry, film = entry["media"]
        assert picture_entry["copies"] == copies and film["copies"] == []
    for copy in copies:  # each copy is served at the picture's doors
        assert client.get(copy["url"]).status_code == 200


def test_the_api_takes_the_same_queries_with_copies_or_without(client):
    def cold(url: str) -> int:
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = make_case(title="Small", media=[image(), image()])
    counts = (cold("/api/v1/cases"), cold(f"/api/v1/cases/{small.slug}"))
    wide = make_case(title="Wide", media=[image(width=1200, height=800) for _ in range(3)])
    assert (cold("/api/v1/cases"), cold(f"/api/v1/cases/{wide.slug}")) == counts


def test_the_api_schema_describes_media(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("Case", "CaseSummary"):
        assert schema[name]["properties"]["media"]["description"]
    medium = schema["CaseMedia"]["properties"]
    assert set(medium) == {
        "kind", "url", "title", "alt_text", "credit", "width", "height", "copies"
    }  # fmt: skip
    assert medium["kind"]["enum"] == ["image", "document", "video"]
    assert medium["copies"]["items"] == {"$ref": "#/components/schemas/MediaCopy"}
    copy = schema["MediaCopy"]["properties"]
    assert set(copy) == {"width", "height", "url"}
    for spec in (*medium.values(), *copy.values()):
        assert spec["description"]


# -- exports and the data package -----------------------------------------------------------

EXPORTS = {
    "csv": reverse("innovations:export"),
    "json": reverse("innovations:export-json"),
    "jsonl": reverse("innovations:export-jsonl"),
}


def records(client, fmt: str, url=None, params=None) -> list[dict]:
    text = body(client, url or EXPORTS[fmt], params)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "json":
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("fmt", EXPORTS)
def test_exports_give_the_addresses_of_a_case_s_media(client, pictured, fmt):
    _case, (_film, first, second) = pictured
    make_case(title="Without media")
    urls = [
        "https://vimeo.com/12345",
        "http://testserver" + file_url(first),
        "http://testserver" + file_url(second),
    ]
    for url, params in ((EXPORTS[fmt], {"q": "ferries"}), (None, None)):
        found = {r["title"]: r["media"] for r in records(client, fmt, url, params)}
        if fmt == "csv":
            assert found["Pictured ferries"] == "; ".join(urls)
            assert found.get("Without media", "") == ""
        else:
            assert found["Pictured ferries"] == urls
            assert found.get("Without media", []) == []


def test_exports_give_a_picture_s_address_once_not_its_copies(client, tmp_path):
    """The codebook's `media` column lists one address per medium, the original's: the
    copies are derived from it, and the API lists them."""
    case = make_case(title="Wide ferries", media=[image(width=1200, height=800)])
    picture = CaseMedia.objects.get(innovation=case)
    assert len(picture.renditions) == 2
    for fmt in ("csv", "jsonl"):
        (record,) = records(client, fmt)
        expected = "http://testserver" + file_url(picture)
        assert record["media"] == (expected if fmt == "csv" else [expected])
    _save_package(client, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_catalogue_file_gives_the_addresses_too(client, pictured):
    _case, (_film, first, _second) = pictured
    url = reverse("innovations:data-cases", args=["jsonl"])
    (record,) = records(client, "jsonl", url)
    assert "http://testserver" + file_url(first) in record["media"]


def test_the_codebook_describes_the_media_column(client):
    column = next(c for c in codebook.columns() if c.name == "media")
    assert column.multiple and column.type == "string"
    assert column.title and "picture" in column.description
    page = body(client, reverse("innovations:codebook"))
    assert 'id="column-media"' in page and escape(column.description) in page
    fields = {f["name"]: f for f in codebook.table_schema()["fields"]}
    assert fields["media"]["description"].startswith(column.description)


def test_the_data_package_with_media_is_valid(client, pictured, tmp_path):
    make_case(title="Without media")
    _save_package(client, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert "/case-media/" in (tmp_path / "cases.csv").read_text(encoding="utf-8")


# -- only published cases, at every door ----------------------------------------------------


@pytest.fixture
def hidden():
    """A case with a picture in every state but published (a rejected case's files
    are removed, so its old address is kept from while it was submitted)."""
    found = {}
    for state in HIDDEN:
        case = make_case(title=f"Hidden {state}", state=state, media=[image(), video()])
        found[state] = case
    rejected = make_case(title="Soon rejected", state=State.SUBMITTED, media=[image()])
    address = file_url(CaseMedia.objects.get(innovation=rejected, kind="image"))
    services.innovation_reject(innovation=rejected, actor=None, note="No.")
    addresses = [address] + [
        file_url(m)
        for m in CaseMedia.objects.filter(kind="image").exclude(innovation__state="published")
    ]
    assert len(addresses) == len(HIDDEN)  # the rejected factory case has none left
    return found, addresses


def test_files_of_cases_that_are_not_published_answer_404(client, hidden):
    _cases, addresses = hidden
    for address in addresses:
        assert client.get(address).status_code == 404, address
        assert client.head(address).status_code == 404, address


def test_no_door_shows_the_media_of_a_case_that_is_not_published(client, hidden, pictured):
    cases, addresses = hidden
    case, (_film, first, _second) = pictured
    collection = collections.collection_save(title="Everything")
    everything = [*(c.pk for c in cases.values()), case.pk]
    collections.collection_set_cases(collection=collection, cases=everything)
    doors = [
        reverse("innovations:collection", args=[collection.slug]),
        reverse("innovations:collection-feed", args=[collection.slug]),
        reverse("innovations:embed-collection", args=[collection.slug]),
        reverse("innovations:list"),
        reverse("innovations:list") + "?q=hidden",
        reverse("innovations:home"),
        reverse("innovations:featured"),
        reverse("innovations:sector", args=["health"]),
        reverse("innovations:embed-search"),
        reverse("innovations:feed"),
        "/api/v1/cases?page_size=100",
        *EXPORTS.values(),
        *(EXPORTS[fmt] + "?q=hidden" for fmt in EXPORTS),
        *(reverse("innovations:data-cases", args=[fmt]) for fmt in EXPORTS),
    ]
    for door in doors:
        text = body(client, door)
        for address in addresses:
            assert address not in text, (door, address)
        for case in cases.values():
            assert case.title not in text, (door, case.title)
    for door in (reverse("innovations:list"), doors[0]):  # the control
        assert file_url(first) in body(client, door)
    for case in cases.values():
        response = client.get(f"/api/v1/cases/{case.slug}")
        assert response.status_code == 404
        assert "case-media" not in response.content.decode()


def test_an_unpublished_case_s_cards_and_files_go_with_it(client, pictured):
    case, (_film, first, _second) = pictured
    assert client.get(file_url(first)).status_code == 200
    assert file_url(first) in body(client, reverse("innovations:list"))
    services.innovation_unpublish(innovation=case, actor=None)
    assert client.get(file_url(first)).status_code == 404
    assert file_url(first) not in body(client, reverse("innovations:list"))
    assert "/case-media/" not in body(client, EXPORTS["json"])
