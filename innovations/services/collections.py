"""Collections of cases and typed links between cases.

Called by the collection pages and the curation pages (moderators). A collection or a
link is shown on the pages of the cases it holds: each change gives those cases a new
`updated_at` (their cached page) and re-indexes the published ones.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from .. import derived
from ..models import CaseLink, Collection, CollectionItem, Innovation
from .guard import service

_touch = derived.shown_changed  # pages showing a collection or link that changed


@service
def collection_save(
    *, collection: Collection | None = None, title: str, description: str = "", slug: str = ""
) -> Collection:
    """Create a collection, or change its title and description (its slug stays)."""
    with transaction.atomic():
        if collection is None:
            base = slugify(slug or title)[:200] or "collection"
            slug, n = base, 1
            while Collection.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            collection = Collection(slug=slug)
        collection.title, collection.description = title.strip(), description.strip()
        collection.full_clean()
        collection.save()
        _touch(collection.items.values_list("innovation_id", flat=True))
    return collection


@service
def collection_set_cases(*, collection: Collection | int, cases: list[int]) -> Collection:
    """The collection's cases, in this order (ids; unknown ones are left out)."""
    with transaction.atomic():
        found = Collection.objects.select_for_update().get(pk=getattr(collection, "pk", collection))
        wanted = list(dict.fromkeys(cases))
        known = set(Innovation.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        wanted = [pk for pk in wanted if pk in known]
        before = dict(found.items.values_list("innovation_id", "order"))
        found.items.exclude(innovation_id__in=wanted).delete()
        for order, pk in enumerate(wanted):
            CollectionItem.objects.update_or_create(
                collection=found, innovation_id=pk, defaults={"order": order}
            )
        after = {pk: order for order, pk in enumerate(wanted)}
        changed = {pk for pk in {*before, *after} if before.get(pk) != after.get(pk)}
        found.save()  # moves updated_at, for the sitemap and the feed
        _touch(changed)
    return found


@service
def collection_add_case(*, collection: Collection | int, case: Innovation | int) -> bool:
    """Put a case last in the collection; False (and nothing written) if it is already in
    it. Raises Innovation.DoesNotExist for an unknown case."""
    case_id = getattr(case, "pk", case)
    with transaction.atomic():
        found = Collection.objects.select_for_update().get(pk=getattr(collection, "pk", collection))
        if not Innovation.objects.filter(pk=case_id).exists():
            raise Innovation.DoesNotExist(f"no case {case_id}")
        if found.items.filter(innovation_id=case_id).exists():
            return False
        last = found.items.aggregate(last=Max("order"))["last"]
        CollectionItem.objects.create(
            collection=found, innovation_id=case_id, order=0 if last is None else last + 1
        )
        found.save()  # moves updated_at, for the sitemap and the feed
        _touch([case_id])
    return True


@service
def collection_delete(*, collection: Collection | int) -> None:
    with transaction.atomic():
        found = Collection.objects.select_for_update().get(pk=getattr(collection, "pk", collection))
        members = list(found.items.values_list("innovation_id", flat=True))
        found.delete()
        _touch(members)


@service
def case_link(*, source: Innovation | int, target: Innovation | int, kind: str) -> CaseLink:
    """Link two cases with a typed relation (shown on both pages); once per kind."""
    source_id, target_id = getattr(source, "pk", source), getattr(target, "pk", target)
    if source_id == target_id:
        raise ValueError("a case cannot be linked to itself")
    if kind not in CaseLink.Kind.values:
        raise ValueError(f"not a kind of link: {kind}")
    with transaction.atomic():
        link, _created = CaseLink.objects.get_or_create(
            source_id=source_id, target_id=target_id, kind=kind
        )
        _touch([source_id, target_id])
    return link


@service
def case_unlink(*, link: CaseLink | int) -> None:
    with transaction.atomic():
        found = CaseLink.objects.filter(pk=getattr(link, "pk", link)).first()
        if found is not None:
            found.delete()
            _touch([found.source_id, found.target_id])
