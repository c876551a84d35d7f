from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = _("Co-production")

    def ready(self) -> None:
        from innovations.registry import case_page
        from innovations.signals import case_imported

        from .importing import store_profile

        case_imported.connect(store_profile, dispatch_uid="coproduction.store_profile")

        case_page.prefetches += [
            "coproduction",
            "coproduction__reasons",
            "coproduction__hindering_factors",
            "coproduction__enhancing_factors",
        ]
        case_page.sections.append("coproduction/profile_section.html")
