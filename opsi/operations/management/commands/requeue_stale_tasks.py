from datetime import timedelta

from django.core.management.base import BaseCommand

from opsi.operations.tasks_reaper import requeue_stale


class Command(BaseCommand):
    help = (
        "Run again the tasks (mail, the moderators' digest) left RUNNING by a db_worker "
        "that died: those running for longer than OPSI_TASK_TIMEOUT_MINUTES, or --minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, help="older than this many minutes")

    def handle(self, *args, minutes=None, **options):
        older = timedelta(minutes=minutes) if minutes is not None else None
        count = requeue_stale(older_than=older)
        self.stdout.write(f"{count} stale task(s) queued again.")
