"""The co-production admin; the profile joins the case's admin page as an inline."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from innovations.admin import InnovationAdmin, VocabularyAdmin

from . import parts
from .models import DIMENSIONS, CoproductionProfile, EnhancingFactor, HinderingFactor, Reason


class ProfileFormSet(BaseInlineFormSet):
    """The inline never saves itself: the case's admin hands `part_data()` to the
    services as the case's co-production part."""

    case_part = parts.NAME

    def part_data(self) -> dict | None:
        form = self.forms[0] if self.forms else None
        if form is None or self._should_delete_form(form):
            return None
        cleaned = form.cleaned_data
        data = {}
        for dimension in DIMENSIONS:
            if dimension.multiple:
                data[dimension.name] = [
                    v for v in dimension.choices.values if cleaned.get(f"{dimension.name}_{v}")
                ]
            else:
                data[dimension.name] = cleaned.get(dimension.name) or ""
        for name in [*parts.TEXTS, *(name for name, _model in parts.TERM_LISTS)]:
            data[name] = cleaned.get(name) or ([] if name not in parts.TEXTS else "")
        return data


class CoproductionInline(admin.StackedInline):
    model = CoproductionProfile
    formset = ProfileFormSet
    extra = 0
    max_num = 1
    filter_horizontal = ["reasons", "hindering_factors", "enhancing_factors"]
    fieldsets = [
        (None, {"fields": [f for d in DIMENSIONS if not d.multiple for f in d.fields]}),
        (
            _("Stages, tools, impacts, risks"),
            {
                "fields": [f for d in DIMENSIONS if d.multiple for f in d.fields]
                + ["impact_evidence", "risk_notes"]
            },
        ),
        (
            _("Reasons and factors"),
            {"fields": ["reasons", "hindering_factors", "enhancing_factors"]},
        ),
    ]


InnovationAdmin.inlines = [*InnovationAdmin.inlines, CoproductionInline]


class TermAdmin(VocabularyAdmin):
    def get_queryset(self, request):
        from django.db.models import Count

        return admin.ModelAdmin.get_queryset(self, request).annotate(_case_count=Count("profiles"))


admin.site.register(Reason, TermAdmin)
admin.site.register(HinderingFactor, TermAdmin)
admin.site.register(EnhancingFactor, TermAdmin)


@admin.register(CoproductionProfile)
class CoproductionProfileAdmin(admin.ModelAdmin):
    """A read-only overview with facets; a profile is edited on its case's page."""

    list_display = ["innovation", "kind", "initiative", "regularity", "change_degree"]
    list_filter = [
        "kind",
        "initiative",
        "relation",
        "regularity",
        "partnership",
        "change_degree",
        "change_stage",
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["innovation__title"]
    list_select_related = ["innovation"]
    filter_horizontal = ["reasons", "hindering_factors", "enhancing_factors"]
    autocomplete_fields = ["innovation"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
