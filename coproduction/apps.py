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

        from innovations.registry import FormSection, submission_sections

        from . import forms

        submission_sections.append(
            FormSection(
                prefix=forms.PREFIX,
                build=forms.build,
                save=forms.save,
                template="coproduction/submit_section.html",
            )
        )

        from .filters import register_groups

        register_groups()

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from innovations.signals import on_link_changed, on_vocabulary_changed

        from .models import CoproductionProfile, EnhancingFactor, HinderingFactor, Reason

        post_save.connect(on_link_changed, sender=CoproductionProfile)
        post_delete.connect(on_link_changed, sender=CoproductionProfile)
        for model in (Reason, HinderingFactor, EnhancingFactor):
            post_save.connect(on_vocabulary_changed, sender=model)
            post_delete.connect(on_vocabulary_changed, sender=model)
        for field in ("reasons", "hindering_factors", "enhancing_factors"):
            m2m_changed.connect(
                _profile_terms_changed, sender=getattr(CoproductionProfile, field).through
            )


def _profile_terms_changed(sender, instance, action, reverse, **kwargs) -> None:
    from innovations.signals import case_changed

    if action.startswith("post_") and not reverse:
        case_changed(instance.innovation_id)
