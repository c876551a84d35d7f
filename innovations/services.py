"""Writes to a case: the moderation state machine and the contributor's own edits.

Views, the admin and management commands all call these functions, so the rules live
here only. Each one runs in a transaction, locks the case's row (select_for_update on
PostgreSQL; on SQLite the IMMEDIATE transaction mode takes the database write lock at
BEGIN) and checks the state it finds: of two moderators acting at once, exactly one
moves the case and the other gets a `TransitionError` saying where the case now is.
Mail goes out through `innovations.tasks`, queued only once the transaction commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import tasks
from .models import Innovation, StateChange, unique_slug

State = Innovation.State
STATUS_SALT = "innovations.status-link"


class TransitionError(Exception):
    """The case is not in a state that allows this action (someone else moved it)."""

    def __init__(self, message: str, *, state: str | None = None):
        super().__init__(message)
        self.message = message
        self.state = state


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
# States in which the contributor may still edit the case through the private link.
CONTRIBUTOR_EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


def allowed_actions(state: str) -> list[str]:
    """The transitions a moderator may apply to a case in this state."""
    return [t.name for t in TRANSITIONS.values() if state in t.sources and t.name != "submit"]


# -- the private status link ------------------------------------------------------------


def status_token(innovation: Innovation) -> str:
    """The signed, unguessable token of the case's private status link."""
    # A plain Signer (no timestamp): the link is the same in every mail and never expires;
    # changing the case's status_key revokes it.
    return signing.Signer(salt=STATUS_SALT).sign_object([innovation.pk, innovation.status_key])


def innovation_from_token(token: str) -> Innovation | None:
    """The case a status token points to, or None if it is forged or revoked."""
    try:
        pk, key = signing.Signer(salt=STATUS_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return Innovation.objects.filter(pk=pk, status_key=key).first()


def reference(innovation: Innovation) -> str:
    """The receipt reference a contributor can quote."""
    return f"OPSI-{innovation.pk:06d}"


# -- helpers ------------------------------------------------------------------------------


def _label(actor) -> str:
    if actor is None:
        return _("Contributor")
    return actor.get_username()


def _locked(innovation: Innovation | int) -> Innovation:
    pk = innovation if isinstance(innovation, int) else innovation.pk
    return Innovation.objects.select_for_update().get(pk=pk)


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
    "feature": gettext_lazy("featured"),
}


def _log(case: Innovation, *, actor, from_state: str, note: str = "") -> StateChange:
    return StateChange.objects.create(
        innovation=case,
        actor=actor,
        actor_label=_label(actor),
        from_state=from_state,
        to_state=case.state,
        note=note,
    )


def _notify_after_commit(change: StateChange, *, moderators: bool = False) -> None:
    change_id = change.pk
    transaction.on_commit(lambda: tasks.notify_contributor.enqueue(change_id))
    if moderators:
        case_id = change.innovation_id
        transaction.on_commit(lambda: tasks.notify_moderators.enqueue(case_id))


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
        case = _locked(innovation)
        if case.state not in transition.sources or (
            expected_state is not None and case.state != expected_state
        ):
            raise _moved(case, name)
        from_state = case.state
        now = timezone.now()
        case.state = transition.target
        if name == "submit":
            case.submitted_at = now
        elif name == "publish":
            if case.published_at is None and not case.slug.startswith(slugify(case.title)[:200]):
                case.slug = ""
                case.slug = unique_slug(case.title)
            case.published_at = case.published_at or now
            case.moderator_message = ""
        elif name in {"request_changes", "reject"}:
            case.moderator_message = note
        elif name == "unpublish":
            case.featured = False
            case.featured_order = None
        case.save()
        change = _log(case, actor=actor, from_state=from_state, note=note)
        if notify:
            _notify_after_commit(change, moderators=name == "submit")
    return case


# -- the transitions ------------------------------------------------------------------------


def innovation_submit(*, innovation: Innovation | int, actor=None) -> Innovation:
    """Send a draft (or a case sent back for changes) to the moderators."""
    return _apply("submit", innovation=innovation, actor=actor)


def innovation_publish(
    *, innovation: Innovation | int, actor, note: str = "", expected_state: str | None = None
) -> Innovation:
    """Make a submitted (or unpublished) case public."""
    return _apply(
        "publish", innovation=innovation, actor=actor, note=note, expected_state=expected_state
    )


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


def innovation_feature(
    *, innovation: Innovation | int, actor, featured: bool = True, order: int | None = None
) -> Innovation:
    """Put a published case on the home page at this order, or take it off."""
    with transaction.atomic():
        case = _locked(innovation)
        if featured and case.state != State.PUBLISHED:
            raise _moved(case, "feature")
        case.featured = featured
        case.featured_order = order if featured else None
        case.save(update_fields=["featured", "featured_order", "updated_at"])
        if featured:
            note = _("Featured on the home page (order %(order)s).") % {"order": order or "-"}
        else:
            note = _("Taken off the home page.")
        _log(case, actor=actor, from_state=case.state, note=note)
    return case


# -- edits ----------------------------------------------------------------------------------


def _take_edits(form, current: Innovation) -> None:
    """Apply the form's fields to the freshly locked row, so that nothing the form does
    not own (state, featured, dates) is written back from a stale copy."""
    construct_instance(form, current, form._meta.fields, form._meta.exclude)
    form.instance = current


def innovation_save_draft(*, form, extras: Iterable = ()) -> Innovation:
    """Save what a contributor typed: a new draft, or their edit of a draft or of a case
    sent back for changes. `form` is a bound, valid submission form; `extras` are the
    (form, save hook) pairs other apps add to it."""
    with transaction.atomic():
        creating = form.instance.pk is None
        if not creating:
            current = _locked(form.instance)
            if current.state not in CONTRIBUTOR_EDITABLE:
                raise TransitionError(
                    _("This case can no longer be edited: it is now “%(state)s”.")
                    % {"state": current.get_state_display()},
                    state=current.state,
                )
            _take_edits(form, current)
        else:
            form.instance.state = State.DRAFT
        case = form.save()
        for extra_form, save in extras:
            save(extra_form, case)
        if creating:
            change = _log(case, actor=None, from_state="", note=_("Draft started."))
            # The contributor gets the private link by mail, if they gave an address.
            _notify_after_commit(change)
    return case


def innovation_update(*, form, actor, extras: Iterable = ()) -> Innovation:
    """Save a moderator's edit of a case, in any state, and note it in the log."""
    with transaction.atomic():
        _take_edits(form, _locked(form.instance))
        case = form.save()
        for extra_form, save in extras:
            save(extra_form, case)
        _log(case, actor=actor, from_state=case.state, note=_("Edited by a moderator."))
    return case
