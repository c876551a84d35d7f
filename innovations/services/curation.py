"""Curation: reverts, verification, and the moderators' decisions on suggested updates.

Called by the history and curation pages (moderators) and the admin. A revert and an
accepted suggestion are edits (`content.store_edit`): logged under their own event,
recorded as a version, re-indexed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import derived, media_services, tasks, versions
from ..models import CaseVersion, Event, Innovation, Suggestion
from ..record import TAGS
from .common import State, TransitionError, latest_version, locked, log_edit
from .content import store_edit
from .guard import service


@service
def innovation_revert(
    *, innovation: Innovation | int, version: CaseVersion | int, actor, note: str = ""
) -> Innovation:
    """Give the case the content, tags, countries and parts of one of its versions, as
    an edit (logged as a revert, recorded as a new version, re-indexed)."""
    with transaction.atomic():
        case = locked(innovation)
        old = CaseVersion.objects.get(pk=getattr(version, "pk", version), innovation=case)
        data, parts = versions.restore(old.record)
        note = note.strip() or _("Reverted to version %(number)s.") % {"number": old.number}
        return store_edit(case, data, parts, actor=actor, note=note, event=Event.REVERT)


@service
def innovation_verify(*, innovation: Innovation | int, actor) -> Innovation:
    """A moderator checked the published case: "Verified by the moderators on DATE"."""
    with transaction.atomic():
        case = locked(innovation)
        if case.state != State.PUBLISHED:
            raise TransitionError(
                _("Only a published case can be verified; this one is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        case.verified_at = case.reviewed_at = timezone.now()
        case.save(update_fields=["verified_at", "reviewed_at", "updated_at"])
        log_edit(case, actor=actor, fields=[], note=_("Verified."), event=Event.VERIFY)
        derived.cases_changed([case.pk])
    return case


class SuggestionConflict(TransitionError):
    """The fields a suggestion changes were changed on the case since it was made."""

    def __init__(self, fields: list[str]):
        super().__init__(
            _(
                "This suggestion was made against an older version, and %(fields)s changed "
                "since: nothing was applied. Compare it with the case as it is now."
            )
            % {"fields": ", ".join(versions.label(f) for f in fields)},
            state=State.PUBLISHED,
        )
        self.fields = fields


def _pending(suggestion: Suggestion | int) -> Suggestion:
    found = Suggestion.objects.select_for_update().get(pk=getattr(suggestion, "pk", suggestion))
    if found.state != Suggestion.Decision.PENDING:
        raise TransitionError(
            _("This suggestion was already %(decision)s.")
            % {"decision": found.get_state_display().lower()},
            state=found.state,
        )
    return found


@service
def suggestion_accept(*, suggestion: Suggestion | int, actor, note: str = "") -> Suggestion:
    """Apply a suggested update as a new version of the case. If a field it changes was
    changed on the case since the version it was made against, nothing is applied:
    `SuggestionConflict`."""
    with transaction.atomic():
        found = _pending(suggestion)
        case = locked(found.innovation_id)
        if case.state != State.PUBLISHED:
            raise TransitionError(
                _("This case is no longer public: it is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        if found.base is not None:
            base, live = found.base.record, versions.record(case)
            moved = [f for f in found.changes if base.get(f) != live.get(f)]
            if moved:
                raise SuggestionConflict(moved)
        note = note.strip() or _("Suggested update accepted.")
        data = dict(found.changes)
        for name, model in TAGS.items():  # slugs; a term deleted since is left out
            if name in data:
                data[name] = list(model.objects.filter(slug__in=data[name]))
        store_edit(case, data, None, actor=actor, note=note, event=Event.SUGGESTION)
        if found.media:
            _attach_media(case, found, actor=actor, note=note)
        found.state = Suggestion.Decision.ACCEPTED
        found.decided_at = timezone.now()
        found.decided_by = actor
        found.reply = note
        found.version = latest_version(case)
        found.save()
        _notify_suggester(found)
    return found


def _attach_media(case: Innovation, found: Suggestion, *, actor, note: str) -> None:
    """Add the proposed picture or video link to the case (within its caps, else nothing
    of the suggestion is applied) and renew its pages; the suggestion's file is removed
    once the case's copy is committed."""
    media = found.media
    checked = None
    if found.media_file:
        try:
            with found.media_file.open("rb") as handle:
                data = handle.read()
        except OSError as error:
            raise TransitionError(
                _("The proposed picture's file is missing: nothing was applied. Decline it.")
            ) from error
        checked = media_services.Checked(
            data, media["content_type"], media.get("width"), media.get("height")
        )
    try:
        media_services.attach(
            case=case,
            kind=media["kind"],
            title=media.get("title", ""),
            checked=checked,
            url=media.get("url", ""),
            alt_text=media.get("alt_text", ""),
            credit=media.get("credit", ""),
        )
    except media_services.MediaError as error:
        raise TransitionError(error.message) from error
    if not case.changed_fields:
        log_edit(case, actor=actor, fields=[], note=note, event=Event.SUGGESTION)
    derived.shown_changed([case.pk])
    _drop_file(found)


def _drop_file(found: Suggestion) -> None:
    """The suggestion's file goes after the commit (the row no longer names it)."""
    name, storage = found.media_file.name, found.media_file.storage
    if name:
        found.media_file = ""
        transaction.on_commit(lambda: storage.delete(name))


def _notify_suggester(found: Suggestion) -> None:
    """The decision, with the moderator's note, goes to the reader if their address is
    confirmed (`tasks.notify_suggester` checks)."""
    if found.email:
        transaction.on_commit(lambda: tasks.notify_suggester.enqueue(found.pk))


@service
def suggestion_decline(*, suggestion: Suggestion | int, actor, reason: str) -> Suggestion:
    """Turn a suggested update down, with the reason; the case does not change."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Please give the reason."))
    with transaction.atomic():
        found = _pending(suggestion)
        found.state = Suggestion.Decision.DECLINED
        found.decided_at = timezone.now()
        found.decided_by = actor
        found.reply = reason
        _drop_file(found)
        found.save()
        _notify_suggester(found)
    return found
