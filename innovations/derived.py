"""Owns every store derived from the cases: what it is keyed by, and what makes it stale.

The stores (the README's "Derived data" lists them with their rebuild and verify): the
full-text index (`innovations.search`), each worker's facet index and its snapshot file
(`innovations.facets`), the remembered text matches of a facet index, rendered cards,
case articles, the API's result entries, the OpenAPI schema and the public pages' ETags.

Writes: the services call `cases_changed` with the ids of the cases whose public record
changed (published, unpublished, edited, deleted), in the writer's transaction. It
expands them to the published cases whose page shows them through a stored relation
(the cases linked to them), re-indexes the changed cases' text, moves those dependents'
version (their `updated_at`, as for any change of what their page shows), moves the
catalogue revision by one and logs all of them in `IndexChange`, so that every worker
replays exactly those cases. A rollback undoes it all. `shown_changed` is the same for
cases whose page shows a collection or a link that changed. Writes the public cannot see
(drafts, submissions) touch none of it. What is computed when a page is rendered (its
similar cases) cannot be found from the write: a cached article records the version of
every case it shows (`shows`) and is rendered again when one of them moved or left
(`fresh`).

Keys: every cache key, ETag and snapshot name is made by `key`, which starts with the
release id (`OPSI_RELEASE`, set per deploy; by default a hash of the code, templates and
compiled translations, so a deploy that changes a template makes new keys) and the
catalogue's generation (moved by a vocabulary change, `search_index rebuild` and
`restore`). Versioned keys are never invalidated by deletion: a stale entry is simply
never looked up again, and the cache's own eviction reclaims it.
"""

import contextvars
import functools
import hashlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import search
from .models import CaseLink, CatalogueRevision, IndexChange, Innovation
from .models.revision import new_snapshot_id

Progress = Callable[[int, int], None] | None
ROOT = Path(__file__).resolve().parent.parent
# What a deploy changes that shows in cached HTML or JSON: code, templates, translations.
RELEASE_FILES = (
    ("innovations", "**/*.py"),
    ("coproduction", "**/*.py"),
    ("opsi", "**/*.py"),
    ("templates", "**/*.html"),
    ("locale", "**/*.mo"),
)


# -- keys ------------------------------------------------------------------------------


@functools.cache
def code_release() -> str:
    """A hash of the code, templates and compiled translations (once per process)."""
    digest = hashlib.sha256()
    for folder, pattern in RELEASE_FILES:
        for path in sorted((ROOT / folder).glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release() -> str:
    """This deploy's id: `OPSI_RELEASE` if set, else the hash of the code."""
    return settings.OPSI_RELEASE or code_release()


def key(kind: str, *parts, generation: int) -> str:
    """The one maker of cache keys, ETags and snapshot names: release, generation, kind,
    then the parts that say which entry (language, case, version...)."""
    return ":".join(["opsi", release(), str(generation), kind, *map(str, parts)])


def etag(generation: int, revision: int, *parts) -> str:
    """A weak ETag of the catalogue's state (and whatever else the page depends on)."""
    tag = key("etag", revision, *parts, generation=generation)
    return f'W/"{hashlib.sha256(tag.encode()).hexdigest()[:32]}"'


def snapshot_name(generation: int) -> str | None:
    """The file name of this catalogue's facet snapshot at this generation, or None
    while the catalogue has no revision row (nothing was ever published)."""
    snapshot = CatalogueRevision.objects.filter(pk=1).values_list("snapshot", flat=True).first()
    if not snapshot:
        return None
    digest = hashlib.sha256(key("facets", generation=generation).encode()).hexdigest()[:16]
    return f"facets-{snapshot}-{digest}.pickle"


def renew(generation: int) -> None:
    """After a restore: a new generation (new keys, every worker builds afresh) and a
    new snapshot id (no worker loads a file of the replaced catalogue)."""
    defaults = {"generation": generation}
    with connection.cursor() as cursor:
        table = CatalogueRevision._meta.db_table
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    if "snapshot" in columns:  # (a backup older than the snapshot id has none)
        defaults["snapshot"] = new_snapshot_id()
    CatalogueRevision.objects.update_or_create(pk=1, defaults=defaults)


# -- cached entries that show other cases ------------------------------------------------


def shows(index, ids: Iterable[int]) -> dict[int, int | None]:
    """What an entry records of the cases it shows: their versions in this index."""
    return {pk: index.version(pk) for pk in ids}


def fresh(entry: dict | None, index) -> bool:
    """Whether a cached entry still holds: same generation, and every case it shows at
    the same version (none edited, none gone from the public catalogue)."""
    if entry is None or entry.get("generation") != index.generation:
        return False
    return all(index.version(pk) == version for pk, version in entry["shows"].items())


# -- writes --------------------------------------------------------------------------------


def dependents(ids: Iterable[int]) -> set[int]:
    """The published cases, other than these, whose page shows one of these (a link)."""
    ids = set(ids)
    if not ids:
        return set()
    links = CaseLink.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    found = {pk for pair in links.values_list("source_id", "target_id") for pk in pair}
    found -= ids
    if not found:
        return set()
    return set(Innovation.objects.published().filter(pk__in=found).values_list("pk", flat=True))


# The cases changed inside `batched()`, re-indexed together when it ends.
_batch: contextvars.ContextVar[dict | None] = contextvars.ContextVar("opsi_batch", default=None)


@contextmanager
def batched():
    """Inside (and inside the services' transaction), `cases_changed` only collects the
    cases; at the end, one re-index of them all and one revision (the bulk actions)."""
    if _batch.get() is not None:
        yield
        return
    batch = {"ids": set(), "shown_by": set()}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    cases_changed(batch["ids"], shown_by=batch["shown_by"])


def cases_changed(ids: Iterable[int], *, shown_by: Iterable[int] = ()) -> int:
    """These cases' public record changed: re-index them, give every published case
    that shows them a new version, move the revision and log them all; returns the new
    revision (0 inside `batched()`, which does it at its end). `shown_by`: dependents
    found before the write (a deletion takes its links with it)."""
    ids = set(ids)
    if not ids:
        return 0
    batch = _batch.get()
    if batch is not None:
        batch["ids"].update(ids)
        batch["shown_by"].update(shown_by)
        return 0
    _index(sorted(ids))
    return _log(ids, (dependents(ids) | set(shown_by)) - ids)


def _index(ids) -> None:
    ids = list(ids)
    search.index(ids)
    # Enough cases written since the common terms were packed: merge them in, later.
    transaction.on_commit(functools.partial(search.compact_if_due, len(ids)))


def shown_changed(ids: Iterable[int]) -> int:
    """Something these cases' pages show changed (a collection, a link): a new version
    of each, and a logged change for the published ones; returns the revision (0 if
    none is published)."""
    ids = set(ids)
    if not ids:
        return 0
    _bump(ids)
    published = set(Innovation.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    return _log(published, set()) if published else 0


def _bump(ids: set[int], *, skip_locked: bool = False) -> None:
    # A new `updated_at` is a new version of the case for every versioned key.
    if ids and skip_locked:
        # A dependent whose row another writer holds (PostgreSQL) is left to it: waiting
        # could deadlock two writers of linked cases, and its page notices the change
        # anyway (`fresh`). SQLite locks the whole database instead; nothing is skipped.
        rows = Innovation.objects.filter(pk__in=ids).select_for_update(skip_locked=True)
        ids = set(rows.values_list("pk", flat=True))
    if ids:
        Innovation.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def _log(changed: set[int], shown_by: set[int]) -> int:
    _bump(shown_by, skip_locked=True)
    revision = CatalogueRevision.advance()
    IndexChange.objects.bulk_create(
        [IndexChange(innovation_id=pk, revision=revision) for pk in sorted(changed | shown_by)],
        update_conflicts=True,
        unique_fields=["innovation_id"],
        update_fields=["revision"],
    )
    return revision


def vocabulary_changed(case_ids: Iterable[int]) -> None:
    """A term was added, renamed or removed: its cases' text, then every key (the
    generation moves, so every worker builds its facet index afresh)."""
    _index(case_ids)
    CatalogueRevision.new_generation()


def rebuild(progress: Progress = None) -> int:
    """Rebuild the full-text index from the cases, and every other store (new
    generation: new keys, new facet indexes)."""
    count = search.rebuild(progress)
    CatalogueRevision.new_generation()
    return count


def compact() -> int:
    """Merge the cases written since the common terms were packed into their blocks
    (reading gets cheaper; answers do not change); returns how many were merged."""
    return search.compact()


def verify(progress: Progress = None) -> list[str]:
    """Every difference between the full-text index and a fresh rebuild (the other
    stores are keyed by versions: a stale entry is never read)."""
    return search.verify(progress)
