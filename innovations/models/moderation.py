"""The moderation log, the edit log and the anti-spam counters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .innovation import Innovation, State


class StateChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("This log is append-only.")

    def delete(self):
        raise TypeError("This log is append-only.")


class LogLine(models.Model):
    """A line of one of a case's logs: who and when. Written only by
    `innovations.services`; a saved line is never updated or deleted (it goes only with
    its case)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Empty for the contributor (through the status link), an import or a command."),
    )
    actor_label = models.CharField(_("actor"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = StateChangeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("This log is append-only: a line is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("This log is append-only: a line is never deleted.")


class StateChange(LogLine):
    """One line of a case's moderation log: who moved it, from which state to which, why."""

    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="state_changes",
        verbose_name=_("innovation"),
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State)

    class Meta(LogLine.Meta):
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_state__in=State.values), name="statechange_to_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(from_state__in=[*State.values, ""]),
                name="statechange_from_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.innovation_id}: {self.from_state or '-'} → {self.to_state}"


class Event(models.TextChoices):
    """What a line of the edit log records, by its own name."""

    EDIT = "edit", _("Edited")
    IMPORT = "import", _("Updated by an import")
    FEATURE = "feature", _("Featured")
    UNFEATURE = "unfeature", _("Taken off the home page")
    VERIFY = "verify", _("Verified")
    REVERT = "revert", _("Reverted")
    SUGGESTION = "suggestion", _("Suggested update accepted")


class CaseEdit(LogLine):
    """One event of a case that is not a change of state: an edit of its content, tags,
    countries or parts (which fields), its featuring, verification, a revert or an
    accepted suggestion, each under its own name (`event`)."""

    Event = Event

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="edits", verbose_name=_("innovation")
    )
    fields = models.JSONField(_("fields"), default=list)
    event = models.CharField(
        _("event"), max_length=20, choices=Event, default=Event.EDIT, db_default=Event.EDIT
    )

    class Meta(LogLine.Meta):
        verbose_name = _("edit")
        verbose_name_plural = _("edits")

    def __str__(self) -> str:
        return f"{self.innovation_id}: {', '.join(self.fields)}"
