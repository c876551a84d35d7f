from django.core.management.base import BaseCommand

from innovations import services


class Command(BaseCommand):
    help = (
        "Make the smaller copies that stored pictures lack (pictures added before they "
        "existed, or after RENDITION_WIDTHS changed); safe to run again."
    )

    def handle(self, *args, **options):
        made = services.media_renditions_make()
        if options["verbosity"]:
            self.stdout.write(f"Smaller copies made for {made} picture(s).")
