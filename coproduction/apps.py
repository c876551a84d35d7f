from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = _("Co-production")

    def ready(self) -> None:
        from innovations.registry import (
            CasePart,
            FormSection,
            case_page,
            case_parts,
            submission_sections,
        )
        from innovations.signals import connect_vocabulary

        from . import compare, forms, parts
        from .filters import register_groups
        from .models import EnhancingFactor, HinderingFactor, Reason

        case_parts[parts.NAME] = CasePart(
            name=parts.NAME,
            save=parts.save,
            from_record=parts.from_record,
            index_text=parts.index_text,
            columns=parts.columns,
            export=parts.export,
        )
        case_page.prefetches += [
            "coproduction",
            "coproduction__reasons",
            "coproduction__hindering_factors",
            "coproduction__enhancing_factors",
        ]
        case_page.sections.append("coproduction/profile_section.html")
        case_page.compare_rows.append(compare.rows)
        submission_sections.append(
            FormSection(
                prefix=parts.NAME, build=forms.build, template="coproduction/submit_section.html"
            )
        )
        register_groups()
        for model in (Reason, HinderingFactor, EnhancingFactor):
            connect_vocabulary(model)
