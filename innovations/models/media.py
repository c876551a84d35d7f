"""Pictures, documents and video links of a case.

Files are stored through Django's storage API under random names (`case-media/<random>`),
never under the name they were uploaded with, and served by a view that checks the case:
only a published case's media are public (see `innovations/views/media.py`).
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .innovation import Innovation

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def random_name(folder: str, content_type: str) -> str:
    """A random name; the extension is the one of the checked type, never the upload's."""
    return f"{folder}/{secrets.token_hex(16)}.{EXTENSIONS.get(content_type, 'bin')}"


def media_path(instance: "CaseMedia", filename: str) -> str:
    return random_name("case-media", instance.content_type)


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document (PDF)")
    VIDEO = "video", _("Video link")


class CaseMedia(models.Model):
    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="media", verbose_name=_("innovation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind)
    file = models.FileField(_("file"), upload_to=media_path, blank=True, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # What the medium really takes in the store: its file and its smaller copies. The
    # per-case cap (`OPSI_MEDIA["CASE_BYTES"]`) bounds the sum of these.
    stored_bytes = models.PositiveIntegerField(_("bytes stored, with the copies"), default=0)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    url = models.URLField(_("video address"), blank=True)
    title = models.CharField(_("title"), max_length=200)
    alt_text = models.CharField(_("alternative text"), max_length=300, blank=True)
    credit = models.CharField(_("credit and licence"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    # Smaller copies of a picture, narrowest first: [{"width", "height", "name"}], each
    # stored like the file (`innovations.media_services`); empty until they are made.
    renditions = models.JSONField(_("smaller copies"), default=list, blank=True)

    class Meta:
        verbose_name = _("case media")
        verbose_name_plural = _("case media")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["image", "document", "video"]),
                name="case_media_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title
