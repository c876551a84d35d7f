import os
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from opsi.operations import backups


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: SQLite through its online backup API, "
        "PostgreSQL through pg_dump -Fc. PATH is a file, or a folder for a file named "
        "opsi-<engine>-<UTC time>; by default var/backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="")

    def handle(self, *args, path: str, **options):
        database = connection.settings_dict
        if not path:
            path = backups.default_path(database)
        elif path.endswith(os.sep) or Path(path).is_dir():
            path = backups.default_path(database, Path(path))
        else:
            path = Path(path)
        backups.backup(database, path)
        size = path.stat().st_size / 1e6
        self.stdout.write(f"Backed up {backups.engine(database)} to {path} ({size:,.1f} MB).")
