"""Handlers that keep the search index true when a vocabulary changes.

Cases are written only by `innovations.services`, which index them explicitly; terms
are edited in the admin (or by migrations), so their saves and deletes are caught here,
whatever the door. Other apps connect their own vocabularies to the same handlers.
"""


def on_term_saved(sender, instance, **kwargs) -> None:
    """A term was added or renamed: its cases' text, and every worker's facet options."""
    from . import derived

    derived.vocabulary_changed(instance.case_ids())


def on_term_deleting(sender, instance, **kwargs) -> None:
    # Its links go with it; remember its cases to re-index them once it is gone.
    instance._deleted_case_ids = instance.case_ids()


def on_term_deleted(sender, instance, **kwargs) -> None:
    from . import derived

    derived.vocabulary_changed(getattr(instance, "_deleted_case_ids", []))


def connect_vocabulary(model) -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete

    post_save.connect(on_term_saved, sender=model)
    pre_delete.connect(on_term_deleting, sender=model)
    post_delete.connect(on_term_deleted, sender=model)


def published_cases(using: str) -> bool:
    from .models import Innovation

    return Innovation.objects.using(using).published().exists()


def on_post_migrate(sender, using, **kwargs) -> None:
    """A flush (tests) or migration may have emptied the cases under the index."""
    from django.db import connections

    from . import search

    if search.TABLE in connections[using].introspection.table_names():
        search.prune()
        if search.is_empty(using) and published_cases(using):
            from . import derived

            derived.rebuild()  # a new index table (or one emptied by hand)
