"""Merging a duplicate into the case kept.

The duplicate is not deleted: it keeps its own record, provenance, versions and logs,
leaves the public catalogue and the queue (unpublished, and never published again), and
records `merged_into`, so that its public address redirects (301) to the kept case. The
links between cases that pointed to it or from it now point to or from the kept case,
and its collections hold the kept case instead. Both cases' logs say so.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import derived
from ..models import CaseLink, CollectionItem, Innovation
from .common import State, TransitionError, log_edit, log_state, record_version
from .guard import service


def _repoint_links(duplicate: Innovation, kept: Innovation) -> set[int]:
    """Move the duplicate's links to the kept case, in a fixed number of queries; a link
    the kept case already has, or one that would join it to itself, goes. Returns the
    other cases whose links changed."""
    mine = Q(source=duplicate) | Q(target=duplicate)
    theirs = Q(source=kept) | Q(target=kept)
    existing = set(CaseLink.objects.filter(theirs).values_list("source_id", "target_id", "kind"))
    drop, move_source, move_target, touched = [], [], [], set()
    for pk, source, target, kind in CaseLink.objects.filter(mine).values_list(
        "pk", "source_id", "target_id", "kind"
    ):
        moved = (
            kept.pk if source == duplicate.pk else source,
            kept.pk if target == duplicate.pk else target,
            kind,
        )
        touched.update({source, target})
        if moved[0] == moved[1] or moved in existing:
            drop.append(pk)
            continue
        existing.add(moved)
        (move_source if source == duplicate.pk else move_target).append(pk)
    CaseLink.objects.filter(pk__in=drop).delete()
    CaseLink.objects.filter(pk__in=move_source).update(source=kept)
    CaseLink.objects.filter(pk__in=move_target).update(target=kept)
    return touched - {kept.pk, duplicate.pk}


def _repoint_collections(duplicate: Innovation, kept: Innovation) -> None:
    holding_kept = CollectionItem.objects.filter(innovation=kept).values("collection_id")
    CollectionItem.objects.filter(innovation=duplicate, collection_id__in=holding_kept).delete()
    CollectionItem.objects.filter(innovation=duplicate).update(innovation=kept)


@service
def innovation_merge(
    *, duplicate: Innovation | int, kept: Innovation | int, actor, note: str = ""
) -> Innovation:
    """Merge `duplicate` into `kept`; returns the kept case."""
    pks = [getattr(duplicate, "pk", duplicate), getattr(kept, "pk", kept)]
    if pks[0] == pks[1]:
        raise TransitionError(_("A case cannot be merged into itself."))
    with transaction.atomic():
        # Locked in the order of their ids, as any other writer of both would.
        cases = {c.pk: c for c in Innovation.objects.select_for_update().filter(pk__in=pks)}
        duplicate, kept = cases[pks[0]], cases[pks[1]]
        if duplicate.merged_into_id or kept.merged_into_id:
            raise TransitionError(
                _("One of these cases has already been merged into another one."),
                state=duplicate.state,
            )
        shown_by = derived.dependents([duplicate.pk])
        was_public = duplicate.state == State.PUBLISHED
        from_state = duplicate.state
        duplicate.merged_into = kept
        duplicate.state = State.UNPUBLISHED
        duplicate.featured, duplicate.featured_order = False, None
        duplicate.save()
        text = _("Merged into “%(title)s” (case %(pk)s).") % {"title": kept.title, "pk": kept.pk}
        note = f"{text} {note}".strip()
        log_state(duplicate, actor=actor, from_state=from_state, note=note)
        record_version(duplicate, actor=actor, note=text)
        touched = _repoint_links(duplicate, kept)
        _repoint_collections(duplicate, kept)
        log_edit(
            kept,
            actor=actor,
            fields=[],
            note=_("“%(title)s” (case %(pk)s) merged into this case.")
            % {"title": duplicate.title, "pk": duplicate.pk},
        )
        kept.save()  # a new version of its cached page (its links may have changed)
        if was_public:
            derived.cases_changed([duplicate.pk], shown_by=shown_by | touched)
        if kept.state == State.PUBLISHED or touched:
            derived.shown_changed({kept.pk, *touched})
    return kept
