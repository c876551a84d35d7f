from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector, StateChange


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


class ReadOnlyLogMixin:
    """The moderation log is append-only: nobody adds, edits or deletes lines here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StateChangeInline(ReadOnlyLogMixin, admin.TabularInline):
    model = StateChange
    extra = 0
    fields = ["at", "actor_label", "from_state", "to_state", "note"]
    readonly_fields = fields
    ordering = ["at", "pk"]
    verbose_name_plural = _("moderation history")


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyLogMixin, admin.ModelAdmin):
    list_display = ["at", "innovation", "actor_label", "from_state", "to_state"]
    list_filter = ["to_state", "from_state"]
    list_select_related = ["innovation"]
    search_fields = ["innovation__title", "actor_label", "note"]
    date_hierarchy = "at"


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
    # State moves only through the services (the moderation pages or the actions below),
    # so that every transition is checked and logged.
    readonly_fields = ["state", "created_at", "updated_at", "submitted_at", "published_at"]
    inlines = [CountryInline, StateChangeInline]
    actions = ["publish", "unpublish", "reject_as_spam"]
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
                    "moderator_message",
                ]
            },
        ),
        (
            _("Contributor (never public)"),
            {
                "fields": [
                    "contributor_name",
                    "contributor_email",
                    "contributor_organisation",
                    "contributor_role",
                    "licence_consent",
                ]
            },
        ),
    ]
    prepopulated_fields = {"slug": ["title"]}

    def _run(self, request, queryset, service, **kwargs) -> None:
        done, refused = 0, []
        for case in queryset:
            try:
                service(innovation=case, actor=request.user, **kwargs)
            except services.TransitionError as error:
                refused.append(f"{case}: {error.message}")
            else:
                done += 1
        self.message_user(request, _("%(count)s case(s) moved.") % {"count": done})
        for message in refused:
            self.message_user(request, message, level=messages.WARNING)

    @admin.action(description=_("Publish the selected cases"), permissions=["moderate"])
    def publish(self, request, queryset):
        self._run(request, queryset, services.innovation_publish)

    @admin.action(description=_("Unpublish the selected cases"), permissions=["moderate"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, services.innovation_unpublish)

    @admin.action(description=_("Reject the selected cases as spam"), permissions=["moderate"])
    def reject_as_spam(self, request, queryset):
        count = services.innovation_reject_spam(
            innovations=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
        self.message_user(request, _("%(count)s case(s) rejected as spam.") % {"count": count})

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("innovations.moderate_innovation")
