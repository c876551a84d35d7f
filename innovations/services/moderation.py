"""Moderation: the states a case moves through, featuring, and deletion.

Called by the moderation pages, the admin's actions, the `moderate` command, the
importers (through `content`) and the contributor's side (`contribution`, to submit).
Each function locks the case's row and checks the state it finds: of two moderators
acting at once, exactly one moves the case and the other gets a `TransitionError`
saying where the case now is. Every move is logged in `StateChange`; a publication
records a version; a move into or out of the public catalogue re-indexes the case.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import derived
from ..models import Event, Innovation, unique_slug
from .common import (
    State,
    TransitionError,
    locked,
    log_edit,
    log_state,
    notify_after_commit,
    record_version,
)
from .guard import service


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    note_required: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", frozenset({State.DRAFT, State.CHANGES_REQUESTED}), State.SUBMITTED),
        Transition("publish", frozenset({State.SUBMITTED, State.UNPUBLISHED}), State.PUBLISHED),
        Transition(
            "request_changes",
            frozenset({State.SUBMITTED}),
            State.CHANGES_REQUESTED,
            note_required=True,
        ),
        Transition(
            "reject",
            frozenset({State.SUBMITTED, State.CHANGES_REQUESTED}),
            State.REJECTED,
            note_required=True,
        ),
        Transition("unpublish", frozenset({State.PUBLISHED}), State.UNPUBLISHED),
    ]
}


def allowed_actions(state: str) -> list[str]:
    """The transitions a moderator may apply to a case in this state."""
    return [t.name for t in TRANSITIONS.values() if state in t.sources and t.name != "submit"]


def _moved(case: Innovation, action: str) -> TransitionError:
    return TransitionError(
        _("This case cannot be %(action)s: it is now “%(state)s”. Someone may have acted on it.")
        % {"action": _ACTION_PAST[action], "state": case.get_state_display()},
        state=case.state,
    )


_ACTION_PAST = {
    "submit": gettext_lazy("submitted"),
    "publish": gettext_lazy("published"),
    "request_changes": gettext_lazy("sent back for changes"),
    "reject": gettext_lazy("rejected"),
    "unpublish": gettext_lazy("unpublished"),
}


def _apply(
    name: str,
    *,
    innovation: Innovation | int,
    actor=None,
    note: str = "",
    expected_state: str | None = None,
    notify: bool = True,
) -> Innovation:
    transition = TRANSITIONS[name]
    note = (note or "").strip()
    if transition.note_required and not note:
        raise TransitionError(_("Please write a message for the contributor."))
    with transaction.atomic():
        case = locked(innovation)
        if case.state not in transition.sources or (
            expected_state is not None and case.state != expected_state
        ):
            raise _moved(case, name)
        if name == "publish" and case.merged_into_id:
            raise TransitionError(
                _("This case was merged into another one and cannot be published again."),
                state=case.state,
            )
        from_state = case.state
        now = timezone.now()
        case.state = transition.target
        if name == "submit":
            case.submitted_at = now
        elif name == "publish":
            # At its first publication a case's address follows its title (a draft's slug
            # came from its first title), unless a moderator chose it.
            if (
                case.published_at is None
                and not case.slug.startswith(slugify(case.title)[:200])
                and not _slug_chosen(case)
            ):
                case.slug = ""
                case.slug = unique_slug(case.title)
            case.published_at = case.published_at or now
            case.moderator_message = ""
            if actor is not None:
                case.reviewed_at = now
        elif name in {"request_changes", "reject"}:
            case.moderator_message = note
        elif name == "unpublish":
            case.featured = False
            case.featured_order = None
        case.save()
        change = log_state(case, actor=actor, from_state=from_state, note=note)
        if name == "publish":
            record_version(case, actor=actor, note=_("Published."))
        if State.PUBLISHED in (from_state, case.state):
            derived.cases_changed([case.pk])
        if notify:
            notify_after_commit(change, moderators=name == "submit")
    return case


# -- the transitions ------------------------------------------------------------------------


@service
def innovation_submit(*, innovation: Innovation | int, actor=None) -> Innovation:
    """Send a draft (or a case sent back for changes) to the moderators."""
    return _apply("submit", innovation=innovation, actor=actor)


@service
def innovation_publish(
    *, innovation: Innovation | int, actor, note: str = "", expected_state: str | None = None
) -> Innovation:
    """Make a submitted (or unpublished) case public."""
    return _apply(
        "publish", innovation=innovation, actor=actor, note=note, expected_state=expected_state
    )


@service
def innovation_request_changes(
    *, innovation: Innovation | int, actor, note: str, expected_state: str | None = None
) -> Innovation:
    """Send a submitted case back to its contributor with a message saying what to change."""
    return _apply(
        "request_changes",
        innovation=innovation,
        actor=actor,
        note=note,
        expected_state=expected_state,
    )


@service
def innovation_reject(
    *,
    innovation: Innovation | int,
    actor,
    note: str,
    expected_state: str | None = None,
    notify: bool = True,
) -> Innovation:
    """Turn a submission down, with the reason."""
    return _apply(
        "reject",
        innovation=innovation,
        actor=actor,
        note=note,
        expected_state=expected_state,
        notify=notify,
    )


@service
def innovation_unpublish(
    *, innovation: Innovation | int, actor, note: str = "", expected_state: str | None = None
) -> Innovation:
    """Take a published case off the public site (it also leaves the home page)."""
    return _apply(
        "unpublish", innovation=innovation, actor=actor, note=note, expected_state=expected_state
    )


# The moderator's decisions by name, for the views, the admin and the command.
MODERATOR_ACTIONS = {
    "publish": innovation_publish,
    "request_changes": innovation_request_changes,
    "reject": innovation_reject,
    "unpublish": innovation_unpublish,
}


@service
def innovation_reject_spam(*, innovations: Iterable[int], actor) -> int:
    """Reject obvious spam in bulk, without mailing the sender; returns how many moved."""
    rejected = 0
    for pk in innovations:
        try:
            innovation_reject(innovation=pk, actor=actor, note=_("Rejected as spam."), notify=False)
        except (TransitionError, Innovation.DoesNotExist):
            continue
        rejected += 1
    return rejected


@service
def innovation_feature(
    *,
    innovation: Innovation | int,
    actor,
    featured: bool = True,
    order: int | None = None,
    label=None,
) -> Innovation:
    """Put a published case on the home page at this order, or take it off."""
    with transaction.atomic():
        case = locked(innovation)
        if featured and case.state != State.PUBLISHED:
            raise TransitionError(
                _("Only a published case can be featured; this one is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        if (case.featured, case.featured_order) == (featured, order if featured else None):
            return case  # nothing to change, nothing to log
        case.featured = featured
        case.featured_order = order if featured else None
        case.save(update_fields=["featured", "featured_order", "updated_at"])
        if featured:
            note = (
                _("Featured on the home page (order %(order)s).") % {"order": order}
                if order is not None
                else _("Featured on the home page.")
            )
        else:
            note = _("Taken off the home page.")
        log_edit(
            case,
            actor=actor,
            fields=["featured", "featured_order"],
            note=note,
            label=label,
            event=Event.FEATURE if featured else Event.UNFEATURE,
        )
        if case.state == State.PUBLISHED:
            derived.cases_changed([case.pk])
    return case


@service
def innovation_delete(*, innovation: Innovation | int, actor) -> None:
    """Delete a case for good (the admin's delete); it leaves the index with it."""
    with transaction.atomic():
        case = locked(innovation)
        was_public = case.state == State.PUBLISHED
        pk, shown_by = case.pk, derived.dependents([case.pk])  # links go with it
        case.delete()
        if was_public:
            derived.cases_changed([pk], shown_by=shown_by)


def _slug_chosen(case: Innovation) -> bool:
    """Whether a moderator set the case's slug (the edit log says so)."""
    edits = case.edits.exclude(actor=None).values_list("fields", flat=True)
    return any("slug" in fields for fields in edits)
