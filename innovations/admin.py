from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "case_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_case_count=Count("innovations"))

    @admin.display(description=_("cases"), ordering="_case_count")
    def case_count(self, obj) -> int:
        return obj._case_count


@admin.register(Sector)
class SectorAdmin(VocabularyAdmin):
    list_display = ["name", "cofog_code", "slug", "order", "case_count"]


@admin.register(Approach)
class ApproachAdmin(VocabularyAdmin):
    pass


@admin.register(EnablingFactor)
class EnablingFactorAdmin(VocabularyAdmin):
    list_display = ["name", "prevalence", "slug", "order", "case_count"]


class CountryInline(admin.TabularInline):
    model = InnovationCountry
    extra = 1
    verbose_name_plural = _("countries")


class CountryListFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = InnovationCountry.objects.values_list("country", flat=True).distinct()
        field = InnovationCountry._meta.get_field("country")
        names = dict(field.choices)
        return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: str(c[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country_links__country=self.value())
        return queryset


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "state",
        "featured",
        "featured_order",
        "level",
        "year_launched",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        "state",
        "featured",
        "level",
        "status",
        "sectors",
        "approaches",
        "enabling_factors",
        CountryListFilter,
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["title", "summary", "lead_organisation"]
    date_hierarchy = "created_at"
    list_per_page = 50
    filter_horizontal = ["sectors", "approaches", "enabling_factors"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "published_at"]
    inlines = [CountryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Case sections"), {"fields": ["innovative", "results", "challenges"]}),
        (
            _("Facts"),
            {
                "fields": [
                    "level",
                    "lead_organisation",
                    "partners",
                    "year_launched",
                    "status",
                    "language",
                    "source_url",
                    "website_url",
                ]
            },
        ),
        (_("Tags"), {"fields": ["sectors", "approaches", "enabling_factors"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    "state",
                    "featured",
                    "featured_order",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "updated_at",
                ]
            },
        ),
    ]
    prepopulated_fields = {"slug": ["title"]}
