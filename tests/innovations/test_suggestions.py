"""Suggested updates: no account, the submission form's anti-spam, nothing changes on the
case before a moderator accepts; accepting applies a new version, declining needs a
reason; a suggestion against fields changed since is a conflict and applies nothing."""

import pytest
from django.urls import reverse

from innovations import antispam, services
from innovations.models import CaseEdit, Innovation, Sector, Suggestion
from tests.factories import assert_true, make_case, sign_in
from tests.forms import form_data

pytestmark = pytest.mark.django_db
State = Innovation.State


def suggest(case, **changes):
    return services.suggestion_create(innovation=case, changes=changes, message="Checked.")


def test_a_suggestion_changes_nothing_until_accepted(moderator):
    case = make_case(title="Old title")
    before = (case.title, case.updated_at, case.versions.count())
    found = suggest(case, title="New title", summary=case.summary)
    assert found.changes == {"title": "New title"}  # only what differs is kept
    case.refresh_from_db()
    assert (case.title, case.updated_at, case.versions.count()) == before
    services.suggestion_accept(suggestion=found, actor=moderator, note="Thanks.")
    case.refresh_from_db()
    found.refresh_from_db()
    assert case.title == "New title"
    assert found.state == Suggestion.Decision.ACCEPTED and found.reply == "Thanks."
    assert found.version == case.versions.order_by("-number").first()
    assert found.version.fields == ["title"]
    assert case.edits.latest("at", "pk").event == CaseEdit.Event.SUGGESTION
    assert_true()


def test_declining_needs_a_reason_and_changes_nothing(moderator):
    case = make_case()
    found = suggest(case, title="Spam")
    with pytest.raises(services.TransitionError):
        services.suggestion_decline(suggestion=found, actor=moderator, reason=" ")
    services.suggestion_decline(suggestion=found, actor=moderator, reason="Not sourced.")
    case.refresh_from_db()
    assert case.title != "Spam"
    with pytest.raises(services.TransitionError):
        services.suggestion_accept(suggestion=found, actor=moderator)


def test_a_suggestion_on_fields_changed_since_is_a_conflict(moderator):
    case = make_case(title="Base")
    first = suggest(case, title="First idea")
    second = suggest(case, title="Second idea")
    untouched = suggest(case, summary="Another summary.")
    services.suggestion_accept(suggestion=first, actor=moderator)
    with pytest.raises(services.SuggestionConflict) as conflict:
        services.suggestion_accept(suggestion=second, actor=moderator)
    assert conflict.value.fields == ["title"]
    case.refresh_from_db()
    assert case.title == "First idea"
    assert Suggestion.objects.get(pk=second.pk).state == Suggestion.Decision.PENDING
    services.suggestion_accept(suggestion=untouched, actor=moderator)  # other fields: fine
    case.refresh_from_db()
    assert (case.title, case.summary) == ("First idea", "Another summary.")


def test_only_published_cases_take_suggestions():
    case = make_case(state=State.SUBMITTED)
    with pytest.raises(services.TransitionError):
        suggest(case, title="x")
    with pytest.raises(ValueError):
        suggest(make_case())  # nothing changed
    with pytest.raises(ValueError):
        services.suggestion_create(innovation=make_case(), changes={"contributor_email": "x"})


def test_a_reader_suggests_through_the_form_without_an_account(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    case = make_case(title="Form case")
    url = reverse("innovations:suggest", args=[case.slug])
    page = client.get(case.get_absolute_url()).content.decode()
    assert url in page and reverse("innovations:history", args=[case.slug]) in page
    html = client.get(url).content.decode()
    data = form_data(html, url)
    assert data["title"] == ["Form case"]  # pre-filled
    data.update(title="Form case, corrected", message="The name changed in 2024.")
    response = client.post(url, data)
    assert response.status_code == 200 and "with the moderators" in response.content.decode()
    found = Suggestion.objects.get()
    assert found.changes == {"title": "Form case, corrected"}
    case.refresh_from_db()
    assert case.title == "Form case"


def test_the_honeypot_and_the_form_token_keep_bots_out(client):
    case = make_case()
    url = reverse("innovations:suggest", args=[case.slug])
    data = form_data(client.get(url).content.decode(), url)
    data.update(title="Bot title", **{antispam.HONEYPOT: "http://spam.example"})
    client.post(url, data)
    data = form_data(client.get(url).content.decode(), url)
    data.update(title="Bot title", **{antispam.STARTED: "forged"})
    client.post(url, data)
    assert not Suggestion.objects.exists()


def test_the_link_cap_counts_only_what_the_reader_added(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": True, "MIN_SECONDS": 0}
    case = make_case(description="See https://a.example https://b.example")
    url = reverse("innovations:suggest", args=[case.slug])
    data = form_data(client.get(url).content.decode(), url)
    links = " ".join(f"https://spam{n}.example" for n in range(settings.OPSI_ANTISPAM["MAX_LINKS"]))
    response = client.post(url, {**data, "results": links + " https://one-more.example"})
    assert "at most" in response.content.decode() and not Suggestion.objects.exists()
    data = form_data(client.get(url).content.decode(), url)
    client.post(url, {**data, "results": "Now measured."})
    assert Suggestion.objects.get().changes == {"results": "Now measured."}


def test_suggesting_is_rate_limited(client, settings):
    settings.OPSI_ANTISPAM = {
        **settings.OPSI_ANTISPAM,
        "ENABLED": True,
        "MIN_SECONDS": 0,
        "MAX_PER_HOUR": 2,
    }
    case = make_case()
    url = reverse("innovations:suggest", args=[case.slug])
    statuses = []
    for n in range(3):
        data = form_data(client.get(url).content.decode(), url)
        statuses.append(client.post(url, {**data, "title": f"Title {n}"}).status_code)
    assert statuses == [200, 200, 429]
    assert Suggestion.objects.count() == 2


def test_drafts_take_no_suggestion_and_show_no_history(client):
    for state in [s for s in State if s != State.PUBLISHED]:
        case = make_case(state=state)
        assert client.get(reverse("innovations:suggest", args=[case.slug])).status_code == 404
        assert client.get(reverse("innovations:history", args=[case.slug])).status_code == 404


def test_a_moderator_sees_the_diff_and_accepts(client, moderator):
    case = make_case(title="Live title")
    found = suggest(case, title="Better title")
    sign_in(client, moderator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "1 suggested update waiting" in queue
    page = client.get(reverse("moderation:suggestion", args=[found.pk])).content.decode()
    assert "<del>Live</del>" in page and "<ins>Better</ins>" in page
    response = client.post(reverse("moderation:decide", args=[found.pk]), {"decision": "accept"})
    assert response.status_code == 302
    assert client.get(case.get_absolute_url()).content.decode().count("Better title") >= 1


def test_a_conflicting_accept_is_answered_409_and_applies_nothing(client, moderator):
    case = make_case(title="Base")
    first, second = suggest(case, title="One"), suggest(case, title="Two")
    sign_in(client, moderator)
    client.post(reverse("moderation:decide", args=[first.pk]), {"decision": "accept"})
    response = client.post(reverse("moderation:decide", args=[second.pk]), {"decision": "accept"})
    assert response.status_code == 409
    assert "changed since" in response.content.decode()
    case.refresh_from_db()
    assert case.title == "One"


def test_moderation_of_suggestions_needs_a_moderator(client, django_user_model):
    found = suggest(make_case(), title="x")
    user = django_user_model.objects.create_user("reader", password="pw")
    sign_in(client, user)
    assert client.get(reverse("moderation:suggestions")).status_code == 403
    response = client.post(reverse("moderation:decide", args=[found.pk]), {"decision": "accept"})
    assert response.status_code == 403


def test_the_reader_hears_the_decision_only_at_a_confirmed_address(
    moderator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from innovations.models import ContributorAddress

    case = make_case(title="Mailed case")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.suggestion_create(
            innovation=case, changes={"title": "Mailed case, new"}, email="Reader@Example.org"
        )
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert "/confirm/" in mail.outbox[0].body and "Mailed case" not in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_decline(suggestion=first, actor=moderator, reason="No source.")
    assert mail.outbox == []  # not confirmed: no news
    services.contributor_address_confirm("reader@example.org")
    assert ContributorAddress.objects.get().confirmed_at
    second = services.suggestion_create(
        innovation=case, changes={"title": "Better"}, email="reader@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_accept(suggestion=second, actor=moderator, note="Thank you!")
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert "accepted" in mail.outbox[0].body and "Thank you!" in mail.outbox[0].body


def test_a_reader_who_suggested_in_german_gets_both_mails_in_german(
    client, settings, moderator, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    case = make_case(title="Form case")
    url = f"/de/cases/{case.slug}/suggest/"
    data = form_data(client.get(url).content.decode(), url)
    data.update(title="Form case, corrected", email="leser@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 200
    (confirm,) = mail.outbox
    assert "/de/confirm/" in confirm.body
    services.contributor_address_confirm("leser@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_decline(
            suggestion=Suggestion.objects.get(), actor=moderator, reason="Keine Quelle."
        )
    (news,) = mail.outbox
    assert "Ihre vorgeschlagene Aktualisierung von „Form case“" in news.subject
    assert f"/de/cases/{case.slug}/" in news.body


def test_a_reader_suggests_tags_and_countries_that_a_moderator_accepts(
    client, moderator, fast_form
):
    case = make_case(sectors=("health",), countries=("FR",))
    url = reverse("innovations:suggest", args=[case.slug])
    data = form_data(client.get(url).content, url)
    assert data["countries"] == ["FR"]
    education = Sector.objects.get(slug="education")
    data["sectors"] = [*data["sectors"], str(education.pk)]
    data["countries"] = ["FR", "BE"]
    assert client.post(url, data).status_code == 200
    found = case.suggestions.get()
    assert found.changes == {"sectors": ["education", "health"], "countries": ["BE", "FR"]}
    case.refresh_from_db()
    assert sorted(case.sectors.values_list("slug", flat=True)) == ["health"]  # not yet
    services.suggestion_accept(suggestion=found, actor=moderator)
    assert sorted(case.sectors.values_list("slug", flat=True)) == ["education", "health"]
    assert sorted(str(c.code) for c in case.countries) == ["BE", "FR"]
    assert_true()


def test_a_suggestion_on_tags_changed_since_is_a_conflict(moderator):
    case = make_case(sectors=("health",))
    found = suggest(case, sectors=["education", "health"])
    services.innovation_edit(
        innovation=case, data={"sectors": Sector.objects.filter(slug="defence")}, actor=moderator
    )
    with pytest.raises(services.SuggestionConflict) as conflict:
        services.suggestion_accept(suggestion=found, actor=moderator)
    assert conflict.value.fields == ["sectors"]


def test_a_suggestion_that_repeats_the_tags_changes_nothing():
    case = make_case(sectors=("health",), countries=("FR",))
    with pytest.raises(ValueError):
        suggest(case, sectors=["health"], countries=["FR"], approaches=["user-tailoring"])
