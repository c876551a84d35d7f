from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self) -> None:
        # checks registers itself; media_services connects its signals.
        from . import checks, media_services, signals  # noqa: F401
        from .models import Approach, EnablingFactor, Sector

        post_migrate.connect(signals.on_post_migrate, sender=self)
        for model in (Sector, Approach, EnablingFactor):
            signals.connect_vocabulary(model)

        from .filters import register_groups

        register_groups()

        if settings.OPSI_WRITE_GUARD:
            from .services import guard

            guard.install()
        from .registry import case_page

        case_page.prefetches.append("media")
        case_page.sections.append("innovations/media_section.html")
