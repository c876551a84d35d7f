"""Conditional GET for the public pages: their ETag is the catalogue's state.

The ETag is made by `innovations.derived.etag` (so it starts, as every key does, with
the release: a deploy answers no 304 for a page of the previous one). A public page
depends on the published catalogue (its generation and revision), the
language, who is signed in (the header), the day (the case page's citation) and, for
the search page, whether only the results block was asked for. A browser or proxy that
sends the ETag back gets a 304 at the cost of one query, and the page is not rendered.
A response that carries a one-time message is never made conditional. The ETag is weak:
pages carry a fresh CSP nonce each time.
"""

from functools import wraps

from django.contrib.messages import get_messages
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from .. import derived, facets


def catalogue_etag(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or len(get_messages(request)):
            return view(request, *args, **kwargs)
        index = facets.current_index()
        etag = derived.etag(
            index.generation,
            index.revision,
            translation.get_language(),
            request.user.pk or 0,
            timezone.localdate().isoformat(),
            request.headers.get("X-Partial") == "results",
        )
        with facets.pinned(index):
            response = get_conditional_response(request, etag=etag)
            if response is None:
                response = view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                response.headers.setdefault("ETag", etag)
                patch_vary_headers(response, ["X-Partial"])
        return response

    return wrapped
