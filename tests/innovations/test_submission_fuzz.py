"""Hundreds of generated submissions (odd Unicode, NUL bytes, huge and missing fields):
the form answers every one of them without a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovations.models import Innovation

FIELDS = [
    "title", "summary", "description", "innovative", "results", "challenges", "source_url",
    "website_url", "level", "lead_organisation", "partners", "year_launched", "status",
    "language", "sectors", "approaches", "enabling_factors", "countries", "contributor_name",
    "contributor_email", "contributor_organisation", "contributor_role", "licence_consent",
    "coproduction-kind", "coproduction-stage", "coproduction-reasons",
    "coproduction-impact_evidence",
    "state", "featured", "action",
]  # fmt: skip
ODD = st.sampled_from(
    ["\x00", "\u202e", "\ufeff", "𝕏", "👩‍👩‍👧", "\r\n", "<script>", "' OR 1=1 --", "%00", "9" * 30]
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.builds(lambda a, b: a + b, st.text(max_size=10), ODD),
    st.integers(-(10**20), 10**20).map(str),
    st.just("x" * 30_000),
    st.sampled_from(["published", "submit", "draft", "preview", "1", "on", "FR", "https://e.org"]),
)
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=3))
DATA = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=len(FIELDS))


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=DATA)
def test_no_generated_submission_causes_a_server_error(data, settings_for_fuzz):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("innovations:submit"), data)
    assert response.status_code < 500, data
    settings_for_fuzz["count"] += 1
    assert not Innovation.objects.published().exists()


@pytest.fixture(scope="module")
def counter():
    state = {"count": 0}
    yield state
    # Hypothesis runs every example through the test body: report how many ran.
    print(f"\nhypothesis submissions posted: {state['count']}")
    assert state["count"] >= 300


@pytest.fixture
def settings_for_fuzz(settings, counter):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    return counter
