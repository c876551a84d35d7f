"""Embeddable views of a search or a collection, for other sites' iframes.

These two routes alone may be framed by any site (`frame-ancestors *`, no
X-Frame-Options); each has its own strict policy (no script, no form, no plug-in),
and every other page keeps the site's `frame-ancestors 'none'` and `DENY`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from .. import facets
from ..catalogue import CatalogueQuery
from ..models import Collection
from .cards import cards
from .collections import published_ids

SIZE = 10
EMBED_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": ["*"],
}


def embeddable(view):
    """Allowed in any site's frame, under the embed's own policy."""
    return xframe_options_exempt(csp_override(EMBED_CSP)(view))


def _query(params: QueryDict) -> str:
    params = params.copy()
    for name in ("page", "sort"):
        params.pop(name, None)
    return params.urlencode()


@embeddable
@require_safe
def embed_search(request: HttpRequest) -> HttpResponse:
    """The newest published cases of any search (the search page's parameters)."""
    query = _query(request.GET)
    question = CatalogueQuery.from_params(QueryDict(query))
    answer = question.run(sort="newest")
    page_url = reverse("innovations:list") + (f"?{query}" if query else "")
    return render(
        request,
        "innovations/embed.html",
        {
            "cards": cards(question.index, answer.ids(0, SIZE)),
            "count": answer.count(),
            "more_url": request.build_absolute_uri(page_url),
            "notes": question.notes,
        },
    )


@embeddable
@require_safe
def embed_collection(request: HttpRequest, slug: str) -> HttpResponse:
    """A collection's published cases, in its order."""
    collection = get_object_or_404(Collection, slug=slug)
    ids = published_ids(collection)
    return render(
        request,
        "innovations/embed.html",
        {
            "collection": collection,
            "cards": cards(facets.current_index(), ids[:SIZE]),
            "count": len(ids),
            "more_url": request.build_absolute_uri(collection.get_absolute_url()),
        },
    )


def _oembed_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _bounded(value: str, default: int) -> int:
    return min(int(value), default) if value.isascii() and value.isdigit() and value else default


@require_safe
def oembed(request: HttpRequest) -> JsonResponse:
    """oEmbed (rich) for a search page or a collection page of this site: the iframe of
    its embed. JSON only (the spec's 501 for another format); 404 for any other URL."""
    if (request.GET.get("format") or "json") != "json":  # an empty one is the default
        return _oembed_error("Only the json format is offered.", 501)
    url = urlsplit(request.GET.get("url", ""))
    if url.netloc != request.get_host():
        return _oembed_error("Not a page of this catalogue.", 404)
    language = translation.get_language_from_path(url.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(url.path)
        except Resolver404:
            return _oembed_error("Not a page of this catalogue.", 404)
        if match.view_name == "innovations:list":
            query = _query(QueryDict(url.query))
            src = reverse("innovations:embed-search") + (f"?{query}" if query else "")
            title = str(_("Public-sector innovation cases"))
        elif match.view_name == "innovations:collection":
            collection = Collection.objects.filter(slug=match.kwargs["slug"]).first()
            if collection is None:
                return _oembed_error("No such collection.", 404)
            src = reverse("innovations:embed-collection", args=[collection.slug])
            title = collection.title
        else:
            return _oembed_error("Only searches and collections can be embedded.", 404)
        provider = str(_("OPSI catalogue"))
    width = _bounded(request.GET.get("maxwidth", ""), 600)
    height = _bounded(request.GET.get("maxheight", ""), 600)
    html = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy"></iframe>',
        request.build_absolute_uri(src),
        title,
        width,
        height,
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": provider,
            "provider_url": request.build_absolute_uri("/"),
            "html": html,
            "width": width,
            "height": height,
        }
    )
