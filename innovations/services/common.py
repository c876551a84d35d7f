"""What every use case shares: the error a refused action raises, the row lock, and the
logs (state changes, edits, versions) each write leaves behind.

Only the modules of this package import it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import tasks, versions
from ..models import CaseEdit, CaseVersion, Event, Innovation, StateChange

State = Innovation.State


class TransitionError(Exception):
    """The case is not in a state that allows this action (someone else moved it)."""

    def __init__(self, message: str, *, state: str | None = None):
        super().__init__(message)
        self.message = message
        self.state = state


# States in which the contributor may still edit the case through the private link.
CONTRIBUTOR_EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


def actor_label(actor, default=None) -> str:
    if actor is None:
        return str(default or _("Contributor"))
    return actor.get_username()


def locked(innovation: Innovation | int) -> Innovation:
    pk = innovation if isinstance(innovation, int) else innovation.pk
    return Innovation.objects.select_for_update().get(pk=pk)


def log_state(
    case: Innovation, *, actor, from_state: str, note: str = "", label=None
) -> StateChange:
    return StateChange.objects.create(
        innovation=case,
        actor=actor,
        actor_label=actor_label(actor, label),
        from_state=from_state,
        to_state=case.state,
        note=note,
    )


def notify_after_commit(change: StateChange, *, moderators: bool = False) -> None:
    change_id = change.pk
    transaction.on_commit(lambda: tasks.notify_contributor.enqueue(change_id))
    if moderators:
        transaction.on_commit(tasks.schedule_digest)


def log_edit(
    case: Innovation,
    *,
    actor,
    fields: list[str],
    note: str = "",
    label=None,
    event: str = Event.EDIT,
) -> CaseEdit:
    return CaseEdit.objects.create(
        innovation=case,
        actor=actor,
        actor_label=actor_label(actor, label),
        fields=fields,
        note=note,
        event=event,
    )


def latest_version(case: Innovation) -> CaseVersion | None:
    return case.versions.order_by("-number").first()


def record_version(case: Innovation, *, actor, note: str = "", label=None) -> CaseVersion:
    """Record the case's public record now as its next version, unless the latest
    version already holds it in the same state. Called with the case's row locked."""
    latest = latest_version(case)
    record = versions.record(case)
    if latest is not None and latest.record == record and latest.state == case.state:
        return latest
    return CaseVersion.objects.create(
        innovation=case,
        number=latest.number + 1 if latest else 1,
        actor=actor,
        actor_label=actor_label(actor, label),
        state=case.state,
        fields=versions.changed(latest.record if latest else None, record),
        record=record,
        note=note,
    )


def baseline(case: Innovation) -> None:
    """A case written before versions were kept gets its record as it is now as its
    first version, so that the change about to be made has something to differ from."""
    if case.pk and not case.versions.exists():
        record_version(case, actor=None, label=_("Before history was kept"))
