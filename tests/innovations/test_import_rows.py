"""`import_cases` and what used to end it with a traceback or hold the database: a cell
over 128 KB is its row's problem, a byte-order mark in JSON Lines is skipped, and a dry
run holds no transaction for longer than a chunk of rows."""

import json

import pytest
from django.db import connection

from innovations.models import Innovation
from innovations.opendata import importer, rows
from tests.opendata import _jrc_file, _jrc_row


@pytest.mark.django_db
def test_a_cell_over_the_limit_is_a_rejected_row_not_a_traceback(tmp_path):
    huge = "x" * (rows.MAX_CELL + 1)
    path = _jrc_file(tmp_path, [_jrc_row("1"), _jrc_row("2", description=huge), _jrc_row("3")])
    report = importer.run(path, "jrc")
    assert dict(report.rejected) == {"cell_too_large": 1}
    assert report.outcomes["created"] == 2
    assert set(Innovation.objects.values_list("source_record_id", flat=True)) == {"1", "3"}


@pytest.mark.django_db
def test_a_cell_over_the_csv_modules_own_limit_is_a_rejected_row(tmp_path):
    path = _jrc_file(tmp_path, [_jrc_row("1", description="y" * 200_000), _jrc_row("2")])
    report = importer.run(path, "jrc")  # 200 KB: over csv's default 128 KB field limit
    assert dict(report.rejected) == {"cell_too_large": 1} and report.outcomes["created"] == 1


@pytest.mark.django_db
def test_a_byte_order_mark_in_json_lines_is_skipped(tmp_path):
    record = {"title": "First row after a BOM", "summary": "S.", "description": "D."}
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record).encode() + b"\n")
    report = importer.run(path, "jsonl", dry_run=True)
    assert report.rows == 1
    assert "unreadable" not in report.rejected


@pytest.mark.django_db
def test_an_oversized_json_lines_value_is_a_rejected_row(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"title": "T", "description": "z" * 200_000}) + "\n")
    report = importer.run(path, "jsonl")
    assert dict(report.rejected) == {"cell_too_large": 1}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dry_run_writes_in_short_transactions(tmp_path, monkeypatch):
    """Before, a dry run held one transaction for the whole file: on SQLite the
    contributors' saves waited on its write lock (a 500 after 20 s)."""
    monkeypatch.setattr(importer, "DRY_RUN_CHUNK", 2)
    transactions = []  # the outermost atomic block of each write (kept, so ids stay apart)
    real = importer._one

    def watched(*args, **kwargs):
        if not any(t is connection.atomic_blocks[0] for t in transactions):
            transactions.append(connection.atomic_blocks[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_one", watched)
    path = _jrc_file(tmp_path, [_jrc_row(str(n)) for n in range(5)])
    report = importer.run(path, "jrc", dry_run=True)
    assert report.outcomes["created"] == 5
    assert len(transactions) == 3  # 2 + 2 + 1 rows
    assert not Innovation.objects.exists()
