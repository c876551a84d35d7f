"""The public submission form: drafts, submitting, the allow-list, the status link, anti-spam."""

import pytest
from django.core import mail
from django.urls import reverse

from innovations import antispam, services
from innovations.models import Innovation, StateChange
from tests.forms import complete, form_data, post, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_form")]
State = Innovation.State


def test_the_form_shows_its_fields_criteria_and_licence(client):
    html = client.get(reverse("innovations:submit")).content.decode()
    for text in [
        'name="title"',
        'name="contributor_email"',
        'name="licence_consent"',
        "CC BY 4.0",
        "pilots count",
        'name="coproduction-kind"',
        "Save as draft",
        'name="homepage"',
    ]:
        assert text in html, text
    assert 'name="state"' not in html and 'name="featured"' not in html


def test_a_complete_submission_gives_a_receipt_and_a_submitted_case(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, complete())
    case = Innovation.objects.get()
    assert case.state == State.SUBMITTED
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "innovations:submit-done", args=[services.status_token(case)]
    )
    receipt = client.get(response["Location"]).content.decode()
    assert services.reference(case) in receipt
    assert reverse("innovations:status", args=[services.status_token(case)]) in receipt
    assert [c.to_state for c in case.state_changes.all()] == [State.DRAFT, State.SUBMITTED]
    assert [str(c.country) for c in case.country_links.all()] == ["TZ"]
    assert "asha@example.org" in [m.to[0] for m in mailoutbox]


@pytest.mark.parametrize(
    "extra",
    [
        {"state": "published"},
        {"featured": "1", "featured_order": "1"},
        {"status_key": "chosen", "moderator_message": "ok", "published_at": "2020-01-01"},
    ],
)
def test_a_post_cannot_set_state_featured_or_moderator_fields(client, extra):
    post(client, complete(**extra))
    case = Innovation.objects.get()
    assert case.state == State.SUBMITTED
    assert case.featured is False and case.featured_order is None
    assert case.published_at is None and case.moderator_message == ""
    assert case.status_key != "chosen"
    assert not Innovation.objects.published().exists()


def test_a_draft_needs_nothing_and_keeps_what_was_typed(client):
    response = post(client, {"title": "Half done", "action": "draft", antispam.STARTED: started()})
    case = Innovation.objects.get()
    assert case.state == State.DRAFT
    token = services.status_token(case)
    assert response["Location"] == reverse("innovations:submit-edit", args=[token])
    page = client.get(response["Location"]).content.decode()
    assert "Half done" in page and reverse("innovations:status", args=[token]) in page


def test_an_incomplete_submission_shows_errors_beside_fields_and_keeps_the_text(client):
    response = post(client, complete(summary="", results="", title="Keep this title"))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Innovation.objects.exists()
    assert "Keep this title" in html
    assert 'id="id_summary_error"' in html
    assert 'aria-describedby="id_summary_error"' in html or "id_summary_error" in html
    assert 'aria-invalid="true"' in html


def test_the_contributor_comes_back_through_the_link_and_submits(client):
    post(client, complete(action="draft"))
    case = Innovation.objects.get()
    token = services.status_token(case)
    response = post(
        client, complete(title="Better title"), url=reverse("innovations:submit-edit", args=[token])
    )
    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.title, case.state) == ("Better title", State.SUBMITTED)
    assert Innovation.objects.count() == 1


def test_a_submitted_case_can_no_longer_be_edited_through_the_link(client):
    post(client, complete())
    case = Innovation.objects.get()
    token = services.status_token(case)
    response = post(
        client, complete(title="Sneaky"), url=reverse("innovations:submit-edit", args=[token])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("innovations:status", args=[token])
    case.refresh_from_db()
    assert case.title != "Sneaky"


def test_status_page_shows_state_and_message_and_offers_editing_on_request(client, moderator):
    post(client, complete())
    case = Innovation.objects.get()
    services.innovation_request_changes(innovation=case, actor=moderator, note="Add numbers.")
    token = services.status_token(case)
    html = client.get(reverse("innovations:status", args=[token])).content.decode()
    assert "Changes requested" in html and "Add numbers." in html
    assert reverse("innovations:submit-edit", args=[token]) in html
    assert "mod@example.org" not in html


def test_a_forged_status_link_is_not_found(client):
    assert client.get(reverse("innovations:status", args=["forged:token"])).status_code == 404
    assert client.get(reverse("innovations:submit-edit", args=["nope"])).status_code == 404


def test_the_preview_renders_the_case_page_for_a_draft_only_through_the_link(client):
    post(client, complete(action="preview"))
    case = Innovation.objects.get()
    response = client.get(reverse("innovations:submit-preview", args=[services.status_token(case)]))
    assert response.status_code == 200
    assert case.title in response.content.decode()
    assert client.get(reverse("innovations:detail", args=[case.slug])).status_code == 404


# -- anti-spam -----------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_quietly(client):
    response = post(client, complete(homepage="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not Innovation.objects.exists()


def test_a_missing_or_forged_timestamp_is_refused_quietly(client):
    post(client, complete(**{antispam.STARTED: None}))
    post(client, complete(**{antispam.STARTED: "forged"}))
    assert not Innovation.objects.exists()


def test_a_form_sent_too_fast_is_explained_and_kept(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 30}
    response = post(client, complete(**{antispam.STARTED: started(seconds_ago=2)}))
    html = response.content.decode()
    assert "quicker than we allow" in html
    assert "Zanzibarian ferry timetable co-design" in html
    assert not Innovation.objects.exists()
    response = post(client, complete(**{antispam.STARTED: started(seconds_ago=40)}))
    assert Innovation.objects.count() == 1


def test_the_rate_limit_per_address_is_explained_and_kept(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MAX_PER_HOUR": 2}
    for _ in range(2):
        assert post(client, complete()).status_code == 302
    response = post(client, complete(title="Third one"))
    assert response.status_code == 429
    assert "Too many cases" in response.content.decode()
    assert "Third one" in response.content.decode()
    assert Innovation.objects.count() == 2
    other = post(client, complete(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_rate_limit_is_counted_in_the_database(client, settings):
    post(client, complete())
    from innovations.models import RateCounter

    keys = sorted(RateCounter.objects.values_list("key", flat=True))
    assert [key.split(":")[0] for key in keys] == ["save", "submit"]
    assert not any("127.0.0.1" in key for key in keys)


def test_too_many_links_are_explained(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MAX_LINKS": 2}
    links = " ".join(f"https://x{n}.example" for n in range(3))
    response = post(client, complete(description=links))
    assert "at most 2 are allowed" in response.content.decode()
    assert links in response.content.decode()
    assert not Innovation.objects.exists()


@pytest.mark.parametrize(
    "field", ["lead_organisation", "partners", "contributor_organisation", "challenges"]
)
def test_the_link_cap_counts_every_field_and_bare_domains(client, settings, field):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MAX_LINKS": 3}
    spam = "cheap-pills.example buy.example/now www.spam.example"
    response = post(client, complete(**{field: spam}))
    # Three bare or www links here, plus the source link: four.
    assert "The form holds 4 links; at most 3 are allowed" in response.content.decode()
    assert not Innovation.objects.exists()


def test_ordinary_text_is_not_counted_as_links(client, settings):
    assert antispam.link_count("e.g. the i.e. case, 3.5 million, Node", "") == 0
    assert antispam.link_count("see gov.uk and https://a.example/x, www.b.example") == 3


def test_the_form_token_creates_one_case_only(client):
    token = started()
    assert post(client, complete(**{antispam.STARTED: token})).status_code == 302
    again = post(client, complete(title="Replayed", **{antispam.STARTED: token}))
    assert again.status_code == 400
    html = again.content.decode()
    assert "already been sent once" in html
    assert "Replayed" in html  # what they typed is kept...
    fresh = form_data(html, None)[antispam.STARTED][0]
    assert fresh != token  # ...with a new token, so sending again works
    assert post(client, complete(title="Replayed", **{antispam.STARTED: fresh})).status_code == 302
    assert Innovation.objects.count() == 2


def test_a_form_open_for_more_than_a_day_is_kept_not_refused_as_a_bot(client):
    response = post(client, complete(**{antispam.STARTED: started(seconds_ago=2 * 86400)}))
    html = response.content.decode()
    assert "open for more than a day" in html
    assert "Zanzibarian ferry timetable co-design" in html
    assert not Innovation.objects.exists()


def test_a_returning_contributor_is_never_timed(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 30}
    post(client, complete(action="draft", **{antispam.STARTED: started(seconds_ago=40)}))
    case = Innovation.objects.get()
    token = services.status_token(case)
    edit = reverse("innovations:submit-edit", args=[token])
    response = client.post(edit, complete(action="submit", **{antispam.STARTED: started(1)}))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.SUBMITTED


def test_saving_a_draft_again_and_again_is_limited(client, settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MAX_SAVES_PER_HOUR": 3}
    post(client, complete(action="draft"))
    case = Innovation.objects.get()
    edit = reverse("innovations:submit-edit", args=[services.status_token(case)])
    for n in range(2):
        assert client.post(edit, complete(action="draft", title=f"v{n}")).status_code == 302
    response = client.post(edit, complete(action="draft", title="Fourth save"))
    assert response.status_code == 429
    assert "Too many saves" in response.content.decode()
    assert "Fourth save" in response.content.decode()
    case.refresh_from_db()
    assert case.title == "v1"


# -- the client's address behind proxies ---------------------------------------------------


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(client, settings):
    settings.OPSI_TRUSTED_PROXIES = 1
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MAX_PER_HOUR": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = post(client, complete(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert first.status_code == 302
    # The same client again is over its limit, even if it forges an entry on the left.
    forged = post(client, complete(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy)
    assert forged.status_code == 429
    other = post(client, complete(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf, settings):
    from innovations.clients import client_address

    settings.OPSI_TRUSTED_PROXIES = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"
    settings.OPSI_TRUSTED_PROXIES = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5, 10.0.0.2")
    assert client_address(request) == "203.0.113.5"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"  # not through both proxies


# -- notifications -------------------------------------------------------------------------


def test_mail_goes_out_only_after_commit(moderator, django_capture_on_commit_callbacks):
    from tests.factories import make_case

    case = make_case(state=State.DRAFT, contributor_email="c@example.org")
    services.contributor_address_confirm("c@example.org", case_id=case.pk)  # (per case)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.innovation_submit(innovation=case)
        assert mail.outbox == []
    assert len(callbacks) == 2  # the contributor's news, the moderators' digest
    for callback in callbacks:
        callback()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["c@example.org", "mod@example.org"]
    contributor = next(m for m in mail.outbox if m.to == ["c@example.org"])
    assert reverse("innovations:status", args=[services.status_token(case)]) in contributor.body


def test_no_mail_when_the_transaction_rolls_back(moderator, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tests.factories import make_case

    case = make_case(state=State.DRAFT, contributor_email="c@example.org")
    logged = StateChange.objects.filter(innovation=case).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.innovation_submit(innovation=case)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert Innovation.objects.get(pk=case.pk).state == State.DRAFT
    assert StateChange.objects.filter(innovation=case).count() == logged


def test_each_transition_mails_the_contributor_with_the_message(
    moderator, django_capture_on_commit_callbacks
):
    from tests.factories import make_case

    case = make_case(state=State.DRAFT, contributor_email="c@example.org")
    services.contributor_address_confirm("c@example.org", case_id=case.pk)  # (per case)
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_submit(innovation=case)
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_request_changes(innovation=case, actor=moderator, note="Add numbers.")
    last = mail.outbox[-1]
    assert last.to == ["c@example.org"] and "Add numbers." in last.body
    assert "Changes requested" in last.subject
