"""Generated requests to the public doors a visitor reaches without signing in: the
suggestion form (with its media fields), sign-in by link, saving a search, the shortlist,
comparison, citations, embeds and oEmbed. Odd Unicode, NUL bytes, huge numbers, wrong
types: none gives a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_case

ODD = st.sampled_from(
    ["\x00", "\u202e", "𝕏", "\r\n", "<script>", "' OR 1=1 --", "9" * 40, "-1", "1e308", "NaN",
     "../../etc/passwd", "https://evil.example/", "javascript:alert(1)", "%00", ""]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=30), st.builds(lambda a, b: a + b, st.text(max_size=6), ODD), ODD)
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=3))
FIELDS = [
    "title", "summary", "message", "name", "email", "media-kind", "media-title",
    "media-alt_text", "media-credit", "media-url", "q", "frequency", "case", "cases",
    "action", "next", "url", "format", "maxwidth", "maxheight", "style", "sector", "page",
    "website",
]  # fmt: skip
DATA = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=8)
DOORS = [
    ("post", "suggest"), ("post", "sign-in"), ("post", "search-save"), ("get", "search-save"),
    ("post", "shortlist"), ("get", "shortlist"), ("get", "compare"), ("get", "compare-cite"),
    ("get", "cite"), ("get", "embed-search"), ("get", "oembed"), ("get", "list"),
    ("get", "mine"), ("get", "insights"),
]  # fmt: skip
ARGS = {"suggest": "slug", "cite": ("slug", "bib"), "compare-cite": ("ris",)}


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(door=st.sampled_from(DOORS), data=DATA, language=st.sampled_from(["en", "fr", "es", "de"]))
def test_no_generated_public_request_causes_a_server_error(door, data, language):
    case = make_case(title="A published case")
    method, name = door
    args = ARGS.get(name, ())
    args = [case.slug] if args == "slug" else [case.slug if a == "slug" else a for a in args]
    url = reverse(f"innovations:{name}", args=args)
    if language != "en":
        url = f"/{language}{url}"
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(url, data)
    # oEmbed's own answer to a format it does not offer is 501 Not Implemented.
    spec = name == "oembed" and (data.get("format") or "json") != "json"
    assert response.status_code < 500 or (spec and response.status_code == 501), (url, data)
