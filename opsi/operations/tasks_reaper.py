"""Tasks left RUNNING by a worker that died (kill -9, a lost machine) are run again.

django-tasks-db marks a task RUNNING when a worker claims it and only that worker ever
finishes it: if the worker dies, the row stays RUNNING for good and its mail is never
sent. A task RUNNING for longer than `OPSI_TASK_TIMEOUT_MINUTES` (a mail task takes
seconds: its SMTP timeout is 10 s) is taken to be orphaned and made READY again, to run
now. A mail is then sent at least once: a worker killed between sending and recording
it could make it be sent twice, which is the better failure.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def requeue_stale(*, older_than: timedelta | None = None) -> int:
    """Make READY again every task RUNNING since before `older_than` ago; how many."""
    if older_than is None:
        older_than = timedelta(minutes=settings.OPSI_TASK_TIMEOUT_MINUTES)
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        return DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).update(status=TaskResultStatus.READY, run_after=timezone.now())
