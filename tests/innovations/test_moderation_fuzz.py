"""Hundreds of generated posts to every moderator form (the edit form, the actions,
featuring, bulk spam): odd Unicode, NUL bytes, huge numbers, wrong states, missing and
repeated fields. None gives a server error, and the log stays consistent."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovations.models import Innovation, StateChange
from tests.factories import make_case, sign_in

FIELDS = [
    "title", "summary", "description", "source_url", "slug", "level", "status",
    "year_launched", "sectors", "countries", "language",
    "action", "note", "expected_state", "featured", "order", "cases",
    "coproduction-kind", "coproduction-stage",
]  # fmt: skip
ODD = st.sampled_from(
    ["\x00", "\u202e", "𝕏", "\r\n", "<script>", "' OR 1=1 --", "9" * 40, "-1", "1e308", "NaN"]
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.text(max_size=8), ODD),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        [
            "publish", "reject", "request_changes", "unpublish", "submit", "feature",
            "published", "submitted", "draft", "rejected", "on", "1", "FR", "health",
            "https://example.org/x",
        ]
    ),
)  # fmt: skip
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=3))
DATA = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=len(FIELDS))
TARGET = st.sampled_from(["review", "act", "feature", "reject-spam"])


@pytest.fixture(scope="module")
def counter():
    state = {"count": 0}
    yield state
    print(f"\nhypothesis moderator posts: {state['count']}")
    assert state["count"] >= 300


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=TARGET, data=DATA, state=st.sampled_from(["submitted", "published", "draft"]))
def test_no_generated_moderator_post_causes_a_server_error(
    target, data, state, counter, django_user_model
):
    moderator, _ = django_user_model.objects.get_or_create(username="fuzz-mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = sign_in(Client(raise_request_exception=False), moderator)
    case = make_case(state=state)
    url = (
        reverse("moderation:reject-spam")
        if target == "reject-spam"
        else reverse(f"moderation:{target}", args=[case.pk])
    )
    response = client.post(url, data)
    assert response.status_code < 500, (target, data)
    counter["count"] += 1
    case = Innovation.objects.get(pk=case.pk)
    last = StateChange.objects.filter(innovation=case).order_by("-pk").first()
    assert last is None or last.to_state == case.state
    assert not case.featured or case.state == Innovation.State.PUBLISHED


LIST_PARAMS = st.dictionaries(
    st.sampled_from(["q", "state", "page", "sector", "level", "country", "approach", "sort"]),
    VALUE,
    max_size=5,
)
BULK_FIELDS = st.dictionaries(
    st.sampled_from(["cases", "action", "tag", "sector", "level", "note", "next", "kept"]),
    st.one_of(TEXT, st.lists(TEXT, max_size=3), st.just("9" * 30)),
    max_size=6,
)


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.sampled_from(["queue", "suggestions", "collections", "bulk", "merge"]),
    params=LIST_PARAMS,
    data=BULK_FIELDS,
)
def test_no_generated_search_bulk_or_merge_request_causes_a_server_error(
    target, params, data, django_user_model
):
    """The moderation lists' searches and filters (GET), bulk actions and merges (POST)."""
    moderator, _ = django_user_model.objects.get_or_create(username="fuzz-mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = sign_in(Client(raise_request_exception=False), moderator)
    case = make_case(state="submitted")
    if target in ("bulk", "merge"):
        url = (
            reverse("moderation:bulk")
            if target == "bulk"
            else (reverse("moderation:merge", args=[case.pk]))
        )
        if target == "bulk" and "cases" not in data:
            data = {**data, "cases": [str(case.pk)]}
        response = client.post(url, data)
    else:
        response = client.get(reverse(f"moderation:{target}"), params)
    assert response.status_code < 500, (target, params, data)
