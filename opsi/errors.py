"""Answers to requests a client got wrong: a 400 page that cannot fail, and a guard
against a request header Django would choke on before any middleware runs."""

import codecs

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    QueryDict,
)
from django.template import loader

PLAIN = "text/plain; charset=utf-8"


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """The 400 page; if even the template cannot be rendered, plain text. The query
    string may be what was wrong (too many fields): the page is drawn without it, since
    the header and the language links read it."""
    try:
        request.GET  # noqa: B018 (parsed here, where its error can be caught)
    except Exception:
        request.GET = QueryDict()
    try:
        body = loader.render_to_string("400.html", {}, request)
        return HttpResponseBadRequest(body)
    except Exception:
        return HttpResponseBadRequest("Bad request.", content_type=PLAIN)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page for a form refused by the CSRF check (no cookie, or an old form)."""
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", {}, request))


def readable_charset(content_type: str) -> bool:
    """Whether the charset a Content-Type declares (if any) is one Python can look up.
    Django parses it while building the request, before any middleware, and raises on
    some names (a NUL in one, say): that would be a 500."""
    from django.utils.http import parse_header_parameters

    try:
        _type, params = parse_header_parameters(content_type)
        if "charset" in params:
            codecs.lookup(params["charset"])
    except (LookupError, ValueError, TypeError):
        return False
    return True


def guard_wsgi(application):
    """The WSGI application, answering 400 to a request body in an unreadable charset."""

    def guarded(environ, start_response):
        if not readable_charset(environ.get("CONTENT_TYPE", "")):
            body = b"Bad request: the declared character set cannot be read.\n"
            start_response(
                "400 Bad Request",
                [("Content-Type", PLAIN), ("Content-Length", str(len(body)))],
            )
            return [body]
        return application(environ, start_response)

    return guarded


def guard_asgi(application):
    """The ASGI application, with the same guard."""

    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            if not readable_charset(content_type):
                body = b"Bad request: the declared character set cannot be read.\n"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [
                            (b"content-type", PLAIN.encode()),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await application(scope, receive, send)

    return guarded
