"""Signals this app sends, and the handlers that keep search and facets current."""

from django.dispatch import Signal

# Sent after a case has been written from a data record (the demo loader, importers),
# with `innovation` and `data`; other apps store the parts of the record they own
# (the co-production profile, for one) without this app importing them.
case_imported = Signal()


def case_changed(case_id: int) -> None:
    """Re-index the case and move the catalogue revision, inside the writer's transaction.

    Doing it in the same transaction (not on commit) keeps the index and the cases
    consistent: a rollback undoes both, and readers see both change at the commit.
    """
    from . import search
    from .models import CatalogueRevision

    search.index([case_id])
    CatalogueRevision.bump()


def on_case_saved(sender, instance, **kwargs) -> None:
    case_changed(instance.pk)


def on_case_deleted(sender, instance, **kwargs) -> None:
    from . import search

    search.remove([instance.pk])
    case_changed(instance.pk)


def on_tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # a term's cases changed, from the term's side
        for pk in pk_set or instance.innovations.values_list("pk", flat=True):
            case_changed(pk)
    else:
        case_changed(instance.pk)


def on_link_changed(sender, instance, **kwargs) -> None:
    """A row that hangs off a case (a country, a profile) was saved or deleted."""
    case_changed(instance.innovation_id)


def on_vocabulary_changed(sender, **kwargs) -> None:
    """A term was added, renamed or removed: the filters' options change."""
    from .models import CatalogueRevision

    CatalogueRevision.bump()


def on_post_migrate(sender, using, **kwargs) -> None:
    """A flush (tests) or migration may have emptied the cases under the index."""
    from django.db import connections

    from . import search

    if "innovations_search" in connections[using].introspection.table_names():
        search.prune()
