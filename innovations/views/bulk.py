"""Bulk actions on the cases ticked in the queue, and merging a duplicate.

Both only parse the form, call the service and say what happened; the rules (the cap,
logging, versions, re-indexing) live in `innovations.services`.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..models import Approach, EnablingFactor, Innovation, Sector
from .access import form_pk, moderator_required, posted_pks

# The vocabularies a bulk action tags with, by the prefix of a tag's form value.
VOCABULARIES = {
    "sector": (Sector, gettext_lazy("Sectors")),
    "approach": (Approach, gettext_lazy("Innovation approaches")),
    "factor": (EnablingFactor, gettext_lazy("Enabling factors")),
}
ACTIONS = {
    "add_tag": gettext_lazy("Add the tag"),
    "remove_tag": gettext_lazy("Remove the tag"),
    "set_sector": gettext_lazy("Set the sector"),
    "set_level": gettext_lazy("Set the level of government"),
    "publish": gettext_lazy("Publish"),
    "reject": gettext_lazy("Reject"),
}


def bulk_context() -> dict:
    """What the queue's bulk form offers (three small queries, whatever the selection)."""
    return {
        "vocabularies": [
            (prefix, label, model.objects.only("pk", "slug", "name", "name_fr"))
            for prefix, (model, label) in VOCABULARIES.items()
        ],
        "levels": Innovation.Level.choices,
        "max": services.MAX_BULK,
    }


def _term(value: str):
    prefix, _sep, slug = value.partition(":")
    if prefix not in VOCABULARIES:
        return None
    return VOCABULARIES[prefix][0].objects.filter(slug=slug).first()


def _back(request: HttpRequest):
    target = request.POST.get("next", "")
    # Only a path of this site (never a view name, which redirect() would try to reverse).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("moderation:queue")


@require_POST
@moderator_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Apply one action to the ticked cases (at most `services.MAX_BULK`)."""
    ids = posted_pks(request)
    action = request.POST.get("action", "")
    if not ids:
        messages.error(request, _("Tick at least one case."))
        return _back(request)
    if action not in ACTIONS:
        messages.error(request, _("Choose an action."))
        return _back(request)
    try:
        if action in ("add_tag", "remove_tag"):
            tag = _term(request.POST.get("tag", "")[:200].replace("\x00", ""))
            if tag is None:
                messages.error(request, _("Choose a tag."))
                return _back(request)
            result = services.innovations_tag(
                innovations=ids, tag=tag, add=action == "add_tag", actor=request.user
            )
        elif action == "set_sector":
            sector = Sector.objects.filter(
                slug=request.POST.get("sector", "")[:100].replace("\x00", "")
            ).first()
            if sector is None:
                messages.error(request, _("Choose a sector."))
                return _back(request)
            result = services.innovations_set(
                innovations=ids, field="sectors", value=sector, actor=request.user
            )
        elif action == "set_level":
            level = request.POST.get("level", "")
            if level not in Innovation.Level.values:
                messages.error(request, _("Choose a level of government."))
                return _back(request)
            result = services.innovations_set(
                innovations=ids, field="level", value=level, actor=request.user
            )
        elif action == "publish":
            result = services.innovations_publish(innovations=ids, actor=request.user)
        else:
            result = services.innovations_reject(
                innovations=ids, actor=request.user, note=request.POST.get("note", "")[:5000]
            )
    except (services.TooMany, services.TransitionError) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return _back(request)
    changed = len(result.changed)
    messages.success(
        request,
        ngettext("%(count)s case changed.", "%(count)s cases changed.", changed)
        % {"count": changed},
    )
    left = len(result.unchanged) + len(result.refused)
    if left:
        messages.info(
            request,
            ngettext(
                "%(count)s case was already so or could not be changed that way.",
                "%(count)s cases were already so or could not be changed that way.",
                left,
            )
            % {"count": left},
        )
    return _back(request)


@require_POST
@moderator_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this case (the duplicate) into the case the moderator picked."""
    duplicate = get_object_or_404(Innovation, pk=pk)
    kept = form_pk(request.POST.get("kept", ""))
    if kept is None:
        messages.error(request, _("Choose the case to keep."))
        return redirect("moderation:review", pk)
    kept = get_object_or_404(Innovation, pk=kept)
    try:
        services.innovation_merge(
            duplicate=duplicate,
            kept=kept,
            actor=request.user,
            note=request.POST.get("note", "")[:2000],
        )
    except services.TransitionError as error:
        messages.error(request, error.message)
        return redirect("moderation:review", pk)
    messages.success(
        request,
        _("“%(duplicate)s” is merged into this case; its address now leads here.")
        % {"duplicate": duplicate.title},
    )
    return redirect("moderation:review", kept.pk)
