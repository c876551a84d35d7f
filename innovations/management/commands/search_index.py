import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innovations import derived, facets


class Command(BaseCommand):
    help = (
        "rebuild: rewrite the full-text index from the cases and make every worker rebuild "
        "its facet index. verify: list every difference between the index and a fresh "
        "rebuild; exits 1 if there is any. compact: merge the cases written since the "
        "common terms were packed into their blocks (queued by writes on its own). facets: "
        "build the facet index and write the snapshot that starting app servers load "
        "instead of building their own (a deploy step, before they start)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "verify", "compact", "facets"])
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def progress(self, done: int, total: int) -> None:
        if not self.quiet:
            self.stderr.write(f"  {done:,} / {total:,} cases")

    def handle(self, *args, action, quiet, **options):
        self.quiet = quiet
        if action == "rebuild":
            with transaction.atomic():
                count = derived.rebuild(self.progress)
            self.stdout.write(f"Search index rebuilt: {count:,} published cases.")
            return
        if action == "compact":
            merged = derived.compact()
            self.stdout.write(f"Search index compacted: {merged:,} cases merged.")
            return
        if action == "facets":
            started = time.monotonic()
            if not settings.OPSI_FACET_SNAPSHOTS:
                raise CommandError("OPSI_FACET_SNAPSHOTS is empty: facet snapshots are off.")
            index = facets.write_snapshot()
            if index is None:
                self.stdout.write("Nothing has been published yet: no facet snapshot to keep.")
                return
            count = index.count()
            self.stdout.write(
                f"Facet index of {count:,} published case{'s' if count != 1 else ''} built "
                f"in {time.monotonic() - started:.1f} s and kept for starting workers."
            )
            return
        drift = derived.verify(self.progress)
        for line in drift:
            self.stdout.write(line)
        if drift:
            raise CommandError(f"{len(drift):,} differences from a fresh rebuild.")
        self.stdout.write("Search index verified: it equals a fresh rebuild.")
