"""Reads that may lag go to the streaming replica; everything else to the primary.

Only code that asks for it reads from the replica, inside `replica_reads()`: the builds
of the whole-catalogue downloads and of the sitemap, which read the catalogue's revision
and its cases there alike (so a file is named after the revision it holds). Pages,
moderation, a contributor's own case and every write read the primary, so nobody misses
their own write. Without `DATABASE_REPLICA_URL` there is no replica and nothing changes.
"""

import threading
from contextlib import contextmanager

from django.conf import settings

_state = threading.local()


@contextmanager
def replica_reads():
    """Reads in this block (this thread) may come from the replica."""
    before = getattr(_state, "replica", False)
    _state.replica = True
    try:
        yield
    finally:
        _state.replica = before


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if getattr(_state, "replica", False) and "replica" in settings.DATABASES:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is the same database, a little behind

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
