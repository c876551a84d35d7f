"""Duplicates found for real: the same address once normalised, a similar title and a
similar text through the search index, each with its reason; and at submission, a
contributor whose case repeats a published one is offered to suggest an update instead."""

import pytest
from django.urls import reverse

from innovations import duplicates
from innovations.models import Innovation
from tests.factories import make_case, sign_in
from tests.forms import complete, post

pytestmark = pytest.mark.django_db
State = Innovation.State
NEMID = "https://www.nemid.nu/dk-da/om-nemid/"


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://www.NemID.nu/dk-da/om-nemid/", "nemid.nu/dk-da/om-nemid"),
        ("http://nemid.nu/dk-da/om-nemid?utm_source=x#top", "nemid.nu/dk-da/om-nemid"),
        ("https://example.org/case?id=2&b=1", "example.org/case?b=1&id=2"),
        ("", ""),
        ("not a url", ""),
    ],
)
def test_addresses_are_normalised(url, normal):
    assert duplicates.normalise_url(url) == normal


def test_a_copy_with_the_same_source_is_found_first_with_its_reason(client, moderator):
    make_case(title="Canadian Digital Service", summary="A digital service for Canada.")
    nemid = make_case(
        title="NemID", summary="A common digital signature for Denmark.", source_url=NEMID
    )
    copy = make_case(
        state=State.SUBMITTED,
        title="Danish secure login for citizens",
        summary="One login for public and private online services.",
        source_url="http://nemid.nu/dk-da/om-nemid?utm_source=newsletter",
    )
    found = duplicates.candidates(copy)
    assert found[0].case == nemid
    assert found[0].reasons == ["same address: nemid.nu/dk-da/om-nemid"]
    sign_in(client, moderator)
    html = client.get(reverse("moderation:review", args=[copy.pk])).content.decode()
    assert "NemID</a> (Published): same address: nemid.nu/dk-da/om-nemid" in html


def test_titles_and_texts_are_reasons_of_their_own():
    ferry = make_case(
        title="Ferry timetable co-design", summary="Residents redesigned the ferry timetable."
    )
    text = make_case(
        title="River crossing schedule",
        summary="Riverside residents redesigned the ferry timetable with the port.",
        source_url="https://example.org/other",
    )
    case = make_case(
        state=State.SUBMITTED,
        title="Ferry timetable co-design in Dar",
        summary="Residents redesigned the ferry timetable.",
        source_url="https://example.org/new",
    )
    reasons = {c.case.pk: c.reasons for c in duplicates.candidates(case)}
    assert any(r.startswith("similar title") for r in reasons[ferry.pk])
    assert any(r.startswith("similar text") for r in reasons[text.pk] + reasons[ferry.pk])


def test_a_contributor_repeating_a_published_case_is_offered_to_suggest_instead(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    published = make_case(title="Ferry timetable", source_url="https://example.org/ferry/")
    response = post(client, complete(title="Ferry timetable"))
    case = Innovation.objects.exclude(pk=published.pk).get()
    assert case.state == State.DRAFT  # held back once, as a draft
    page = client.get(response.url).content.decode()
    assert "This may already be in the catalogue" in page
    assert reverse("innovations:suggest", args=[published.slug]) in page
    assert 'name="seen_duplicates" value="1"' in page
    response = post(
        client, complete(title="Ferry timetable", seen_duplicates="1"), url=response.url
    )
    case.refresh_from_db()
    assert case.state == State.SUBMITTED  # they can still submit


def test_only_published_cases_are_offered():
    hidden = make_case(state=State.REJECTED, title="Ferry timetable")
    assert duplicates.in_catalogue("Ferry timetable", hidden.source_url) == []
