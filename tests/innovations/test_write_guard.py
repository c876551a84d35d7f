"""The write guard: each way of writing a case, its tags, countries or parts outside the
services is refused in tests (and development); the same writes through the services,
or in the named `services.writing()` block, go through."""

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, transaction

from coproduction.models import CoproductionProfile, Reason
from innovations import services
from innovations.models import Innovation, InnovationCountry, Sector
from innovations.services.guard import WriteOutsideServices, guarded_models
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _save(case):
    case.title = "Written around the services"
    case.save()


def _update(case):
    Innovation.objects.filter(pk=case.pk).update(title="Written around the services")


def _bulk_create(case):
    InnovationCountry.objects.bulk_create([InnovationCountry(innovation=case, country="DE")])


def _bulk_update(case):
    case.title = "Written around the services"
    Innovation.objects.bulk_update([case], ["title"])


def _delete(case):
    case.delete()


def _queryset_delete(case):
    InnovationCountry.objects.filter(innovation=case).delete()


def _asave(case):
    case.title = "Written around the services"
    async_to_sync(case.asave)()


def _aupdate(case):
    async_to_sync(Innovation.objects.filter(pk=case.pk).aupdate)(title="Around")


def _abulk_create(case):
    async def write():
        await InnovationCountry.objects.abulk_create(
            [InnovationCountry(innovation=case, country="DE")]
        )

    async_to_sync(write)()


def _adelete(case):
    async_to_sync(case.adelete)()


def _m2m_add(case):
    case.sectors.add(Sector.objects.get(slug="education"))


def _m2m_set(case):
    case.sectors.set([Sector.objects.get(slug="education")])


def _m2m_clear(case):
    case.sectors.clear()


def _m2m_remove(case):
    case.sectors.remove(*case.sectors.all())


def _raw_sql(case):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Innovation._meta.db_table} SET title = %s WHERE id = %s", ["Raw", case.pk]
        )


def _raw_sql_on_tags(case):
    table = Innovation.sectors.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE innovation_id = %s', [case.pk])


def _part_save(case):
    profile = CoproductionProfile.objects.get(innovation=case)
    profile.save()


def _part_m2m_add(case):
    CoproductionProfile.objects.get(innovation=case).reasons.add(Reason.objects.first())


WRITES = [
    _save,
    _update,
    _bulk_create,
    _bulk_update,
    _delete,
    _queryset_delete,
    _asave,
    _aupdate,
    _abulk_create,
    _adelete,
    _m2m_add,
    _m2m_set,
    _m2m_clear,
    _m2m_remove,
    _raw_sql,
    _raw_sql_on_tags,
    _part_save,
    _part_m2m_add,
]


def _case():
    return make_case(title="Guarded", parts={"coproduction": {"kind": "addition"}})


def _record(case_id):
    case = Innovation.objects.get(pk=case_id)
    return (
        case.title,
        sorted(case.sectors.values_list("slug", flat=True)),
        sorted(case.country_links.values_list("country", flat=True)),
        list(CoproductionProfile.objects.filter(innovation=case).values("reasons")),
    )


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__.strip("_"))
def test_a_write_outside_the_services_is_refused_and_changes_nothing(write):
    case = _case()
    before = _record(case.pk)
    # (in a savepoint: a refused save marks Django's own atomic block for rollback)
    with pytest.raises(WriteOutsideServices), transaction.atomic():
        write(Innovation.objects.get(pk=case.pk))
    assert _record(case.pk) == before


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__.strip("_"))
def test_the_same_write_in_the_named_allowance_goes_through(write):
    case = _case()
    with services.writing("test: the allowance opens every door"):
        write(Innovation.objects.get(pk=case.pk))


def test_the_services_write_cases_tags_countries_and_parts():
    case = _case()
    reason = Reason.objects.first()
    services.innovation_edit(
        innovation=case,
        data={"title": "Through the services", "sectors": [], "countries": ["DE", "IT"]},
        parts={"coproduction": {"kind": "addition", "reasons": [reason]}},
        actor=None,
    )
    assert _record(case.pk) == (
        "Through the services",
        [],
        ["DE", "IT"],
        [{"reasons": reason.pk}],
    )
    services.innovation_delete(innovation=case.pk, actor=None)
    assert not Innovation.objects.filter(pk=case.pk).exists()


def test_the_guard_knows_the_case_its_tags_countries_and_parts():
    tables = {model._meta.db_table for model in guarded_models()}
    assert {
        Innovation._meta.db_table,
        InnovationCountry._meta.db_table,
        Innovation.sectors.through._meta.db_table,
        Innovation.approaches.through._meta.db_table,
        Innovation.enabling_factors.through._meta.db_table,
        CoproductionProfile._meta.db_table,
        CoproductionProfile.reasons.through._meta.db_table,
    } <= tables


def test_reads_and_other_tables_are_not_guarded():
    case = _case()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {Innovation._meta.db_table} WHERE id = %s", [case.pk])
        assert cursor.fetchone() == ("Guarded",)
    Sector.objects.filter(slug="education").update(name="Education")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_flush_and_reload_around_a_transactional_test_are_allowed():
    """(serialized_rollback, as every transactional test here: a plain flush re-runs
    post_migrate, and the next serialized test would reload rows that already exist.)"""
    make_case(title="Flushed after this test")
    assert Innovation.objects.count() == 1
