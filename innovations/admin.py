"""The admin: vocabularies, the logs (read-only), and cases, written through the services.

A case's form saves nothing itself: `save_related` hands its cleaned data (and the parts
other apps add as inlines) to `services.innovation_create` or `innovation_edit`, so an
edit here is checked, logged and re-indexed like one anywhere else. State and featuring
move only through the actions, which call the services too.
"""

import itertools

from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ModerationForm
from .models import (
    Approach,
    CaseEdit,
    EnablingFactor,
    Innovation,
    InnovationCountry,
    Sector,
    StateChange,
    twins,
)
from .record import CONTENT_FIELDS


def _field_label(name: str) -> str:
    try:
        return str(Innovation._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name  # a case part ("coproduction") or the countries


class AdminCaseForm(ModerationForm):
    """The moderators' form, with the admin's two-list country picker (it has a filter)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["countries"]
        field.widget = FilteredSelectMultiple(_("countries"), is_stacked=False)
        field.widget.choices = field.choices
        field.help_text = ""


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", *twins("name"), "slug", "order", "case_count"]
    list_editable = ["order"]
    search_fields = ["name", *twins("name"), "description", *twins("description")]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_case_count=Count("innovations"))

    @admin.display(description=_("cases"), ordering="_case_count")
    def case_count(self, obj) -> int:
        return obj._case_count


@admin.register(Sector)
class SectorAdmin(VocabularyAdmin):
    list_display = ["name", *twins("name"), "cofog_code", "slug", "order", "case_count"]


@admin.register(Approach)
class ApproachAdmin(VocabularyAdmin):
    pass


@admin.register(EnablingFactor)
class EnablingFactorAdmin(VocabularyAdmin):
    list_display = ["name", "prevalence", "slug", "order", "case_count"]


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


class CaseEditInline(ReadOnlyLogMixin, admin.TabularInline):
    model = CaseEdit
    extra = 0
    fields = ["at", "actor_label", "fields", "note"]
    readonly_fields = fields
    ordering = ["at", "pk"]
    verbose_name_plural = _("edits")


@admin.register(CaseEdit)
class CaseEditAdmin(ReadOnlyLogMixin, admin.ModelAdmin):
    list_display = ["at", "innovation", "actor_label", "fields"]
    list_select_related = ["innovation"]
    search_fields = ["innovation__title", "actor_label", "note"]
    date_hierarchy = "at"


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


MAIN = ["title", "slug", "summary", "description"]
SECTIONS = ["innovative", "results", "challenges"]
FACTS = [
    "countries",
    "level",
    "lead_organisation",
    "partners",
    "year_launched",
    "status",
    "language",
    "source_url",
    "website_url",
]
# A field added to the case record shows among the facts until it is given a place.
FACTS += [name for name in CONTENT_FIELDS if name not in {*MAIN, *SECTIONS, *FACTS}]


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
    form = AdminCaseForm
    # State and featuring move only through the services (the moderation pages or the
    # actions below), so that every rule is checked and every change logged.
    readonly_fields = [
        "state",
        "featured",
        "featured_order",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "moderator_message",
    ]
    inlines = [StateChangeInline, CaseEditInline]
    actions = ["publish", "unpublish", "feature", "unfeature", "reject_as_spam"]
    fieldsets = [
        (None, {"fields": MAIN}),
        (_("Case sections"), {"fields": SECTIONS}),
        (_("Facts"), {"fields": FACTS}),
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

    def _run(self, request, queryset, service, per_case=None, **kwargs) -> None:
        """Apply a service to each case; `per_case(case)` adds arguments of its own."""
        done, refused = 0, []
        for case in queryset:
            try:
                extra = per_case(case) if per_case else {}
                service(innovation=case, actor=request.user, **kwargs, **extra)
            except services.TransitionError as error:
                refused.append(f"{case}: {error.message}")
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)s case moved.", "%(count)s cases moved.", done) % {"count": done},
        )
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
        self.message_user(
            request,
            ngettext("%(count)s case rejected as spam.", "%(count)s cases rejected as spam.", count)
            % {"count": count},
        )

    @admin.action(
        description=_("Feature the selected cases on the home page (after those there)"),
        permissions=["moderate"],
    )
    def feature(self, request, queryset):
        last = Innovation.objects.featured().aggregate(last=Max("featured_order"))["last"]
        after = itertools.count((last or 0) + 1)

        def order(case) -> dict:  # a featured case keeps its place; others go last
            return {"order": case.featured_order if case.featured else next(after)}

        self._run(
            request, queryset.order_by("pk"), services.innovation_feature, order, featured=True
        )

    @admin.action(
        description=_("Take the selected cases off the home page"), permissions=["moderate"]
    )
    def unfeature(self, request, queryset):
        self._run(request, queryset, services.innovation_feature, featured=False)

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("innovations.moderate_innovation")

    # -- saving through the services -----------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        """Nothing here: `save_related` writes the case, its tags and parts at once."""

    def save_related(self, request, form, formsets, change) -> None:
        parts = {
            formset.case_part: formset.part_data()
            for formset in formsets
            if getattr(formset, "case_part", None) and formset.has_changed()
        }
        if change:
            case = services.innovation_edit(
                innovation=form.instance.pk, data=form.case_data(), parts=parts, actor=request.user
            )
        else:
            case = services.innovation_create(
                data=form.case_data(), parts=parts, actor=request.user
            )
        # The admin goes on with this object (its log entry, the redirect).
        form.instance.pk, form.instance.slug = case.pk, case.slug
        form.instance.changed_fields = getattr(case, "changed_fields", [])
        form.instance._state.adding = False

    def construct_change_message(self, request, form, formsets, add=False):
        """The fields the services changed (not what the browser sent again)."""
        if add:
            return construct_change_message(form, [], add)
        changed = [_field_label(name) for name in getattr(form.instance, "changed_fields", [])]
        return [{"changed": {"fields": changed}}] if changed else []

    def get_deleted_objects(self, objs, request):
        """A case's logs go with it: deleting a case needs no right to delete log lines."""
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        logs = {str(model._meta.verbose_name) for model in (StateChange, CaseEdit)}
        return deleted, counts, {name for name in needed if name not in logs}, protected

    def delete_model(self, request, obj) -> None:
        services.innovation_delete(innovation=obj.pk, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for pk in queryset.values_list("pk", flat=True):
            services.innovation_delete(innovation=pk, actor=request.user)
