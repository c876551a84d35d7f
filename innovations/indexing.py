"""Keeps what is derived from the cases equal to a fresh rebuild, after every write.

The services call `cases_changed` in the writer's transaction for every write the public
can see (publishing, unpublishing, editing or deleting a published case): the full-text
index is rewritten for those cases, the catalogue revision moves by one and the cases
are logged in `IndexChange`, so every worker's facet index replays exactly those cases
(`innovations.facets`). A rollback undoes all three. Writes the public cannot see
(drafts, submissions) touch none of it.

A vocabulary change (a term added, renamed or removed) re-indexes the term's cases and
moves the generation: every worker then builds its facet index afresh, in the
background.
"""

from collections.abc import Callable, Iterable

from . import search
from .models import CatalogueRevision, IndexChange

Progress = Callable[[int, int], None] | None


def cases_changed(ids: Iterable[int]) -> int:
    """Re-index these cases and log them for the workers; returns the new revision."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    search.index(ids)
    revision = CatalogueRevision.advance()
    IndexChange.objects.bulk_create(
        [IndexChange(innovation_id=pk, revision=revision) for pk in ids],
        update_conflicts=True,
        unique_fields=["innovation_id"],
        update_fields=["revision"],
    )
    return revision


def vocabulary_changed(case_ids: Iterable[int]) -> None:
    """A term was added, renamed or removed: its cases' text, then every worker's index."""
    search.index(case_ids)
    CatalogueRevision.new_generation()


def rebuild(progress: Progress = None) -> int:
    """Rebuild the full-text index from the cases, and every worker's facet index."""
    count = search.rebuild(progress)
    CatalogueRevision.new_generation()
    return count


def verify(progress: Progress = None) -> list[str]:
    """Every difference between the full-text index and a fresh rebuild."""
    return search.verify(progress)
