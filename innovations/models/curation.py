"""Curation: the versions of a case, readers' suggested updates, collections and links."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .innovation import Innovation, State
from .moderation import LogLine


class CaseVersion(LogLine):
    """A case's public record (content, tags, countries, parts) after one change.

    Written by `innovations.services` in the writer's transaction after every create,
    edit, import, revert, accepted suggestion and publication; append-only. `record`
    holds no contributor's personal data (see `innovations.versions.record`); `state`
    is the case's state when the version was recorded: the public history lists only
    the versions recorded while the case was published.
    """

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("innovation")
    )
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(_("state"), max_length=20, choices=State)
    fields = models.JSONField(_("fields changed"), default=list)
    record = models.JSONField(_("record"))

    class Meta(LogLine.Meta):
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["innovation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "number"], name="caseversion_once")
        ]

    def __str__(self) -> str:
        return f"{self.innovation_id} v{self.number}"


class Suggestion(models.Model):
    """A reader's correction or update of a published case, waiting for a moderator.

    `changes` maps each field the reader changed to its new value; `base` is the version
    the reader saw. Nothing of it reaches the case until a moderator accepts it.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("innovation"),
    )
    base = models.ForeignKey(
        CaseVersion,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("version suggested against"),
    )
    changes = models.JSONField(_("changes"), default=dict)
    message = models.TextField(_("message from the reader"), blank=True)
    name = models.CharField(_("reader's name"), max_length=200, blank=True)
    email = models.EmailField(_("reader's e-mail"), blank=True)
    state = models.CharField(
        _("decision"), max_length=20, choices=Decision, default=Decision.PENDING
    )
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reply = models.TextField(
        _("note to the reader"), blank=True, help_text=_("The reason for a decline.")
    )
    version = models.ForeignKey(
        CaseVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version it made"),
    )

    class Meta:
        verbose_name = _("suggested update")
        verbose_name_plural = _("suggested updates")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="suggestion_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "declined"]),
                name="suggestion_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.innovation_id}: {', '.join(self.changes)}"
