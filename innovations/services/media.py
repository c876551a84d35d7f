"""Derived files of the cases' media: the smaller copies of pictures stored before they
were made (or with other widths), made again by `manage.py media_renditions`."""

from django.db import transaction

from .. import derived, media_services
from ..models import CaseMedia, MediaKind
from .guard import service


@service
def media_renditions_make() -> int:
    """Make every stored picture's missing smaller copies (idempotent) and renew the
    pages and cards of the cases that show them; returns how many pictures gained some."""
    made, cases = 0, set()
    pictures = CaseMedia.objects.filter(kind=MediaKind.IMAGE).exclude(file="").order_by("pk")
    for media in pictures.iterator():
        with transaction.atomic():
            if media_services.renditions_make(media):
                made += 1
                cases.add(media.innovation_id)
    if cases:
        with transaction.atomic():
            derived.shown_changed(cases)
    return made
