"""The production entry point, opsi.asgi, serves the site (as gunicorn's ASGI worker
calls it: one ASGI call per request, views in a thread of the request's own)."""

import asyncio
from urllib.parse import urlsplit

import pytest

from opsi.asgi import application
from tests.factories import make_case

# Real commits: the views run in other threads, with connections of their own.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def call(path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    url = urlsplit(path)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": url.path,
        "raw_path": url.path.encode(),
        "query_string": url.query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    requests = [{"type": "http.request", "body": b"", "more_body": False}]
    sent = []

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    start = sent[0]
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_the_asgi_application_serves_the_public_pages():
    case = make_case(title="Served through ASGI")
    paths = ["/", "/cases/?q=served", f"/cases/{case.slug}/", "/robots.txt", "/sitemap.xml"]

    async def visit():
        return [await call(path) for path in paths]

    for path, (status, _headers, body) in zip(paths, asyncio.run(visit()), strict=True):
        assert status == 200, path
        assert body, path
    status, headers, body = asyncio.run(call("/cases/export.csv"))
    assert status == 200
    assert headers["content-type"].startswith("text/csv")
    assert "Served through ASGI" in body.decode()


def test_the_asgi_application_answers_head():
    # The server (gunicorn's ASGI worker) leaves out the body of an answer to HEAD.
    status, headers, _body = asyncio.run(call("/robots.txt", method="HEAD"))
    assert status == 200
    assert headers["content-type"] == "text/plain; charset=utf-8"
