import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innovations.importing import RecordError, import_published_case

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_cases.json"


class Command(BaseCommand):
    help = "Load the demo cases (real initiatives) as published cases; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            records = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        created = updated = 0
        with transaction.atomic():
            for number, record in enumerate(records, start=1):
                try:
                    _, was_created = import_published_case(record)
                except (RecordError, ValidationError, KeyError) as error:
                    raise CommandError(
                        f"record {number} ({record.get('slug', '?')}): {error}"
                    ) from error
                created += was_created
                updated += not was_created
        self.stdout.write(f"Demo cases: {created} created, {updated} updated.")
