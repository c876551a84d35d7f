"""Queries over a handful of ids, compiled by the ORM once and run again with other ids.

A card needs three small queries (its case, sectors and countries). On a cold page of
twenty cards the database answered them in 0.3 ms, and building and compiling the
querysets and converting their rows took 2.4 ms more. `Compiled` builds a queryset
once for a number of ids (marked ones), keeps its SQL, and runs that SQL with the ids
put in place of the marks: the SQL is still the ORM's (both databases, the same
tables and joins), it goes through Django's cursor on the database the router reads
its model from (counted in the query counts; on PostgreSQL a cursor that binds on the
server, so that the statement is prepared, see `cursor`), and the rows come as the
database driver gives them, without the fields' converters.
"""

from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache

from django.db import connection, connections, router
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import QuerySet

# Marks in place of the ids while compiling: ids a case never has.
MARK = -(2**31)


class Compiled:
    """`build(ids, *args)` → a queryset, compiled once per number of ids and `args`."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build

    def rows(self, ids: list[int], *args) -> list[tuple]:
        if not ids:
            return []
        model, sql, params, places = _compiled(self.build, len(ids), args, connection.vendor)
        params = list(params)
        for place, pk in zip(places, ids, strict=True):
            params[place] = pk
        with cursor(connections[router.db_for_read(model)]) as found:
            found.execute(sql, params)
            return found.fetchall()


def cursor(connection, *, binary: bool = False):
    """A cursor of Django's on this connection (its queries logged and counted as any).
    On PostgreSQL, one that binds parameters on the server, every int as a bigint: psycopg
    prepares a statement once a connection has run it five times with the same parameter
    types, so the server plans it once, not at every run (Django's cursors bind on the
    client: a card's query was planned anew each time, 0.3 ms). With `binary`, results
    come in binary (a `bytea` as its bytes, not as hex text)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg
    from psycopg.types.numeric import Int8BinaryDumper, Int8Dumper

    connection.close_if_health_check_failed()  # as Django's own cursor() does
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = psycopg.Cursor(connection.connection)
    raw.adapters.register_dumper(int, Int8Dumper)  # not int2 or int4 by each value
    raw.adapters.register_dumper(int, Int8BinaryDumper)
    if binary:
        raw.format = psycopg.pq.Format.BINARY
    return _Logged(raw, connection) if connection.queries_logged else connection.make_cursor(raw)


class _Logged(CursorDebugWrapper):
    """Django's logging cursor, logging a statement with its parameters composed in, as
    Django logs those it binds on the server (not as sent, with $1, $2... marks)."""

    @contextmanager
    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        if use_last_executed_query and not many:
            sql = self.db.ops.compose_sql(sql, params)
        with super().debug_sql(sql, params, False, many):
            yield


@lru_cache(maxsize=256)
def _compiled(build, size: int, args: tuple, vendor: str) -> tuple:
    """The model that `build` reads, its SQL for `size` marked ids, its parameters, and
    where each id goes."""
    marks = [MARK + i for i in range(size)]
    queryset = build(marks, *args)
    sql, params = queryset.query.sql_with_params()
    if any(params.count(mark) != 1 for mark in marks):
        raise ValueError(f"{build.__qualname__}: each id must be one parameter")
    places = tuple(params.index(mark) for mark in marks)
    return queryset.model, sql, tuple(params), places
