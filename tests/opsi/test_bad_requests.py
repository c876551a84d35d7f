"""Requests a client got wrong get a 400, never a 500, whatever the entry point."""

import asyncio
import io

import pytest
from django.test import Client

from opsi.asgi import application as asgi_application
from opsi.errors import bad_request
from opsi.wsgi import application as wsgi_application

BAD_CHARSETS = ["latin-1\x00", "no-such-charset\x00x", "a" * 300 + "\x00"]


def _wsgi(content_type: str, body: bytes = b"title=Caf\xe9") -> str:
    status = []
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/submit/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
    }
    b"".join(wsgi_application(environ, lambda s, h, *a: status.append(s)))
    return status[0]


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_an_unreadable_charset_is_a_400_through_wsgi(charset):
    assert _wsgi(f"application/x-www-form-urlencoded; charset={charset}").startswith("400")


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_an_unreadable_charset_is_a_400_through_asgi(charset):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"title=x", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/submit/",
        "headers": [(b"content-type", f"text/plain; charset={charset}".encode("latin-1"))],
    }
    asyncio.run(asgi_application(scope, receive, send))
    assert sent[0]["status"] == 400


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-15", "bogus-enc", "utf-8"])
@pytest.mark.parametrize("url", ["/submit/", "/moderation/", "/accounts/login/", "/cases/"])
def test_a_form_in_any_named_charset_never_gives_a_500(charset, url):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    body = "title=Caf\xe9&action=draft&q=\xe9".encode("latin-1")
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    assert client.generic("POST", url, body, content_type=content_type).status_code < 500
    assert client.get(url + "?q=%E9&page=%FF&sort=%00").status_code < 500


def test_the_400_page_renders_and_never_raises(rf, monkeypatch):
    response = bad_request(rf.get("/"))
    assert response.status_code == 400
    assert b"Bad request" in response.content

    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr("opsi.errors.loader.render_to_string", broken)
    response = bad_request(rf.get("/"))
    assert response.status_code == 400 and response.content == b"Bad request."


@pytest.mark.django_db
def test_a_query_with_too_many_fields_gets_the_400_page_in_its_language():
    client = Client(raise_request_exception=False)
    response = client.get("/fr/cases/?" + "&".join(f"f{n}=1" for n in range(1001)))
    assert response.status_code == 400
    assert b'<html lang="fr">' in response.content and b"<main" in response.content


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_gets_the_site_s_page_in_its_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/es/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert b'<html lang="es">' in response.content and b"<main" in response.content
