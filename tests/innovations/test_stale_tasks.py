"""A task left RUNNING by a killed db_worker is run again: its mail is not lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovations.models import Innovation
from tests.factories import make_case

# Real commits, as db_worker runs: it closes connections between tasks.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OPSI_DIGEST_MINUTES = 0


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def _killed_mid_task(minutes_ago: int) -> DBTaskResult:
    """What `kill -9` of db_worker leaves: a claimed task, RUNNING, never finished."""
    task = DBTaskResult.objects.get(
        status=TaskResultStatus.READY, task_path="innovations.tasks.moderator_digest"
    )
    DBTaskResult.objects.exclude(pk=task.pk).delete()  # only the digest matters here
    task.claim("killed-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return task


def test_a_task_left_running_by_a_killed_worker_is_sent_after_the_timeout(
    database_tasks, moderator
):
    make_case(title="Waiting for a moderator", state=Innovation.State.SUBMITTED)
    task = _killed_mid_task(minutes_ago=30)  # the moderators' digest
    run_worker()
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.RUNNING  # lost
    assert not [m for m in mail.outbox if m.to == ["mod@example.org"]]

    call_command("requeue_stale_tasks", verbosity=0)
    run_worker()
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL
    digests = [m for m in mail.outbox if m.to == ["mod@example.org"]]
    assert len(digests) == 1 and "Waiting for a moderator" in digests[0].body


def test_a_task_still_running_within_the_timeout_is_left_alone(database_tasks, moderator):
    make_case(state=Innovation.State.SUBMITTED)
    task = _killed_mid_task(minutes_ago=1)
    call_command("requeue_stale_tasks", verbosity=0)
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.RUNNING
