"""The moderators' side: the queue, the review page, the actions, bulk spam, featuring.

Every write goes through `innovations.services`; a moderator who acts on a case that
someone else has just moved is told so, and nothing is recorded twice.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import duplicates, services
from ..forms import ActionForm, FeatureForm, ModerationForm
from ..models import CaseLink, Innovation, Sector, Suggestion
from ..registry import case_page, facet_groups, submission_sections
from . import picker
from .access import moderator_required, posted_pks, search_text
from .bulk import bulk_context
from .public import preview_context


def field_labels(names: list[str]) -> list[str]:
    """The names of a log line's fields as moderators read them ("Lead organisation",
    not "lead_organisation"), in the page's language."""
    special = {"countries": _("Countries"), "coproduction": _("Co-production profile")}
    labels = []
    for name in names:
        if name in special:
            labels.append(str(special[name]))
            continue
        try:
            labels.append(str(capfirst(Innovation._meta.get_field(name).verbose_name)))
        except FieldDoesNotExist:
            labels.append(name.replace("_", " "))
    return labels


def case_links(case, *, public):
    from .collections import case_links as links

    return links(case, public=public)


def filtered(cases, request: HttpRequest):
    """The cases the moderator's filters (the catalogue's facet groups: sector, level,
    country...) and search text keep; an unknown value keeps nothing, as SQL says."""
    for group in facet_groups:
        values = [v[:100].replace("\x00", "") for v in request.GET.getlist(group.key) if v][:20]
        if values:
            cases = cases.filter(group.q(values))
    text = search_text(request)
    return cases.matching(text) if text else cases


@require_safe
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    """Cases by state; the submitted ones oldest first, with their age. Searchable by
    text (title, summary, lead organisation) and filterable by sector and level."""
    state = request.GET.get("state", Innovation.State.SUBMITTED)
    if state not in Innovation.State.values:
        state = Innovation.State.SUBMITTED
    counts = dict(Innovation.objects.order_by().values_list("state").annotate(n=Count("pk")))
    if state == Innovation.State.SUBMITTED:
        cases = Innovation.objects.pending()
    else:
        cases = Innovation.objects.filter(state=state).order_by("-updated_at", "-pk")
    cases = filtered(cases, request).only(
        "pk",
        "title",
        "state",
        "contributor_name",
        "contributor_organisation",
        "submitted_at",
        "created_at",
        "updated_at",
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    featured = Innovation.objects.featured().only("pk", "title", "featured_order")
    return render(
        request,
        "moderation/queue.html",
        {
            "state": state,
            "state_label": Innovation.State(state).label,
            "tabs": [(s.value, s.label, counts.get(s.value, 0)) for s in Innovation.State],
            "page": page,
            "featured": featured,
            "suggestions": Suggestion.objects.filter(state=Suggestion.Decision.PENDING).count(),
            "q": search_text(request),
            "sectors": Sector.objects.only("pk", "slug", "name"),
            "sector": request.GET.get("sector", ""),
            "levels": Innovation.Level.choices,
            "level": request.GET.get("level", ""),
            "bulk": bulk_context(),
        },
    )


def _history(case) -> list:
    """State changes and events, oldest first; each event names its fields readably."""
    lines = sorted([*case.state_changes.all(), *case.edits.all()], key=lambda line: line.at)
    for line in lines:
        line.field_labels = field_labels(getattr(line, "fields", []))
    return lines


def _link_picker(request, case) -> dict:
    """The case picker of the link form (never the case itself)."""
    return picker.picker(request, form="link-form", button=_("Link"), exclude=case.pk)


def _review(request, case, *, form=None, sections=None, action_form=None, status=200):
    if form is None:
        form = ModerationForm(instance=case, translation=request.GET.get("translation"))
        sections = [(s, s.build(None, case, prefix=s.prefix)) for s in submission_sections]
    return render(
        request,
        "moderation/review.html",
        {
            **preview_context(request, case),
            "form": form,
            "form_sections": sections,
            "action_form": action_form or ActionForm(initial={"expected_state": case.state}),
            "actions": services.allowed_actions(case.state),
            "feature_form": FeatureForm(
                initial={"featured": case.featured, "order": case.featured_order}
            ),
            "history": _history(case),
            "duplicates": duplicates.candidates(case),
            "merged_into": case.merged_into_id
            and Innovation.objects.only("pk", "title").filter(pk=case.merged_into_id).first(),
            "merged_cases": case.merged_cases.only("pk", "title"),
            "links": case_links(case, public=False),
            "link_kinds": CaseLink.Kind.choices,
            "picker": _link_picker(request, case),
            "reference": services.reference(case),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: as it will look, the contributor, duplicates, history, edit and act."""
    if picker.wants_results(request):  # as the moderator types: no need for the whole case
        case = get_object_or_404(Innovation.objects.only("pk"), pk=pk)
        return picker.results(request, _link_picker(request, case))
    case = get_object_or_404(
        Innovation.objects.for_detail().prefetch_related(*case_page.prefetches), pk=pk
    )
    if request.method == "GET":
        return picker.vary(_review(request, case))
    form = ModerationForm(request.POST, instance=case)
    sections = [(s, s.build(request.POST, case, prefix=s.prefix)) for s in submission_sections]
    # Validate every form (no short-circuit), so that all errors are shown at once.
    if not (form.is_valid() & all([f.is_valid() for _s, f in sections])):  # noqa: C419
        return _review(request, case, form=form, sections=sections)
    services.innovation_edit(
        innovation=case,
        data=form.case_data(),
        parts={s.prefix: f.cleaned_data for s, f in sections},
        actor=request.user,
    )
    messages.success(request, _("Your changes are saved."))
    return redirect("moderation:review", pk)


@require_POST
@moderator_required
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish, request changes, reject or unpublish, from the state the moderator saw."""
    case = get_object_or_404(Innovation, pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("moderation:review", pk)
    action = form.cleaned_data["action"]
    service = services.MODERATOR_ACTIONS[action]
    try:
        case = service(
            innovation=case,
            actor=request.user,
            note=form.cleaned_data["note"],
            expected_state=form.cleaned_data["expected_state"],
        )
    except services.TransitionError as error:
        # Shown again with the current state and the message kept, so nothing typed is lost.
        messages.error(request, error.message)
        case = Innovation.objects.for_detail().prefetch_related(*case_page.prefetches).get(pk=pk)
        retry = ActionForm(
            initial={
                "action": action,
                "note": form.cleaned_data["note"],
                "expected_state": case.state,
            }
        )
        return _review(request, case, action_form=retry, status=409 if error.state else 400)
    messages.success(
        request,
        _("“%(title)s” is now %(state)s.")
        % {"title": case.title, "state": case.get_state_display()},
    )
    return redirect("moderation:queue")


@require_POST
@moderator_required
def feature(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a published case on the home page, at an order, or take it off."""
    case = get_object_or_404(Innovation, pk=pk)
    form = FeatureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The order must be a whole number."))
        return redirect("moderation:review", pk)
    try:
        services.innovation_feature(
            innovation=case,
            actor=request.user,
            featured=form.cleaned_data["featured"],
            order=form.cleaned_data["order"],
        )
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The home page selection is saved."))
    return redirect("moderation:review", pk)


@require_POST
@moderator_required
def reject_spam(request: HttpRequest) -> HttpResponse:
    """Reject the ticked submissions as spam, without mailing anyone."""
    ids = posted_pks(request)
    count = services.innovation_reject_spam(innovations=ids, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s case rejected as spam.", "%(count)s cases rejected as spam.", count)
        % {"count": count},
    )
    return redirect("moderation:queue")


@require_safe
@moderator_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The case exactly as the public case page will show it."""
    case = get_object_or_404(
        Innovation.objects.for_detail().prefetch_related(*case_page.prefetches), pk=pk
    )
    if not case.is_published:
        messages.info(
            request,
            _("Preview: this case is “%(state)s” and not visible to the public.")
            % {"state": case.get_state_display()},
        )
    return render(request, "innovations/innovation_detail.html", preview_context(request, case))
