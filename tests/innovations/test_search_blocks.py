"""The common terms' packed postings (`search.blocks`) never change an answer.

A block is a cache of its term's rows: read with the cases written since it was packed
taken out and their current rows put in. These tests pack every term held by 3 cases or
more (the catalogue's threshold is thousands), then check that searches answer exactly
as from the rows alone, after writes, after a compaction, and when a case is written
while a compaction runs.
"""

import importlib
import io
from types import SimpleNamespace

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection

from innovations import derived, search, services
from innovations.models import Innovation
from innovations.search import blocks, store
from tests.factories import assert_true, make_case

pytestmark = pytest.mark.django_db
QUERIES = ["harbour", "harbour data", "open data city", "canal", "city harbour canal", "hrabour"]


@pytest.fixture
def packed(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_MIN", 3)
    cases = [
        make_case(title=f"Harbour data {n}", summary="Open data for the city harbour.")
        for n in range(6)
    ]
    cases.append(make_case(title="Canal city", summary="A city canal, with open data."))
    search.rebuild()
    assert _block_count() > 0
    return cases


def _block_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {blocks.BLOCKS}")
        return cursor.fetchone()[0]


def answers() -> dict[str, tuple[list[int], dict[int, float]]]:
    total = Innovation.objects.published().count()
    found = {}
    for query in QUERIES:
        answer = search.rank(query, total)
        found[query] = (answer.ids, answer.scores)
    return found


def from_rows_alone() -> dict:
    """The answers with every block dropped (the rows are the truth)."""
    blocks.clear()
    return answers()


def test_blocks_give_the_answers_of_the_rows_alone(packed):
    with_blocks = answers()
    assert with_blocks["harbour"][0], "the test must search something found"
    assert from_rows_alone() == with_blocks


def test_after_writes_and_a_compaction_the_answers_are_a_fresh_rebuilds(packed, moderator):
    first, second, third = packed[:3]
    services.innovation_edit(innovation=first, data={"title": "Canal works"}, actor=moderator)
    services.innovation_unpublish(innovation=second, actor=moderator)
    newcomer = make_case(state=Innovation.State.SUBMITTED, title="Harbour canal data")
    services.innovation_publish(innovation=newcomer, actor=moderator)
    assert blocks.dirty_count() >= 3
    assert_true()  # verify: every block, read as a search reads it, equals its rows
    after_writes = answers()
    assert second.pk not in after_writes["harbour"][1]
    assert newcomer.pk in after_writes["harbour"][1]

    assert search.compact() >= 3
    assert blocks.dirty_count() == 0
    assert answers() == after_writes
    assert_true()
    assert from_rows_alone() == after_writes


def test_a_case_written_during_a_compaction_stays_dirty(packed, moderator, monkeypatch):
    case = packed[0]
    services.innovation_edit(innovation=case, data={"summary": "Quays."}, actor=moderator)
    write = blocks._write
    calls = []

    def written_meanwhile(cursor, term, ids, weights):
        if not calls:  # another writer edits the case in the middle of the compaction
            services.innovation_edit(
                innovation=Innovation.objects.get(pk=case.pk),
                data={"summary": "Open data, again."},
                actor=moderator,
            )
        calls.append(term)
        return write(cursor, term, ids, weights)

    monkeypatch.setattr(blocks, "_write", written_meanwhile)
    search.compact()
    assert blocks.dirty_count() == 1  # its second write is not in every block yet
    assert_true()
    after = answers()
    assert case.pk in after["open data city"][1]
    assert from_rows_alone() == after


def test_a_write_that_leaves_enough_dirty_cases_queues_a_compaction(
    packed, moderator, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(blocks, "COMPACT_AT", 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_edit(innovation=packed[0], data={"title": "Canal"}, actor=moderator)
    assert blocks.dirty_count() == 1  # under the threshold: nothing queued
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_edit(innovation=packed[1], data={"title": "Canal"}, actor=moderator)
    assert blocks.dirty_count() == 0  # queued and run (the immediate backend)
    assert_true()


def test_the_command_compacts_and_verify_notices_a_damaged_block(packed, moderator):
    services.innovation_edit(innovation=packed[0], data={"title": "Canal"}, actor=moderator)
    call_command("search_index", "compact", stdout=io.StringIO())
    assert blocks.dirty_count() == 0
    assert derived.verify() == []
    ids, weights = blocks.pack(np.array([packed[1].pk]), np.array([1]))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {blocks.BLOCKS} SET ids = %s, weights = %s WHERE term = %s",
            [ids, weights, "harbour"],
        )
    assert any("harbour" in line for line in store.verify())


def test_an_index_without_blocks_is_packed_by_its_first_compaction(packed, moderator):
    blocks.clear()
    before = answers()
    services.innovation_edit(innovation=packed[0], data={"title": "Canal"}, actor=moderator)
    search.compact()
    assert _block_count() > 0
    assert blocks.dirty_count() == 0
    assert_true()
    after = answers()
    assert after != before  # the edit shows
    assert from_rows_alone() == after


def test_many_dirty_cases_are_packed_afresh_rather_than_merged(packed, moderator, monkeypatch):
    monkeypatch.setattr(blocks, "REPACK_AT", 1)
    for case in packed[:2]:
        services.innovation_edit(innovation=case, data={"summary": "Quays."}, actor=moderator)
    assert search.compact() == 2
    assert blocks.dirty_count() == 0
    assert _block_count() > 0
    assert_true()
    assert from_rows_alone() == answers()


def test_a_long_run_of_writes_queues_a_compaction_a_fifth_of_the_threshold_apart(
    monkeypatch,
):
    queued = []
    monkeypatch.setattr(blocks, "COMPACT_AT", 10)
    monkeypatch.setattr(blocks, "compact_blocks", SimpleNamespace(enqueue=lambda: queued.append(1)))
    for n in range(1, 31):  # 30 writes of one case each, no compaction running
        blocks.mark_dirty([n])
        blocks.compact_if_due(1)
    assert len(queued) == 11  # at 10, then every 2 more: 12, 14, ... 30
    blocks.mark_dirty(range(31, 36))  # one write of five cases crosses a step too
    blocks.compact_if_due(5)
    assert len(queued) == 12


def test_related_cases_are_the_same_with_blocks_as_from_the_rows(packed, monkeypatch):
    """`related` leaves out a word held by RARE cases or more without reading its rows
    when its block says so (minus every case written since, which may have dropped it);
    the cases it finds are the same as from the rows alone, after writes too."""
    monkeypatch.setattr(importlib.import_module("innovations.search.related"), "RARE", 5)
    text = "Harbour data canal city open"
    first = search.related(text)
    assert first == _without_blocks(lambda: search.related(text)) and first
    for case in packed[:2]:  # "harbour" now in 4 cases: no longer left out
        services.innovation_unpublish(innovation=case.pk, actor=None)
    later = search.related(text)
    assert later == _without_blocks(lambda: search.related(text))
    assert set(later) >= {c.pk for c in packed[2:6]} and later != first


def _without_blocks(read):
    """What `read` gives from the rows alone; the blocks and dirty list put back after."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, ids, weights FROM {blocks.BLOCKS}")
        packs = cursor.fetchall()
        cursor.execute(f"SELECT case_id, token FROM {blocks.DIRTY}")
        dirty = cursor.fetchall()
    blocks.clear()
    try:
        return read()
    finally:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {blocks.BLOCKS} (term, ids, weights) VALUES (%s, %s, %s)", packs
            )
            cursor.executemany(
                f"INSERT INTO {blocks.DIRTY} (case_id, token) VALUES (%s, %s)", dirty
            )
