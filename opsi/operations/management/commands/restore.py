from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from innovations import derived
from innovations.models import CatalogueRevision, Innovation
from opsi.operations import backups


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `backup` (SQLite: the backup API; "
        "PostgreSQL: pg_restore --clean --if-exists --no-owner, in one transaction), then "
        "check the full-text index against the restored cases. Refuses a database that "
        "holds cases or user accounts unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args, path: Path, force: bool, **options):
        database = connection.settings_dict
        held = contents(connection)
        if (held["cases"] or held["users"]) and not force:
            raise CommandError(
                f"The database holds {held['cases']:,} cases and {held['users']:,} user "
                "accounts; restoring replaces them. Back it up first, then use --force."
            )
        before = CatalogueRevision.current() if held["migrated"] else None
        connections.close_all()  # no open transaction or lock of ours in the way
        backups.restore(database, path)
        self.stdout.write(f"Restored {path} into {backups.engine(database)} {database['NAME']}.")
        if contents(connection)["migrated"]:
            # Running workers hold a facet index of the replaced catalogue, which the
            # restored revision may not move past: a new generation rebuilds them all,
            # and a new snapshot id keeps them from loading a file of another catalogue.
            restored = CatalogueRevision.current()
            generation = max(before[0] if before else 0, restored[0]) + 1
            derived.renew(generation)
            self.stdout.write("Workers will rebuild their facet index (new generation).")
        drift = derived.verify()
        if drift:
            for line in drift[:20]:
                self.stdout.write(line)
            raise CommandError(
                f"Restored, but the search index differs from the cases in {len(drift):,} "
                "ways: run `python manage.py search_index rebuild`."
            )
        self.stdout.write("Search index verified: it equals a fresh rebuild.")


def contents(conn) -> dict:
    """Whether the database is migrated, and how many cases and user accounts it holds."""
    tables = set(conn.introspection.table_names())
    migrated = {Innovation._meta.db_table, get_user_model()._meta.db_table} <= tables
    return {
        "migrated": migrated and CatalogueRevision._meta.db_table in tables,
        "cases": Innovation.objects.count() if migrated else 0,
        "users": get_user_model().objects.count() if migrated else 0,
    }
