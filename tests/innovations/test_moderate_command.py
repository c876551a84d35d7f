import io

import pytest
from django.core.management import CommandError, call_command

from innovations import services
from innovations.models import Innovation, StateChange
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("moderate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_publishes_through_the_service_and_logs_it(moderator):
    case = make_case(state=Innovation.State.SUBMITTED)
    assert "Published" in run("publish", str(case.pk), "--user", moderator.username)
    case.refresh_from_db()
    assert case.state == Innovation.State.PUBLISHED
    change = StateChange.objects.get(innovation=case, to_state=Innovation.State.PUBLISHED)
    assert change.actor == moderator and change.to_state == Innovation.State.PUBLISHED


def test_command_refuses_a_forbidden_transition(moderator):
    case = make_case(state=Innovation.State.DRAFT)
    with pytest.raises(CommandError, match="1 of 1"):
        run("publish", str(case.pk), "--user", moderator.username)
    case.refresh_from_db()
    assert case.state == Innovation.State.DRAFT


def test_command_requires_a_note_to_reject(moderator):
    case = make_case(state=Innovation.State.SUBMITTED)
    with pytest.raises(CommandError):
        run("reject", str(case.pk), "--user", moderator.username)
    run("reject", str(case.pk), "--user", moderator.username, "--note", "Out of scope")
    case.refresh_from_db()
    assert case.state == Innovation.State.REJECTED


def test_command_needs_a_moderator(django_user_model):
    case = make_case(state=Innovation.State.SUBMITTED)
    django_user_model.objects.create_user("visitor", password="pw")
    with pytest.raises(CommandError, match="moderation permission"):
        run("publish", str(case.pk), "--user", "visitor")


def test_command_lists_the_queue(moderator):
    case = make_case(title="Waiting case", state=Innovation.State.SUBMITTED)
    case.submitted_at = case.created_at
    with services.writing("test: a submission date no door sets"):
        case.save()
    assert "Waiting case" in run("list")
