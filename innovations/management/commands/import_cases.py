import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innovations.opendata import importer
from innovations.opendata.readers import FORMATS


class Command(BaseCommand):
    help = (
        "Import cases from a file: the JRC Innovative Public Services Explorer CSV, the "
        "Participedia CSV, or this catalogue's own CSV or JSON Lines export. Cases go to the "
        "moderation queue unless --publish --as USER; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="Import, report, roll back.")
        parser.add_argument("--publish", action="store_true", help="Publish new cases.")
        parser.add_argument("--as", dest="username", help="The moderator who imports.")
        parser.add_argument("--report", type=Path, help="Write every rejected or changed row here.")

    def handle(self, *args, path: Path, fmt: str, dry_run, publish, username, report, **options):
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        actor = self._actor(username, publish)
        quiet = options["verbosity"] == 0

        def progress(done: int) -> None:
            if not quiet:
                end = "\r" if sys.stderr.isatty() else "\n"
                self.stderr.write(f"  {done} rows written", ending=end)

        try:
            result = importer.run(
                path, fmt, publish=publish, actor=actor, dry_run=dry_run, progress=progress
            )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        if report:
            result.write_csv(report)
        if not quiet:
            self.stderr.write("")
        for line in result.summary():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if report:
            self.stdout.write(f"Report of {len(result.lines)} rows: {report}")

    def _actor(self, username: str | None, publish: bool):
        if publish and not username:
            raise CommandError("--publish needs --as USER, the moderator who publishes.")
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username}")
        if publish and not user.has_perm("innovations.moderate_innovation"):
            raise CommandError(f"{username} is not a moderator")
        return user
