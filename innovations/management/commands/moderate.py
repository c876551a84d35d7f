from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innovations import services
from innovations.models import Innovation

ACTIONS = services.MODERATOR_ACTIONS


class Command(BaseCommand):
    help = "Apply a moderation action to cases, as a named moderator (through the services)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=[*ACTIONS, "list"])
        parser.add_argument("cases", nargs="*", type=int, help="case ids")
        parser.add_argument("--user", help="the moderator's username (recorded in the log)")
        parser.add_argument(
            "--note", default="", help="message; required to request changes or reject"
        )

    def handle(self, *args, action, cases, user, note, **options):
        if action == "list":
            for case in Innovation.objects.pending():
                self.stdout.write(f"{case.pk}\t{case.submitted_at:%Y-%m-%d}\t{case.title}")
            return
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if actor is None or not actor.has_perm("innovations.moderate_innovation"):
            raise CommandError("--user must name a user with the moderation permission.")
        failed = 0
        for pk in cases:
            try:
                kwargs = {"innovation": pk, "actor": actor, "note": note}
                case = ACTIONS[action](**kwargs)
            except services.TransitionError as error:
                failed += 1
                self.stderr.write(f"case {pk}: {error.message}")
            except Innovation.DoesNotExist:
                failed += 1
                self.stderr.write(f"case {pk}: no such case")
            else:
                self.stdout.write(f"case {pk}: {case.get_state_display()}")
        if failed:
            raise CommandError(f"{failed} of {len(cases)} cases were not moved.")
