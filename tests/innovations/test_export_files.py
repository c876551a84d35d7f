"""The whole catalogue's exports are files built once per catalogue revision, served with
Content-Length, ETag and Range; HEAD builds nothing; too many builds answer 503."""

import pytest
from django.urls import reverse

from innovations.opendata import files
from tests.factories import make_case

pytestmark = pytest.mark.django_db

URL = reverse("innovations:data-cases", kwargs={"fmt": "csv"})


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_file_is_built_once_per_revision(client, monkeypatch):
    make_case(title="First case")
    builds = []
    real = files._build
    monkeypatch.setattr(files, "_build", lambda *a: builds.append(a) or real(*a))
    first = client.get(URL)
    assert first["Content-Length"] == str(len(_body(first)))
    assert client.get(URL)["ETag"] == first["ETag"]
    assert len(builds) == 1
    make_case(title="Second case")
    second = client.get(URL)
    assert b"Second case" in _body(second)
    assert second["ETag"] != first["ETag"] and len(builds) == 2
    assert len(list(files._root().glob("cases-*.csv"))) == 1  # the old one is gone


def test_a_client_with_the_file_gets_304(client):
    make_case()
    etag = client.get(URL)["ETag"]
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304


def test_a_range_is_answered_with_206(client):
    make_case(title="Ranged case")
    whole = _body(client.get(URL))
    part = client.get(URL, headers={"range": "bytes=10-19"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert _body(part) == whole[10:20]
    tail = client.get(URL, headers={"range": "bytes=-5"})
    assert _body(tail) == whole[-5:]
    assert client.get(URL, headers={"range": f"bytes={len(whole)}-"}).status_code == 416
    stale = client.get(URL, headers={"range": "bytes=0-1", "if-range": '"other"'})
    assert stale.status_code == 200 and _body(stale) == whole


def test_head_builds_nothing_and_is_not_counted(client, monkeypatch, settings):
    make_case()
    monkeypatch.setattr(files, "_build", lambda *a: pytest.fail("HEAD built the export"))
    settings.OPSI_RATE_LIMITS = {"EXPORTS_PER_HOUR": 1}
    for _ in range(3):
        response = client.head(URL)
        assert response.status_code == 200 and response.content == b""
    assert client.head(reverse("innovations:export") + "?q=x").status_code == 200


def test_head_of_a_built_file_gives_its_length(client):
    make_case()
    length = client.get(URL)["Content-Length"]
    head = client.head(URL)
    assert head["Content-Length"] == length and head.content == b""


def test_too_many_builds_at_once_answer_503(client, settings):
    make_case()
    settings.OPSI_EXPORT_BUILDS = 1
    with files.building():
        response = client.get(reverse("innovations:export") + "?q=case")
        assert response.status_code == 503 and response["Retry-After"]
        assert client.get(URL).status_code == 503
    assert client.get(URL).status_code == 200


def test_an_unfiltered_search_export_is_the_catalogue_file(client, monkeypatch):
    make_case(title="Everything")
    first = client.get(reverse("innovations:export"))
    monkeypatch.setattr(files, "_build", lambda *a: pytest.fail("built twice"))
    assert client.get(reverse("innovations:export"))["ETag"] == first["ETag"]
    assert b"Everything" in _body(first)
