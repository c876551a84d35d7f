"""The co-production admin; the profile joins the case's admin page as an inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innovations.admin import InnovationAdmin, VocabularyAdmin

from .models import DIMENSIONS, CoproductionProfile, EnhancingFactor, HinderingFactor, Reason


class CoproductionInline(admin.StackedInline):
    model = CoproductionProfile
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
