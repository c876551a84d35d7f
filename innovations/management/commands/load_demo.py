import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from innovations.importing import RecordError, import_published_case
from innovations.models import Innovation

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_cases.json"


def edited_by_moderators(slugs: list[str]) -> set[str]:
    """The demo cases a person has changed since they were loaded (edited, verified,
    reverted, published, unpublished, featured...): loading the demo again would undo
    their work, so these are left as they are."""
    touched = Innovation.objects.filter(slug__in=slugs).filter(
        Q(reviewed_at__isnull=False)
        | Q(edits__actor__isnull=False)
        | Q(state_changes__actor__isnull=False)
    )
    return set(touched.values_list("slug", flat=True).distinct())


class Command(BaseCommand):
    help = (
        "Load the demo cases (real initiatives) as published cases; safe to run again: a "
        "demo case a moderator has changed since is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty catalogue (what `.ci/dev serve` does on every start).",
        )

    def handle(self, *args, file: Path, if_empty: bool, **options):
        if if_empty and Innovation.objects.exists():
            self.stdout.write("Demo cases: not loaded, the catalogue already has cases.")
            return
        try:
            records = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        kept = edited_by_moderators([r.get("slug", "") for r in records])
        created = updated = 0
        with transaction.atomic():
            for number, record in enumerate(records, start=1):
                if record.get("slug") in kept:
                    continue
                try:
                    _, was_created = import_published_case(record)
                except (RecordError, ValidationError, KeyError) as error:
                    raise CommandError(
                        f"record {number} ({record.get('slug', '?')}): {error}"
                    ) from error
                created += was_created
                updated += not was_created
        self.stdout.write(
            f"Demo cases: {created} created, {updated} updated, {len(kept)} kept as "
            "moderators left them."
        )
        for slug in sorted(kept):
            self.stdout.write(f"  kept (changed by a moderator since): {slug}")
