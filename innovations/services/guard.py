"""The write guard: cases, their tags, countries and parts are written by the services only.

Every service runs inside `writing()` (the `@service` decorator), which sets a context
flag (a `ContextVar`: per thread and per asyncio task, and copied into the thread that
runs an async ORM call). When the guard is installed, a write of a guarded table without
the flag raises `WriteOutsideServices`, whatever the door:

- the ORM's INSERT, UPDATE and DELETE compilers, which every ORM write passes through:
  `Model.save`/`delete`, `QuerySet.update`/`delete`/`bulk_create`/`bulk_update`/
  `update_or_create`..., and their async twins (`asave`, `aupdate`, `abulk_create`...,
  which run the same code in a thread);
- `m2m_changed` (add, set, remove, clear) on the tags' and the parts' relations, before
  anything is written;
- an execute wrapper on every connection, for raw SQL through the ORM's connection
  (`connection.cursor().execute("UPDATE innovations_innovation ...")`).

Guarded: the case, its tags (the through tables of its many-to-many fields), its
countries and its parts (models linked one-to-one to the case, such as the co-production
profile, with their own many-to-many tables). Migrations, `flush` and the test
database's serialized rollback are whole-database operations and run with the flag.

Installed when `settings.OPSI_WRITE_GUARD` is on (DEBUG by default) and by the tests'
conftest; in production nothing is hooked and the flag costs one ContextVar set per
service call.
"""

import contextvars
import functools
import re
from contextlib import contextmanager

_writing: contextvars.ContextVar[str] = contextvars.ContextVar("opsi_write_path", default="")
_installed = False
_models: frozenset = frozenset()
_tables: frozenset[str] = frozenset()

# A write statement and the table it writes (quoted or not); searched anywhere in the
# statement, so that a CTE or a second statement does not hide it.
WRITE_SQL = re.compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|"
    r"TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?[\"`\[]?(\w+)",
    re.IGNORECASE,
)


class WriteOutsideServices(RuntimeError):
    """A case, its tags, countries or parts written without going through the services."""


@contextmanager
def writing(reason: str = "services"):
    """Allow writes of cases in this block: used by the services, and by name only by
    the few whole-database operations (migrations, flush) and test set-ups that say why."""
    token = _writing.set(reason)
    try:
        yield
    finally:
        _writing.reset(token)


def service(function):
    """Run this service function with the write path open (see `writing`)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        token = _writing.set("services")
        try:
            return function(*args, **kwargs)
        finally:
            _writing.reset(token)

    return wrapper


def is_writing() -> bool:
    return bool(_writing.get())


def guarded_models() -> frozenset:
    """The case, its parts, and the tables of their tags and countries."""
    from ..models import Innovation, InnovationCountry

    owners = [Innovation] + [
        rel.related_model for rel in Innovation._meta.related_objects if rel.one_to_one
    ]
    found = {InnovationCountry, *owners}
    for model in owners:
        found.update(field.remote_field.through for field in model._meta.many_to_many)
    return frozenset(found)


def _refuse(what: str) -> None:
    raise WriteOutsideServices(
        f"{what} written outside innovations.services: every write of a case, its tags, "
        "countries and parts goes through a service function (tests: a factory that calls "
        "them, or `services.writing()` naming why)."
    )


def check_model(model) -> None:
    if model in _models and not _writing.get():
        _refuse(f"{model._meta.label}")


def _check_sql(sql) -> None:
    if _writing.get() or not isinstance(sql, str):
        return
    for match in WRITE_SQL.finditer(sql):
        if match.group(1).lower() in _tables:
            _refuse(f"Table {match.group(1)} (raw SQL)")


def _execute_wrapper(execute, sql, params, many, context):
    _check_sql(sql)
    return execute(sql, params, many, context)


def _on_connection(sender, connection, **kwargs) -> None:
    if _execute_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_execute_wrapper)


def _on_m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("pre_"):
        check_model(sender)


def _checked(method):
    @functools.wraps(method)
    def execute_sql(self, *args, **kwargs):
        check_model(self.query.model)
        return method(self, *args, **kwargs)

    execute_sql.write_guard = True
    return execute_sql


def _allowed(method, reason: str):
    @functools.wraps(method)
    def allowed(*args, **kwargs):
        with writing(reason):
            return method(*args, **kwargs)

    allowed.write_guard = True
    return allowed


def _collecting(method):
    """Remember what a deletion was asked for (the first, outer call of `collect`)."""

    @functools.wraps(method)
    def collect(self, objs, source=None, *args, **kwargs):
        if source is None and not getattr(self, "guard_roots", None):
            model = getattr(objs, "model", None) or (type(objs[0]) if len(objs) else None)
            self.guard_roots = {model} - {None}
        return method(self, objs, source, *args, **kwargs)

    collect.write_guard = True
    return collect


def _deleting(method):
    """A term of a vocabulary (or any row that is not a case's) may be deleted at its own
    door (the admin): the links of cases to it go with it, as the database would cascade
    them; the vocabulary's signal re-indexes those cases. A deletion asked of a guarded
    row is checked as any write."""

    @functools.wraps(method)
    def delete(self, *args, **kwargs):
        roots = getattr(self, "guard_roots", set())
        if roots and not roots & _models:
            with writing("cascade"):
                return method(self, *args, **kwargs)
        return method(self, *args, **kwargs)

    delete.write_guard = True
    return delete


def _patch(owner, name: str, wrap) -> None:
    method = getattr(owner, name)
    if not getattr(method, "write_guard", False):
        setattr(owner, name, wrap(method))


def install() -> None:
    """Hook the guard into the ORM, the m2m signal and every connection (idempotent)."""
    global _installed, _models, _tables
    if _installed:
        return
    from django.db import connections
    from django.db.backends.base.creation import BaseDatabaseCreation
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.signals import connection_created
    from django.db.migrations.executor import MigrationExecutor
    from django.db.models.deletion import Collector
    from django.db.models.signals import m2m_changed
    from django.db.models.sql import compiler

    _models = guarded_models()
    _tables = frozenset(model._meta.db_table.lower() for model in _models)
    for cls in (compiler.SQLInsertCompiler, compiler.SQLUpdateCompiler, compiler.SQLDeleteCompiler):
        _patch(cls, "execute_sql", _checked)
    _patch(Collector, "collect", _collecting)
    _patch(Collector, "delete", _deleting)
    for name in ("apply_migration", "unapply_migration"):
        _patch(MigrationExecutor, name, lambda m: _allowed(m, "migration"))
    _patch(BaseDatabaseOperations, "execute_sql_flush", lambda m: _allowed(m, "flush"))
    _patch(
        BaseDatabaseCreation, "deserialize_db_from_string", lambda m: _allowed(m, "test database")
    )
    m2m_changed.connect(_on_m2m_changed, weak=False, dispatch_uid="opsi-write-guard")
    connection_created.connect(_on_connection, weak=False, dispatch_uid="opsi-write-guard")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)
    _installed = True
