"""Bulk actions: one change applied to a moderator's selection of cases.

Each case is changed as a single edit or move would change it (the same `store_edit`
and transitions: logged, versioned, re-indexed when public), in one transaction, and at
most `MAX_BULK` cases at once; the re-indexing is done once for all of them at the end
(`derived.batched`). A case the change does not apply to (already tagged, in
a state it cannot leave that way) is reported, not an error.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .. import derived
from ..models import Approach, EnablingFactor, Innovation, Sector
from .common import TransitionError
from .content import store_edit
from .guard import service
from .moderation import innovation_publish, innovation_reject

MAX_BULK = 100
# The relation of a case to each vocabulary, by the vocabulary's model.
RELATIONS = {Sector: "sectors", Approach: "approaches", EnablingFactor: "enabling_factors"}


class TooMany(ValueError):
    """More cases than one bulk action may change."""


@dataclass
class BulkResult:
    """The cases changed, those already as asked, and those the change could not apply to."""

    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def _selection(innovations: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(int(getattr(pk, "pk", pk)) for pk in innovations))
    if len(ids) > MAX_BULK:
        raise TooMany(
            _("A bulk action changes at most %(max)s cases; %(count)s were selected.")
            % {"max": MAX_BULK, "count": len(ids)}
        )
    return ids


def _edit_each(ids: list[int], change, *, actor, note: str) -> BulkResult:
    """Apply `change(case) -> data` to each locked case through `store_edit`."""
    result = BulkResult()
    with transaction.atomic(), derived.batched():
        cases = Innovation.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        found = set()
        for case in cases:
            found.add(case.pk)
            store_edit(case, change(case), None, actor=actor, note=note)
            (result.changed if case.changed_fields else result.unchanged).append(case.pk)
        result.refused = [pk for pk in ids if pk not in found]
    return result


@service
def innovations_tag(
    *, innovations: Iterable[int], tag: Sector | Approach | EnablingFactor, add: bool, actor
) -> BulkResult:
    """Add a term of a vocabulary to (or remove it from) each selected case."""
    relation = RELATIONS[type(tag)]
    note = (_("Bulk action: added “%(tag)s”.") if add else _("Bulk action: removed “%(tag)s”.")) % {
        "tag": tag.name
    }

    def change(case):
        have = set(getattr(case, relation).values_list("pk", flat=True))
        return {relation: have | {tag.pk} if add else have - {tag.pk}}

    return _edit_each(_selection(innovations), change, actor=actor, note=note)


@service
def innovations_set(*, innovations: Iterable[int], field: str, value, actor) -> BulkResult:
    """Set each selected case's sector (its only one then) or level of government."""
    if field == "sectors":
        if not isinstance(value, Sector):
            raise ValueError("the sector is a Sector")
        data, shown = {"sectors": [value.pk]}, value.name
    elif field == "level":
        if value not in Innovation.Level.values:
            raise ValueError(f"not a level of government: {value!r}")
        data, shown = {"level": value}, Innovation.Level(value).label
    else:
        raise ValueError(f"not a field bulk actions set: {field!r}")
    note = _("Bulk action: set %(field)s to “%(value)s”.") % {
        "field": Innovation._meta.get_field(field).verbose_name,
        "value": shown,
    }
    return _edit_each(_selection(innovations), lambda case: data, actor=actor, note=note)


def _move_each(ids: list[int], move) -> BulkResult:
    result = BulkResult()
    with transaction.atomic(), derived.batched():
        for pk in ids:
            try:
                move(pk)
            except (TransitionError, Innovation.DoesNotExist):
                result.refused.append(pk)
            else:
                result.changed.append(pk)
    return result


@service
def innovations_publish(*, innovations: Iterable[int], actor) -> BulkResult:
    """Publish each selected case that may be published (submitted or unpublished)."""
    ids = _selection(innovations)
    return _move_each(ids, lambda pk: innovation_publish(innovation=pk, actor=actor))


@service
def innovations_reject(*, innovations: Iterable[int], actor, note: str) -> BulkResult:
    """Reject each selected submission with the same message to its contributor."""
    ids = _selection(innovations)
    if not (note or "").strip():
        raise TransitionError(_("Please write a message for the contributor."))
    return _move_each(ids, lambda pk: innovation_reject(innovation=pk, actor=actor, note=note))
