"""Migrating back must not lose data silently (issue 8: one step back and forward again
lost 720 contributor e-mails, 1,537 moderation-log rows and the Moderators group)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations import operations as ops
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from opsi.irreversible import OPT_IN, RefuseReverse
from tests.factories import make_case

APPS = ("innovations", "coproduction", "operations")
# Operations whose reverse loses no row (an index, a constraint, options Django keeps in
# Python). Anything else may hold data: its migration must end with RefuseReverse.
LOSSLESS = (
    ops.AddIndex,
    ops.RemoveIndex,
    ops.RenameIndex,
    ops.AddConstraint,
    ops.RemoveConstraint,
    ops.AlterModelOptions,
    ops.AlterModelManagers,
    RefuseReverse,
)
# Real commits: Django's schema editor cannot run inside the test's transaction on SQLite.
REAL_TRANSACTIONS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def lossless(operation, state, app_label: str) -> bool:
    if isinstance(operation, LOSSLESS):
        return True
    if isinstance(operation, ops.AlterField):
        # Only Python-side attributes (help text, labels, choices...) changed.
        old = state.models[app_label, operation.model_name_lower].fields[operation.name]
        return db_attributes(old) == db_attributes(operation.field)
    return False


def db_attributes(field) -> tuple:
    path, args, kwargs = field.deconstruct()[1:]
    return path, args, {k: v for k, v in kwargs.items() if k not in field.non_db_attrs}


def data_holding_operations(loader: MigrationLoader, key: tuple[str, str]) -> list:
    """The operations of a migration whose reverse (or re-application) may lose data."""
    state = loader.project_state(key, at_end=False)
    found = []
    for operation in loader.graph.nodes[key].operations:
        if not lossless(operation, state, key[0]):
            found.append(operation)
        operation.state_forwards(key[0], state)
    return found


def project_migrations(loader: MigrationLoader) -> list[tuple[str, str]]:
    return sorted(key for key in loader.disk_migrations if key[0] in APPS)


def test_every_migration_that_holds_data_declares_that_it_refuses_to_reverse():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    undeclared = []
    for key in project_migrations(loader):
        migration = loader.graph.nodes[key]
        risky = data_holding_operations(loader, key)
        if risky and not isinstance(migration.operations[-1], RefuseReverse):
            undeclared.append(f"{key[0]}.{key[1]}: {', '.join(o.describe() for o in risky)}")
    assert not undeclared, (
        "These migrations would lose data when reversed; end each with "
        "RefuseReverse('what reversing drops') from opsi/irreversible.py:\n" + "\n".join(undeclared)
    )


def test_the_check_tells_a_lossless_migration_from_one_that_holds_data():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert data_holding_operations(loader, ("innovations", "0006_facet_build_indexes")) == []
    risky = data_holding_operations(loader, ("innovations", "0004_moderation"))
    assert any(isinstance(o, ops.AddField) and o.name == "contributor_email" for o in risky)
    assert any(isinstance(o, ops.RunPython) for o in risky)


def test_every_refusal_says_what_reversing_would_drop():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in project_migrations(loader):
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RefuseReverse):
                assert operation.reason.startswith("Reversing it "), key
                assert len(operation.reason) > 40, key


def applied(app: str) -> set[str]:
    return {name for a, name in MigrationRecorder(connection).applied_migrations() if a == app}


@REAL_TRANSACTIONS
def test_migrating_back_one_step_refuses_and_keeps_the_data(monkeypatch):
    monkeypatch.delenv(OPT_IN, raising=False)
    case = make_case(contributor_email="ana@example.org")
    before = applied("innovations")
    with pytest.raises(IrreversibleError, match="Reversing it") as refusal:
        call_command("migrate", "innovations", "0006", stdout=StringIO(), verbosity=0)
    assert OPT_IN in str(refusal.value)
    assert applied("innovations") == before
    case.refresh_from_db()
    assert case.contributor_email == "ana@example.org"


@REAL_TRANSACTIONS
def test_migrating_back_past_the_moderation_log_refuses(monkeypatch):
    monkeypatch.delenv(OPT_IN, raising=False)
    with pytest.raises(IrreversibleError, match="Reversing it drops"):
        call_command("migrate", "innovations", "0003", stdout=StringIO(), verbosity=0)
    with pytest.raises(IrreversibleError, match="re-seeds"):
        call_command("migrate", "coproduction", "0001", stdout=StringIO(), verbosity=0)
    assert "0004_moderation" in applied("innovations")
    assert "0002_terms" in applied("coproduction")
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="Moderators").exists()


@pytest.mark.django_db
def test_the_plan_of_a_step_back_shows_the_refusal_and_its_reason(monkeypatch):
    monkeypatch.delenv(OPT_IN, raising=False)
    out = StringIO()
    call_command("migrate", "innovations", "0006", plan=True, stdout=out)
    assert "Undo Refuse to reverse: Reversing it drops every case's provenance" in out.getvalue()


def test_the_opt_in_lets_it_reverse_and_says_what_is_dropped(monkeypatch, capsys):
    refusal = RefuseReverse("Reversing it drops the provenance.")
    monkeypatch.delenv(OPT_IN, raising=False)
    assert not refusal.reversible
    monkeypatch.setenv(OPT_IN, "1")
    assert refusal.reversible
    refusal.database_backwards("innovations", None, None, None)
    assert "Reversing it drops the provenance." in capsys.readouterr().err


def test_forwards_it_changes_nothing():
    refusal = RefuseReverse("Reversing it drops nothing here.")
    refusal.state_forwards("innovations", None)
    refusal.database_forwards("innovations", None, None, None)
    assert refusal.deconstruct() == ("RefuseReverse", ["Reversing it drops nothing here."], {})
