"""`manage.py backup` and `restore` on the test database (SQLite or PostgreSQL)."""

import sqlite3
import threading
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from coproduction.models import Reason
from innovations import services
from innovations.models import CatalogueRevision, Innovation, State
from opsi.operations import backups
from tests.factories import make_case

# Real commits: the backup is made by another connection (or pg_dump), which sees only
# committed rows. serialized_rollback: what the data migrations wrote comes back after.
REAL_TRANSACTIONS = pytest.mark.django_db(transaction=True, serialized_rollback=True)
pytestmark = REAL_TRANSACTIONS


@pytest.fixture(autouse=True)
def _no_copies_left_aside():
    """A forced SQLite restore keeps the replaced database aside, next to it."""
    yield
    if connection.vendor == "sqlite":
        live = Path(connection.settings_dict["NAME"])
        for aside in live.parent.glob(live.name + ".before-restore-*"):
            aside.unlink()


@pytest.fixture
def catalogue(django_user_model):
    """Rows in every kind of table: cases in several states with contributors'
    e-mails, provenance, countries, tags and a co-production profile, both moderation
    logs, a moderator in the Moderators group, the search index."""
    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    published = make_case(
        contributor_email="ana@example.org",
        contributor_name="Ana",
        source_dataset="jrc",
        source_record_id="42",
        countries=("FR", "BR"),
        parts={"coproduction": {"kind": "addition", "reasons": [Reason.objects.first()]}},
    )
    services.innovation_edit(
        innovation=published, data={"summary": "Edited summary."}, actor=moderator, note="typo"
    )
    make_case(state=State.CHANGES_REQUESTED, contributor_email="bo@example.org")
    make_case(state=State.DRAFT, contributor_email="cy@example.org")
    make_case(state=State.REJECTED)
    return moderator


def table_rows(cursor, vendor: str) -> dict[str, list]:
    """Every table's rows (sorted), and on PostgreSQL every sequence's position."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = sorted(row[0] for row in cursor.fetchall())
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows[table] = sorted(cursor.fetchall(), key=repr)
    if vendor == "postgresql":
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        rows["(sequences)"] = sorted(cursor.fetchall())
    return rows


@pytest.fixture
def empty_database(tmp_path):
    """A settings dict for an empty database of the test database's engine: a new
    SQLite file, or the PostgreSQL database test_<name>_restore (made and dropped here)."""
    if connection.vendor == "sqlite":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "empty.sqlite3")}
        return
    database = {**connection.settings_dict, "NAME": connection.settings_dict["NAME"] + "_restore"}
    admin = psycopg.connect(**{**connect_args(database), "dbname": "postgres"}, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    try:
        yield database
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
        admin.close()


def rows_of(database: dict) -> dict[str, list]:
    """Every row of `database`, read through the driver itself (not Django's cursor,
    which converts values), so that both sides are read alike."""
    if connection.vendor == "sqlite":
        db = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        try:
            return table_rows(db.cursor(), "sqlite")
        finally:
            db.close()
    with psycopg.connect(**connect_args(database)) as db, db.cursor() as cursor:
        return table_rows(cursor, "postgresql")


def connect_args(database: dict) -> dict:
    return {
        "dbname": database["NAME"],
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
    }


def test_a_backup_restored_into_an_empty_database_has_every_row_of_every_table(
    catalogue, empty_database, tmp_path
):
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    backups.restore(empty_database, path)

    before, after = rows_of(connection.settings_dict), rows_of(empty_database)
    assert sorted(after) == sorted(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    # The comparison covers what the finding lost, and every app's tables.
    for table in (
        "auth_user",
        "auth_user_groups",
        "auth_group_permissions",
        "innovations_statechange",
        "innovations_caseedit",
        "innovations_innovationcountry",
        "innovations_innovation_sectors",
        "coproduction_coproductionprofile",
        "coproduction_coproductionprofile_reasons",
        "innovations_searchterm",
        "django_migrations",
    ):
        assert before[table], table
    emails = {
        row[0]
        for row in Innovation.objects.exclude(contributor_email="").values_list("contributor_email")
    }
    assert emails == {"ana@example.org", "bo@example.org", "cy@example.org"}
    rows = sum(len(r) for r in before.values())
    print(f"\n{connection.vendor}: {len(before)} tables, {rows} rows compared")


def test_a_backup_taken_while_cases_are_published_is_consistent(empty_database, tmp_path):
    stop, written = threading.Event(), []

    def publish():
        try:
            while not stop.is_set() or len(written) < 3:
                written.append(make_case().pk)
        finally:
            connections.close_all()

    writer = threading.Thread(target=publish)
    writer.start()
    try:
        while len(written) < 3:  # the writer is under way
            stop.wait(0.01)
        path = tmp_path / "during-writes.backup"
        call_command("backup", str(path), stdout=StringIO())
    finally:
        stop.set()
        writer.join()
    backups.restore(empty_database, path)

    published = "SELECT count(*) FROM innovations_innovation WHERE state = 'published'"
    cases = count(empty_database, "SELECT count(*) FROM innovations_innovation")
    assert 3 <= cases <= len(written)
    # A snapshot: each published case came with its index row and its change-log row,
    # which its publication wrote in the same transaction.
    assert count(
        empty_database, "SELECT count(DISTINCT case_id) FROM innovations_searchterm"
    ) == count(empty_database, published)
    assert count(empty_database, "SELECT count(*) FROM innovations_indexchange") == count(
        empty_database, published
    )


def count(database: dict, sql: str) -> int:
    if connection.vendor == "sqlite":
        db = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        try:
            return db.execute(sql).fetchone()[0]
        finally:
            db.close()
    with psycopg.connect(**connect_args(database)) as db:
        return db.execute(sql).fetchone()[0]


def test_restore_refuses_a_database_that_holds_data(catalogue, tmp_path):
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="holds 4 cases and 1 user accounts.*--force"):
        call_command("restore", str(path), stdout=StringIO())
    assert Innovation.objects.count() == 4


def test_restore_with_force_puts_the_backup_back_and_checks_the_index(catalogue, tmp_path):
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    generation = CatalogueRevision.current()[0]
    snapshot = CatalogueRevision.objects.get(pk=1).snapshot
    later = make_case(title="Written after the backup")
    services.innovation_delete(innovation=Innovation.objects.get(state=State.REJECTED), actor=None)

    out = StringIO()
    call_command("restore", str(path), force=True, stdout=out)

    assert "Search index verified" in out.getvalue()
    assert Innovation.objects.count() == 4
    assert not Innovation.objects.filter(pk=later.pk).exists()
    assert Innovation.objects.filter(contributor_email="ana@example.org").exists()
    # Running workers must rebuild their facet index of the replaced catalogue, and
    # none may load a snapshot file of the catalogue as it was backed up.
    assert CatalogueRevision.current()[0] > generation
    assert CatalogueRevision.objects.get(pk=1).snapshot != snapshot


def test_restore_says_when_the_index_needs_a_rebuild(catalogue, tmp_path):
    path = tmp_path / "catalogue.backup"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM innovations_searchterm")
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="search_index rebuild"):
        call_command("restore", str(path), force=True, stdout=StringIO())


def test_backup_into_a_folder_names_the_file_by_engine_and_time(catalogue, tmp_path):
    out = StringIO()
    call_command("backup", str(tmp_path / "new") + "/", stdout=out)  # made if missing
    (made,) = (tmp_path / "new").iterdir()
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    assert made.name.startswith(f"opsi-{engine}-")
    assert str(made) in out.getvalue()
    assert not list(tmp_path.glob("new/*.partial"))


def test_restore_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "nothing.backup"), stdout=StringIO())


@pytest.mark.django_db(transaction=False)
def test_a_missing_pg_dump_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: [])
    with pytest.raises(CommandError, match="pg_dump was not found.*postgresql-client"):
        backups.pg_binary("pg_dump")


@pytest.mark.django_db(transaction=False)
def test_the_newest_postgresql_client_is_chosen(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    found = ["/usr/lib/postgresql/9/bin/pg_dump", "/usr/lib/postgresql/15/bin/pg_dump"]
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: found)
    assert backups.pg_binary("pg_dump") == str(Path(found[1]))


def test_backups_are_readable_by_their_owner_only(catalogue, tmp_path):
    """They hold password hashes and TOTP secrets."""
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    assert path.stat().st_mode & 0o777 == 0o600


def test_restore_refuses_a_damaged_sqlite_backup_even_with_force(catalogue, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_restore checks a custom archive as it loads it, in one transaction")
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(page * 2, len(data) - page, page * 3):  # garble some pages' headers
        data[at : at + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    make_case(title="Written after the backup")

    with pytest.raises(CommandError, match="damaged|not an SQLite database"):
        call_command("restore", str(path), force=True, stdout=StringIO())
    assert Innovation.objects.count() == 5  # the live database is untouched


def test_a_forced_sqlite_restore_keeps_the_replaced_database_aside(catalogue, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: back up first; --single-transaction undoes a failure")
    path = tmp_path / "catalogue.backup"
    call_command("backup", str(path), stdout=StringIO())
    make_case(title="Written after the backup")
    call_command("restore", str(path), force=True, stdout=StringIO())
    live = Path(connection.settings_dict["NAME"])
    (aside,) = live.parent.glob(live.name + ".before-restore-*")
    assert aside.stat().st_mode & 0o777 == 0o600
    kept = sqlite3.connect(aside)
    assert kept.execute("SELECT count(*) FROM innovations_innovation").fetchone() == (5,)
    kept.close()
