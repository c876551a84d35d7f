"""Queue the alerts of the saved searches that are due (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from innovations.contributor_tasks import queue_alerts


class Command(BaseCommand):
    help = "Queue one alert task per saved search whose week or month has passed."

    def handle(self, *args, **options):
        queued = queue_alerts()
        self.stdout.write(f"{queued} saved search alert(s) queued.")
