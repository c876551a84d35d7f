import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from innovations import statements
from innovations.models import Innovation
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _titles(ids, state):
    return (
        Innovation.objects.filter(pk__in=ids, state=state).order_by("pk").values_list("pk", "title")
    )


TITLES = statements.Compiled(_titles)


def test_a_compiled_query_reads_what_its_queryset_reads_for_any_ids():
    cases = [make_case(title=f"Case {n}") for n in range(6)]
    make_case(title="A draft", state=Innovation.State.DRAFT)
    pks = [case.pk for case in cases]
    for ids in ([pks[0]], pks[:3], pks[3:], pks[::-1], [pks[1], 10**9], pks * 2):
        for state in Innovation.State.values:
            assert TITLES.rows(ids, state) == list(_titles(ids, state)), (ids, state)


def test_a_compiled_query_is_one_query_and_none_for_no_ids():
    case = make_case()
    with CaptureQueriesContext(connection) as queries:
        assert TITLES.rows([case.pk], "published") == [(case.pk, case.title)]
        assert TITLES.rows([], "published") == []
    assert len(queries) == 1


def test_a_query_whose_ids_are_not_each_one_parameter_is_refused():
    def ignores(ids):
        return Innovation.objects.values_list("pk")

    def twice(ids):
        return Innovation.objects.filter(Q(pk__in=ids) | Q(year_launched__in=ids)).values_list("pk")

    for build in (ignores, twice):
        with pytest.raises(ValueError, match="each id must be one parameter"):
            statements.Compiled(build).rows([1, 2])


def test_a_compiled_query_reads_the_database_the_router_gives_for_its_model(monkeypatch):
    case = make_case()
    asked = []

    class Router:
        def db_for_read(self, model, **hints):
            asked.append(model)
            return "default"

    monkeypatch.setattr(statements, "router", Router())
    assert TITLES.rows([case.pk], "published") == [(case.pk, case.title)]
    assert asked == [Innovation]


def test_a_query_run_again_is_prepared_on_postgresql_and_counted_on_both():
    cases = [make_case(title=f"Case {n}") for n in range(6)]
    # An id that is a smallint at one run and an integer at the next: bound by its
    # value's type, the statement would never run five times alike.
    other = [(2**15 if n % 2 else 0) + 1000 + n for n in range(6)]
    with CaptureQueriesContext(connection) as queries:
        for case, pk in zip(cases, other, strict=True):
            assert TITLES.rows([case.pk, pk, 2**40], "published") == [(case.pk, case.title)]
    assert len(queries) == 6
    # Logged with its parameters in place, whichever side binds them.
    assert f"IN ({cases[5].pk}, {other[5]}, {2**40})" in queries[5]["sql"]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"innovations_innovation"."title"' in sql for sql in prepared), prepared


def test_a_binary_cursor_reads_bytes_as_they_are_stored():
    with statements.cursor(connection, binary=True) as cursor:
        cursor.execute("SELECT %s, %s", [b"\x00\x01\xff", 7])
        assert cursor.fetchone() == (b"\x00\x01\xff", 7)
