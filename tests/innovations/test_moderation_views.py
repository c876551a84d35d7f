"""The moderation pages: who may see them, the queue, the review page and its actions."""

import re

import pytest
from django.urls import reverse

from innovations import services
from innovations.models import CaseEdit, Innovation, StateChange
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


def submitted(**fields) -> Innovation:
    case = make_case(state=State.DRAFT, contributor_email="c@example.org", **fields)
    return services.innovation_submit(innovation=case)


def test_anonymous_visitors_get_the_login_page(client):
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_users_without_the_permission_get_403(client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="pw")
    sign_in(client, user)
    assert client.get(reverse("moderation:queue")).status_code == 403
    case = submitted()
    assert client.post(reverse("moderation:act", args=[case.pk]), {}).status_code == 403


def test_the_moderators_group_exists_with_the_permission(moderator):
    assert moderator.has_perm("innovations.moderate_innovation")


def test_the_queue_lists_submitted_cases_oldest_first_with_counts(client, moderator):
    first = submitted(title="Oldest submission")
    second = submitted(title="Newest submission")
    make_case(title="A draft nobody sees", state=State.DRAFT)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert html.index(first.title) < html.index(second.title)
    assert "A draft nobody sees" not in html
    assert 'Submitted <span class="count">(2)</span>' in html
    assert reverse("moderation:review", args=[first.pk]) in html


def test_the_review_page_shows_case_contributor_history_and_duplicates(client, moderator):
    make_case(title="Ferry timetable co-design in Dar")
    case = submitted(title="Ferry timetable co-design", contributor_name="Asha")
    sign_in(client, moderator)
    html = client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    assert "Ferry timetable co-design in Dar" in html
    assert "Asha" in html and "c@example.org" in html
    assert "Draft" in html and "Submitted" in html
    assert case.summary in html and case.description in html


@pytest.mark.parametrize(
    ("action", "note", "expected"),
    [
        ("publish", "", State.PUBLISHED),
        ("request_changes", "Add numbers.", State.CHANGES_REQUESTED),
        ("reject", "Out of scope.", State.REJECTED),
    ],
)
def test_moderator_actions_move_the_case(client, moderator, action, note, expected):
    case = submitted()
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:act", args=[case.pk]),
        {"action": action, "note": note, "expected_state": State.SUBMITTED},
    )
    assert response.status_code == 302
    assert Innovation.objects.get(pk=case.pk).state == expected
    assert StateChange.objects.filter(innovation=case).last().actor == moderator


def test_request_changes_without_a_message_is_refused(client, moderator):
    case = submitted()
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:act", args=[case.pk]),
        {"action": "request_changes", "note": "", "expected_state": State.SUBMITTED},
    )
    assert response.status_code == 400
    assert Innovation.objects.get(pk=case.pk).state == State.SUBMITTED


def test_a_second_moderator_is_told_the_case_has_moved(client, moderator, other_moderator):
    case = submitted()
    services.innovation_publish(innovation=case, actor=other_moderator)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:act", args=[case.pk]),
        {"action": "reject", "note": "My long reason.", "expected_state": State.SUBMITTED},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone may have acted on it" in html
    assert "My long reason." in html
    assert Innovation.objects.get(pk=case.pk).state == State.PUBLISHED
    assert StateChange.objects.filter(innovation=case, to_state=State.REJECTED).count() == 0


def test_bulk_spam_rejects_the_ticked_cases(client, moderator):
    spam = [submitted() for _ in range(3)]
    keep = submitted()
    sign_in(client, moderator)
    client.post(reverse("moderation:reject-spam"), {"cases": [c.pk for c in spam] + ["x\x00"]})
    states = dict(Innovation.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in spam] == [State.REJECTED] * 3
    assert states[keep.pk] == State.SUBMITTED


def test_a_moderator_edit_is_saved_and_logged_without_changing_state(client, moderator):
    case = submitted()
    sign_in(client, moderator)
    page = client.get(reverse("moderation:review", args=[case.pk]))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        title="Edited title",
        sectors=[s.pk for s in case.sectors.all()],
        approaches=[],
        enabling_factors=[],
        countries=["FR"],
    )
    response = client.post(reverse("moderation:review", args=[case.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert (case.title, case.state) == ("Edited title", State.SUBMITTED)
    edit = CaseEdit.objects.get(innovation=case)
    assert (edit.actor, edit.fields) == (moderator, ["title", "approaches", "enabling_factors"])
    assert StateChange.objects.filter(innovation=case).last().to_state == State.SUBMITTED
    page = client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    assert re.search(r"mod:\s+Edited: Title, Innovation approaches, Enabling factors", page)


def test_featuring_puts_a_published_case_on_the_home_page(client, moderator):
    case = services.innovation_publish(innovation=submitted(title="Feature me"), actor=moderator)
    sign_in(client, moderator)
    client.post(reverse("moderation:feature", args=[case.pk]), {"featured": "on", "order": "1"})
    assert list(Innovation.objects.featured()) == [case]
    assert "Feature me" in client.get(reverse("innovations:home")).content.decode()


def test_the_admin_log_is_read_only(admin_client, moderator):
    case = submitted()
    line = StateChange.objects.filter(innovation=case).first()
    assert admin_client.get(reverse("admin:innovations_statechange_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:innovations_statechange_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:innovations_statechange_change", args=[line.pk]), {"note": "changed"}
    )
    assert response.status_code == 403
    assert StateChange.objects.get(pk=line.pk).note == line.note


def test_the_header_links_to_moderation_only_for_moderators(client, moderator):
    assert "Submit a case" in client.get(reverse("innovations:home")).content.decode()
    assert (
        reverse("moderation:queue") not in client.get(reverse("innovations:home")).content.decode()
    )
    sign_in(client, moderator)
    assert reverse("moderation:queue") in client.get(reverse("innovations:home")).content.decode()


@pytest.mark.parametrize("order", ["9" * 40, "-1", "10001", "1e9", "\x00"])
def test_a_huge_or_odd_featured_order_is_refused_not_a_server_error(client, moderator, order):
    case = make_case(state=State.PUBLISHED)
    sign_in(client, moderator)
    client.raise_request_exception = False
    url = reverse("moderation:feature", args=[case.pk])
    response = client.post(url, {"featured": "on", "order": order})
    assert response.status_code < 500
    case.refresh_from_db()
    assert not case.featured
    assert client.post(url, {"featured": "on", "order": "10000"}).status_code < 400
    case.refresh_from_db()
    assert case.featured and case.featured_order == 10_000
