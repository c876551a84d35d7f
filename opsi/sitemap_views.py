"""The sitemap as an index of paged children, each built once per catalogue revision.

Rendering the whole sitemap took 3-8 s of CPU per request at 10,000 cases (11.7 MB, one
document). Now `/sitemap.xml` is an index of `/sitemap-<section>.xml?p=N` children of
`sitemaps.PAGE_SIZE` items each, and every document is kept in the cache under the
catalogue's (generation, revision) and the host: a crawler's request is a cache read.
One worker thread builds a given document at a time; the others wait for it. With a
replica (`DATABASE_REPLICA_URL`), the sitemap is read there.
"""

import threading

from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from innovations import derived
from innovations.models import CatalogueRevision
from innovations.sitemaps import sitemaps

from .routers import replica_reads

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _key(request: HttpRequest, section: str | None) -> str:
    # Through the one key maker, so the deploy's prefix comes first: a release, or another
    # site on the same Redis whose catalogue is at the same revision, never reads this one.
    generation, number = CatalogueRevision.current()
    page = request.GET.get("p", "1")[:10]
    origin = f"{request.scheme}://{request.get_host()}"
    return derived.key("sitemap", number, origin, section, page, generation=generation)


def _cached(request: HttpRequest, section: str | None, build) -> HttpResponse:
    # Read on the replica, if there is one: the revision and the items alike, so that
    # a document is stored under the revision it shows.
    with replica_reads():
        return _cached_here(request, section, build)


def _cached_here(request: HttpRequest, section: str | None, build) -> HttpResponse:
    key = _key(request, section)
    stored = cache.get(key)
    if stored is None:
        with _locks_guard:
            lock = _locks.setdefault(key, threading.Lock())
        with lock:
            stored = cache.get(key)
            if stored is None:
                response = build()
                if response.status_code != 200:
                    return response
                response.render()
                stored = (response.content, response["Content-Type"])
                cache.set(key, stored, 24 * 3600)
        with _locks_guard:
            _locks.pop(key, None)
    content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: one entry per child page."""
    return _cached(
        request,
        None,
        lambda: sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section"),
    )


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    """One page of one section of the sitemap."""
    return _cached(
        request, section, lambda: sitemap_views.sitemap(request, sitemaps, section=section)
    )
