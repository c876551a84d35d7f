"""Curation: the versions of a case, readers' suggested updates, collections and links."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .innovation import Innovation, State
from .media import random_name
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


def suggested_media_path(instance: "Suggestion", filename: str) -> str:
    return random_name("suggested-media", instance.media.get("content_type", ""))


class Suggestion(models.Model):
    """A reader's correction or update of a published case, waiting for a moderator.

    `changes` maps each field the reader changed to its new value; `base` is the version
    the reader saw; `media` a picture (its checked file in `media_file`, never public) or
    a video link to add. Nothing of it reaches the case until a moderator accepts it.
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
    media = models.JSONField(_("picture or video proposed"), default=dict, blank=True)
    media_file = models.FileField(
        _("file proposed"), upload_to=suggested_media_path, blank=True, max_length=200
    )
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


class Collection(models.Model):
    """An ordered list of cases that moderators curate, with a public page and feed."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cases = models.ManyToManyField(
        Innovation, through="CollectionItem", related_name="collections", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovations:collection", args=[self.slug])


class CollectionItem(models.Model):
    """A case's place in a collection."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="collection_items",
        verbose_name=_("innovation"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("case in a collection")
        verbose_name_plural = _("cases in collections")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "innovation"], name="collectionitem_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.innovation_id} ({self.order})"


class LinkKind(models.TextChoices):
    INSPIRED_BY = "inspired_by", _("Inspired by")
    SUCCESSOR_OF = "successor_of", _("Successor of")
    SAME_PROGRAMME = "same_programme", _("Part of the same programme as")


# How a link reads from the other case's page.
LINK_INVERSE = {
    LinkKind.INSPIRED_BY: _("Inspired"),
    LinkKind.SUCCESSOR_OF: _("Predecessor of"),
    LinkKind.SAME_PROGRAMME: _("Part of the same programme as"),
}


class CaseLink(models.Model):
    """A typed relation a moderator drew from one case to another; shown on both pages."""

    Kind = LinkKind

    source = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("case")
    )
    target = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("linked case")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=LinkKind)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("link between cases")
        verbose_name_plural = _("links between cases")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="caselink_once"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="caselink_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="caselink_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
