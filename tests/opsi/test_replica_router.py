"""Reads go to the replica only where they may lag (and only when there is one)."""

import pytest

from innovations.models import Innovation
from opsi.routers import ReplicaRouter, replica_reads


def test_without_a_replica_everything_reads_the_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(Innovation) == "default"


# The router reads only the aliases in DATABASES; no connection is opened to "replica".
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")
def test_with_a_replica_only_lagging_reads_go_there(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    router = ReplicaRouter()
    assert router.db_for_read(Innovation) == "default"  # pages: read-your-writes
    with replica_reads():
        assert router.db_for_read(Innovation) == "replica"
        assert router.db_for_write(Innovation) == "default"
    assert router.db_for_read(Innovation) == "default"
    assert not router.allow_migrate("replica", "innovations")
