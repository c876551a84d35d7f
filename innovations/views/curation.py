"""The moderators' side of curation: versions and reverts, verification, suggestions.

Every write goes through `innovations.services`; a suggestion whose fields changed on
the case since the reader saw it is refused with a conflict, and nothing is applied.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services, versions
from ..models import CaseVersion, Innovation, Suggestion
from .access import moderator_required, search_text
from .media import serve

Decision = Suggestion.Decision


def _number(value, default):
    return (
        int(value) if value and value.isascii() and value.isdigit() and len(value) < 9 else default
    )


@require_safe
@moderator_required
def case_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of the case, a field-by-field comparison of any two, and revert."""
    case = get_object_or_404(Innovation.objects.only("pk", "title", "state", "slug"), pk=pk)
    found = list(case.versions.order_by("number"))
    if not found:
        return render(request, "moderation/versions.html", {"case": case, "found": []})
    latest = found[-1].number
    by_number = {v.number: v for v in found}
    b = by_number.get(_number(request.GET.get("b"), latest), found[-1])
    a = by_number.get(_number(request.GET.get("a"), b.number - 1))
    return render(
        request,
        "moderation/versions.html",
        {
            "case": case,
            "found": found[::-1],
            "a": a,
            "b": b,
            "latest": latest,
            "changes": versions.diff(a.record if a else None, b.record),
        },
    )


@require_POST
@moderator_required
def revert(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(CaseVersion, innovation_id=pk, number=number)
    services.innovation_revert(innovation=pk, version=version, actor=request.user)
    messages.success(
        request, _("The case is back to version %(number)s.") % {"number": version.number}
    )
    return redirect("moderation:versions", pk)


@require_POST
@moderator_required
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Innovation.objects.only("pk"), pk=pk)
    try:
        services.innovation_verify(innovation=case, actor=request.user)
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The case is marked as verified today."))
    return redirect("moderation:review", pk)


@require_safe
@moderator_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """Suggested updates waiting for a decision, oldest first."""
    pending = (
        Suggestion.objects.filter(state=Decision.PENDING)
        .select_related("innovation")
        .only("pk", "created_at", "changes", "media", "innovation__title")
    )
    text = search_text(request)
    if text:
        pending = pending.filter(innovation__in=Innovation.objects.matching(text).values("pk"))
    return render(request, "moderation/suggestions.html", {"pending": pending, "q": text})


def _suggestion_page(request, found, status=200):
    case = found.innovation
    live = versions.record(case)
    latest = case.versions.order_by("-number").only("number").first()
    return render(
        request,
        "moderation/suggestion.html",
        {
            "suggestion": found,
            "case": case,
            "changes": versions.diff(live, {**live, **found.changes}),
            "behind": found.base is not None and latest and found.base.number != latest.number,
            "latest": latest,
        },
        status=status,
    )


@require_safe
@moderator_required
def suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    """One suggestion: what it would change in the live case, and the decision."""
    found = get_object_or_404(Suggestion.objects.select_related("innovation", "base"), pk=pk)
    return _suggestion_page(request, found)


@require_safe
@moderator_required
def suggestion_media(request: HttpRequest, pk: int) -> HttpResponse:
    """The picture a suggestion proposes, for the moderators only (never public)."""
    found = get_object_or_404(Suggestion.objects.exclude(media_file=""), pk=pk)
    media = found.media
    title = media.get("title", "")
    return serve(found.media_file.storage, found.media_file.name, media["content_type"], title,
                 public=False)  # fmt: skip


@require_POST
@moderator_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept (applied as a new version of the case) or decline (with a reason)."""
    found = get_object_or_404(Suggestion.objects.select_related("innovation", "base"), pk=pk)
    note = request.POST.get("note", "")[:5000]
    try:
        if request.POST.get("decision") == "accept":
            services.suggestion_accept(suggestion=found, actor=request.user, note=note)
            messages.success(request, _("The suggestion is applied to the case."))
        elif request.POST.get("decision") == "decline":
            services.suggestion_decline(suggestion=found, actor=request.user, reason=note)
            messages.success(request, _("The suggestion is declined."))
        else:
            messages.error(request, _("Choose to accept or to decline."))
            return redirect("moderation:suggestion", pk)
    except services.TransitionError as error:
        messages.error(request, error.message)
        found = Suggestion.objects.select_related("innovation", "base").get(pk=pk)
        return _suggestion_page(request, found, status=409 if error.state else 400)
    return redirect("moderation:suggestions")
