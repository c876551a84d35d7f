"""Writes of a case's media: added and removed only while the contributor may edit the
case (a draft, or sent back for changes), so the moderators review them with the case
and a published case's media never change under its cached page. A rejected case's
media, and a deleted case's files, are removed.

Keyword-only and atomic like `services`.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from .models import CaseMedia, Innovation, MediaKind, StateChange
from .uploads import Checked

EDITABLE = {Innovation.State.DRAFT, Innovation.State.CHANGES_REQUESTED}


class MediaError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def media_add(
    *,
    innovation: Innovation | int,
    kind: str,
    title: str,
    checked: Checked | None = None,
    url: str = "",
    alt_text: str = "",
    credit: str = "",
) -> CaseMedia:
    """Add an image or a PDF (`checked` by `uploads`) or a video link to an editable case,
    within the per-case caps."""
    pk = innovation if isinstance(innovation, int) else innovation.pk
    limits = settings.OPSI_MEDIA
    with transaction.atomic():
        case = Innovation.objects.select_for_update().get(pk=pk)
        if case.state not in EDITABLE:
            raise MediaError(_("Media can be added only to a draft or a case sent back."))
        held = CaseMedia.objects.filter(innovation=case).aggregate(n=Count("pk"), b=Sum("size"))
        if held["n"] >= limits["PER_CASE"]:
            raise MediaError(
                _("A case has at most %(n)s pictures, documents and videos.")
                % {"n": limits["PER_CASE"]}
            )
        size = len(checked.data) if checked else 0
        if (held["b"] or 0) + size > limits["CASE_BYTES"]:
            raise MediaError(
                _("The files of a case take at most %(mb)s MB in all.")
                % {"mb": limits["CASE_BYTES"] // (1024 * 1024)}
            )
        media = CaseMedia(
            innovation=case,
            kind=kind,
            title=title,
            url=url if kind == MediaKind.VIDEO else "",
            alt_text=alt_text,
            credit=credit,
        )
        if checked is not None and kind != MediaKind.VIDEO:
            media.content_type = checked.content_type
            media.size = size
            media.width, media.height = checked.width, checked.height
            media.file.save("upload", ContentFile(checked.data), save=False)
            name = media.file.name
            try:
                media.save()
            except Exception:
                media.file.storage.delete(name)
                raise
        else:
            media.save()
    return media


def media_remove(*, media: CaseMedia | int, innovation: Innovation | int) -> None:
    """Remove one medium of an editable case (its file goes after the commit)."""
    case_pk = innovation if isinstance(innovation, int) else innovation.pk
    pk = media if isinstance(media, int) else media.pk
    with transaction.atomic():
        case = Innovation.objects.select_for_update().get(pk=case_pk)
        if case.state not in EDITABLE:
            raise MediaError(_("Media can be removed only from a draft or a case sent back."))
        for found in CaseMedia.objects.filter(pk=pk, innovation=case):
            found.delete()


def _file_gone(sender, instance: CaseMedia, **kwargs) -> None:
    """A medium's row is deleted (alone, or with its case): its file follows it."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _rejected(sender, instance: StateChange, created: bool, **kwargs) -> None:
    """A rejected case's files are removed: they will never be public."""
    if created and instance.to_state == Innovation.State.REJECTED:
        for found in CaseMedia.objects.filter(innovation_id=instance.innovation_id):
            found.delete()


post_delete.connect(_file_gone, sender=CaseMedia, dispatch_uid="case-media-file")
post_save.connect(_rejected, sender=StateChange, dispatch_uid="case-media-rejected")
