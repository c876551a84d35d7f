from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What an operator runs or a crawler reads: backups, restores, robots.txt."""

    name = "opsi.operations"
    label = "operations"
    verbose_name = _("Operations")
