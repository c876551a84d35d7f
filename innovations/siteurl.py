"""The address that links in mail point to.

`OPSI_SITE_URL` when it is set (production must set it: `check --deploy` fails without
it). Otherwise, the address of the request being served, so that a developer's mail
links to the port the site really runs on (`.ci/dev serve 8106`, `runserver 8080`);
tasks run outside any request (a worker) fall back to http://127.0.0.1:8000.
"""

from contextvars import ContextVar

from django.conf import settings

DEVELOPMENT_SITE = "http://127.0.0.1:8000"
_origin: ContextVar[str] = ContextVar("opsi_request_origin", default="")


def site_url() -> str:
    return (settings.OPSI_SITE_URL or _origin.get() or DEVELOPMENT_SITE).rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


class RequestOrigin:
    """Remember the scheme, host and port of the request for the mail it sends (tasks
    queued after commit run inside the request with the immediate backend)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.OPSI_SITE_URL:
            return self.get_response(request)
        # get_host() checks ALLOWED_HOSTS; CommonMiddleware has already refused others.
        token = _origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
