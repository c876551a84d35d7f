from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What an operator runs or a crawler reads: backups, restores, robots.txt."""

    name = "opsi.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.models.signals import pre_migrate

        from opsi.irreversible import refuse_before_migrating

        # Once, whichever app the signal is sent for.
        pre_migrate.connect(refuse_before_migrating, dispatch_uid="opsi-refuse-reverse")
