from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self) -> None:
        from . import signals
        from .models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector

        post_migrate.connect(signals.on_post_migrate, sender=self)
        post_save.connect(signals.on_case_saved, sender=Innovation)
        post_delete.connect(signals.on_case_deleted, sender=Innovation)
        for field in ("sectors", "approaches", "enabling_factors"):
            m2m_changed.connect(signals.on_tags_changed, sender=getattr(Innovation, field).through)
        post_save.connect(signals.on_link_changed, sender=InnovationCountry)
        post_delete.connect(signals.on_link_changed, sender=InnovationCountry)
        for model in (Sector, Approach, EnablingFactor):
            post_save.connect(signals.on_vocabulary_changed, sender=model)
            post_delete.connect(signals.on_vocabulary_changed, sender=model)

        from .filters import register_groups

        register_groups()
