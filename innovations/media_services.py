"""Writes of a case's media: added and removed by the contributor only while they may
edit the case (a draft, or sent back for changes), so the moderators review them with
the case; a published case gains one only from an accepted suggestion (`attach`, called
by `innovations.services`, which renews its pages). A picture is stored with smaller
copies (`renditions`) that follow it. A rejected case's media, and a deleted case's
files (and its suggestions' files), are removed.

Keyword-only and atomic like `services`.
"""

import functools

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import uploads
from .models import CaseMedia, Innovation, MediaKind, StateChange, Suggestion
from .models.media import random_name
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
    with transaction.atomic():
        case = Innovation.objects.select_for_update().get(pk=pk)
        if case.state not in EDITABLE:
            raise MediaError(_("Media can be added only to a draft or a case sent back."))
        return attach(
            case=case, kind=kind, title=title, checked=checked, url=url, alt_text=alt_text,
            credit=credit,
        )  # fmt: skip


def attach(
    *,
    case: Innovation,
    kind: str,
    title: str,
    checked: Checked | None = None,
    url: str = "",
    alt_text: str = "",
    credit: str = "",
) -> CaseMedia:
    """Store a medium of a case whose row the caller holds, within the per-case caps
    (`media_add`; an accepted suggestion, through `innovations.services`)."""
    copies = room_for(case=case, kind=kind, checked=checked)
    size = len(checked.data) if checked and kind != MediaKind.VIDEO else 0
    needed = size + sum(len(copy.data) for copy in copies)
    media = CaseMedia(
        innovation=case,
        kind=kind,
        title=title,
        url=url if kind == MediaKind.VIDEO else "",
        alt_text=alt_text,
        credit=credit,
    )
    if not size:
        media.save()
        return media
    media.content_type = checked.content_type
    media.size, media.stored_bytes = size, needed
    media.width, media.height = checked.width, checked.height
    media.file.save("upload", ContentFile(checked.data), save=False)
    try:
        media.renditions = _store_copies(media, copies)
        media.save()
    except Exception:
        for name in _names(media):
            media.file.storage.delete(name)
        raise
    return media


def room_for(*, case: Innovation | int, kind: str, checked: Checked | None) -> list[Checked]:
    """The smaller copies the site would store of this medium, if the case's caps leave
    room for it and them (else `MediaError`): checked when a medium is attached, and
    when a reader proposes one (again when it is accepted: the case may have changed)."""
    limits = settings.OPSI_MEDIA
    held = CaseMedia.objects.filter(innovation=case).aggregate(n=Count("pk"), b=Sum("stored_bytes"))
    if held["n"] >= limits["PER_CASE"]:
        raise MediaError(
            _("A case has at most %(n)s pictures, documents and videos.")
            % {"n": limits["PER_CASE"]}
        )
    size = len(checked.data) if checked and kind != MediaKind.VIDEO else 0
    copies = []
    if size and kind == MediaKind.IMAGE:
        copies = uploads.resized(checked, limits["RENDITION_WIDTHS"])
    _within_cap(held["b"] or 0, size + sum(len(copy.data) for copy in copies), limits["CASE_BYTES"])
    return copies


def _within_cap(held: int, needed: int, cap: int) -> None:
    """Refuse a file whose bytes, with the copies the site would make of it, pass what
    is left of the case's cap: the cap bounds what the case really stores."""
    if held + needed > cap:
        raise MediaError(
            _(
                "The files of a case, with the smaller copies made of its pictures, take "
                "at most %(cap)s in all: %(left)s is left, and this file needs %(needed)s."
            )
            % {
                "cap": filesizeformat(cap),
                "left": filesizeformat(max(0, cap - held)),
                "needed": filesizeformat(needed),
            }
        )


def _names(media: CaseMedia) -> list[str]:
    """Every stored file of a medium: the file and its smaller copies."""
    return [name for name in (media.file.name, *(r["name"] for r in media.renditions)) if name]


def _store_copies(media: CaseMedia, copies: list[Checked]) -> list[dict]:
    """Store the smaller copies of a picture (`uploads.resized`), under random names."""
    made: list[dict] = []
    storage = media.file.storage
    try:
        for copy in copies:
            name = storage.save(
                random_name("case-media", copy.content_type), ContentFile(copy.data)
            )
            made.append({"width": copy.width, "height": copy.height, "name": name})
    except Exception:
        for entry in made:
            storage.delete(entry["name"])
        raise
    return made


def renditions_make(media: CaseMedia) -> bool:
    """Make the smaller copies a stored picture lacks (made before copies existed, or
    with other widths); False if it lacks none. Idempotent. They count in the case's
    stored bytes but are never refused: the picture was accepted already."""
    if media.kind != MediaKind.IMAGE or not media.file or not media.width:
        return False
    have = {r["width"] for r in media.renditions}
    wanted = [w for w in settings.OPSI_MEDIA["RENDITION_WIDTHS"] if w < media.width]
    if set(wanted) <= have:
        return False
    with media.file.open("rb") as handle:
        checked = Checked(handle.read(), media.content_type, media.width, media.height)
    copies = uploads.resized(checked, [w for w in wanted if w not in have])
    made = _store_copies(media, copies)
    media.renditions = sorted([*media.renditions, *made], key=lambda r: r["width"])
    media.stored_bytes += sum(len(copy.data) for copy in copies)
    try:
        media.save(update_fields=["renditions", "stored_bytes"])
    except Exception:
        for entry in made:
            media.file.storage.delete(entry["name"])
        raise
    return bool(made)


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
    """A medium's row is deleted (alone, or with its case): its files follow it."""
    names, storage = _names(instance), instance.file.storage
    for name in names:
        transaction.on_commit(functools.partial(storage.delete, name))


def _suggested_file_gone(sender, instance: Suggestion, **kwargs) -> None:
    """A suggestion is deleted with its case: the file it proposed goes too."""
    name, storage = instance.media_file.name, instance.media_file.storage
    if name:
        transaction.on_commit(functools.partial(storage.delete, name))


def _rejected(sender, instance: StateChange, created: bool, **kwargs) -> None:
    """A rejected case's files are removed: they will never be public."""
    if created and instance.to_state == Innovation.State.REJECTED:
        for found in CaseMedia.objects.filter(innovation_id=instance.innovation_id):
            found.delete()


post_delete.connect(_file_gone, sender=CaseMedia, dispatch_uid="case-media-file")
post_delete.connect(_suggested_file_gone, sender=Suggestion, dispatch_uid="suggested-media-file")
post_save.connect(_rejected, sender=StateChange, dispatch_uid="case-media-rejected")
