"""The state machine in innovations.services: every transition, allowed or not, and its log."""

import pytest
from django.core import mail

from innovations import services
from innovations.models import CaseEdit, Innovation, StateChange
from tests.factories import make_case

pytestmark = pytest.mark.django_db

State = Innovation.State

ACTIONS = {
    "submit": lambda case, user: services.innovation_submit(innovation=case),
    "publish": lambda case, user: services.innovation_publish(innovation=case, actor=user),
    "request_changes": lambda case, user: services.innovation_request_changes(
        innovation=case, actor=user, note="Please add results."
    ),
    "reject": lambda case, user: services.innovation_reject(
        innovation=case, actor=user, note="Not public sector."
    ),
    "unpublish": lambda case, user: services.innovation_unpublish(innovation=case, actor=user),
}
ALLOWED = {
    ("submit", State.DRAFT): State.SUBMITTED,
    ("submit", State.CHANGES_REQUESTED): State.SUBMITTED,
    ("publish", State.SUBMITTED): State.PUBLISHED,
    ("publish", State.UNPUBLISHED): State.PUBLISHED,
    ("request_changes", State.SUBMITTED): State.CHANGES_REQUESTED,
    ("reject", State.SUBMITTED): State.REJECTED,
    ("reject", State.CHANGES_REQUESTED): State.REJECTED,
    ("unpublish", State.PUBLISHED): State.UNPUBLISHED,
}
PAIRS = [(action, state) for action in ACTIONS for state in State]


def case_in(state: str, moderator) -> Innovation:
    """A case brought to `state` through the real services, from a draft."""
    case = make_case(state=State.DRAFT, contributor_email="c@example.org")
    paths = {
        State.DRAFT: [],
        State.SUBMITTED: ["submit"],
        State.CHANGES_REQUESTED: ["submit", "request_changes"],
        State.PUBLISHED: ["submit", "publish"],
        State.REJECTED: ["submit", "reject"],
        State.UNPUBLISHED: ["submit", "publish", "unpublish"],
    }
    for action in paths[state]:
        case = ACTIONS[action](case, moderator)
    assert case.state == state
    return case


@pytest.mark.parametrize(("action", "state"), [p for p in PAIRS if p in ALLOWED])
def test_allowed_transition_moves_the_case_and_logs_it(action, state, moderator):
    case = case_in(state, moderator)
    before = StateChange.objects.filter(innovation=case).count()
    moved = ACTIONS[action](case, moderator)
    assert moved.state == ALLOWED[(action, state)]
    assert Innovation.objects.get(pk=case.pk).state == ALLOWED[(action, state)]
    last = StateChange.objects.filter(innovation=case).last()
    assert StateChange.objects.filter(innovation=case).count() == before + 1
    assert (last.from_state, last.to_state) == (state, ALLOWED[(action, state)])


@pytest.mark.parametrize(("action", "state"), [p for p in PAIRS if p not in ALLOWED])
def test_forbidden_transition_is_refused_and_not_logged(action, state, moderator):
    case = case_in(state, moderator)
    before = StateChange.objects.filter(innovation=case).count()
    with pytest.raises(services.TransitionError) as error:
        ACTIONS[action](case, moderator)
    assert error.value.state == state
    assert Innovation.objects.get(pk=case.pk).state == state
    assert StateChange.objects.filter(innovation=case).count() == before


def test_allowed_actions_match_the_transition_table():
    for state in State:
        expected = sorted(a for (a, s) in ALLOWED if s == state and a != "submit")
        assert sorted(services.allowed_actions(state)) == expected


def test_an_expected_state_that_is_stale_is_refused(moderator):
    case = case_in(State.SUBMITTED, moderator)
    with pytest.raises(services.TransitionError):
        services.innovation_reject(
            innovation=case, actor=moderator, note="No", expected_state=State.DRAFT
        )
    assert Innovation.objects.get(pk=case.pk).state == State.SUBMITTED


@pytest.mark.parametrize("note", ["", "   "])
def test_request_changes_and_reject_need_a_message(note, moderator):
    case = case_in(State.SUBMITTED, moderator)
    for service in (services.innovation_request_changes, services.innovation_reject):
        with pytest.raises(services.TransitionError):
            service(innovation=case, actor=moderator, note=note)
    assert Innovation.objects.get(pk=case.pk).state == State.SUBMITTED


def test_the_log_records_who_when_from_to_and_why(moderator):
    case = case_in(State.SUBMITTED, moderator)
    services.innovation_request_changes(innovation=case, actor=moderator, note="Add results.")
    services.innovation_submit(innovation=case)
    services.innovation_publish(innovation=case, actor=moderator, note="Fine now.")
    log = list(StateChange.objects.filter(innovation=case).order_by("at", "pk"))
    assert [(c.from_state, c.to_state) for c in log] == [
        ("", State.DRAFT),
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.CHANGES_REQUESTED),
        (State.CHANGES_REQUESTED, State.SUBMITTED),
        (State.SUBMITTED, State.PUBLISHED),
    ]
    assert [c.actor for c in log] == [None, None, moderator, None, moderator]
    assert log[2].actor_label == "mod"
    assert log[2].note == "Add results."
    assert all(c.at is not None for c in log)


def test_a_log_line_cannot_be_edited_or_deleted(moderator):
    case = case_in(State.SUBMITTED, moderator)
    line = StateChange.objects.filter(innovation=case).last()
    line.note = "rewritten"
    with pytest.raises(TypeError):
        line.save()
    with pytest.raises(TypeError):
        line.delete()
    with pytest.raises(TypeError):
        StateChange.objects.filter(pk=line.pk).update(note="rewritten")
    with pytest.raises(TypeError):
        StateChange.objects.filter(pk=line.pk).delete()
    assert StateChange.objects.get(pk=line.pk).note == ""


def test_publishing_sets_the_date_and_clears_the_message(moderator):
    case = case_in(State.CHANGES_REQUESTED, moderator)
    assert case.moderator_message == "Please add results."
    services.innovation_submit(innovation=case)
    case = services.innovation_publish(innovation=case, actor=moderator)
    assert case.published_at is not None
    assert case.moderator_message == ""


def test_unpublishing_takes_the_case_off_the_home_page(moderator):
    case = case_in(State.PUBLISHED, moderator)
    services.innovation_feature(innovation=case, actor=moderator, featured=True, order=3)
    case = services.innovation_unpublish(innovation=case, actor=moderator)
    assert (case.featured, case.featured_order) == (False, None)


def test_only_a_published_case_can_be_featured(moderator):
    case = case_in(State.SUBMITTED, moderator)
    with pytest.raises(services.TransitionError):
        services.innovation_feature(innovation=case, actor=moderator, featured=True, order=1)
    case = services.innovation_publish(innovation=case, actor=moderator)
    case = services.innovation_feature(innovation=case, actor=moderator, featured=True, order=1)
    assert list(Innovation.objects.featured()) == [case]
    edit = CaseEdit.objects.filter(innovation=case).last()
    assert "Featured" in edit.note and edit.fields == ["featured", "featured_order"]
    # Featuring is an edit, not a move: the state log does not say "Published" twice.
    assert StateChange.objects.filter(innovation=case).last().to_state == State.PUBLISHED
    assert StateChange.objects.filter(innovation=case, to_state=State.PUBLISHED).count() == 1


def test_bulk_spam_rejects_pending_cases_without_mail(moderator, mailoutbox):
    spam = [case_in(State.SUBMITTED, moderator) for _ in range(3)]
    published = case_in(State.PUBLISHED, moderator)
    mail.outbox.clear()
    count = services.innovation_reject_spam(
        innovations=[c.pk for c in spam] + [published.pk, 999_999], actor=moderator
    )
    assert count == 3
    assert set(
        Innovation.objects.filter(pk__in=[c.pk for c in spam]).values_list("state", flat=True)
    ) == {State.REJECTED}
    assert Innovation.objects.get(pk=published.pk).state == State.PUBLISHED
    assert mail.outbox == []


def test_a_status_token_finds_its_case_and_a_forged_one_does_not(moderator):
    case = case_in(State.SUBMITTED, moderator)
    token = services.status_token(case)
    assert services.innovation_from_token(token) == case
    assert services.innovation_from_token(token[:-2] + "xx") is None
    assert services.innovation_from_token("garbage") is None
    case.status_key = "revoked"
    with services.writing("test: a revoked link (no service revokes one yet)"):
        case.save()
    assert services.innovation_from_token(token) is None
