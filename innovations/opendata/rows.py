"""A data file's rows as raw records: CSV or JSON Lines, a byte-order mark skipped, and a
row with a cell over MAX_CELL kept as an `Unreadable` to be reported, not read."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path


class Rejected(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


# The largest cell a row may have: a case's longest text is far shorter. A bigger one is
# a row problem (reported), not the end of the import.
MAX_CELL = 128 * 1024
# What the csv module may read in one cell before it gives up on the whole file; above
# MAX_CELL so that such a cell is read, then reported as its row's problem.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


class Unreadable(dict):
    """A row that could not be taken as a record; the mappers reject it with `reason`."""

    def __init__(self, reason: "Rejected"):
        super().__init__()
        self.reason = reason


def checked_size(record: dict) -> dict:
    """The record, or an `Unreadable` when one of its cells is over MAX_CELL."""
    for key, value in record.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            return Unreadable(
                Rejected(
                    "cell_too_large", f"{key}: {len(value):,} characters (at most {MAX_CELL:,})"
                )
            )
    return record


def read(path: Path, fmt: str) -> Iterator[tuple[int, dict | None]]:
    """(line number, raw row) of a file; None for a line that is not a record, an
    `Unreadable` for a row that cannot be imported (a cell over MAX_CELL). A byte-order
    mark at the start of the file is skipped, in JSON Lines as in CSV."""
    if fmt == "jsonl":
        with path.open(encoding="utf-8-sig") as lines:
            for number, text in enumerate(lines, start=1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except ValueError:
                    record = None
                if isinstance(record, dict):
                    yield number, checked_size(record)
                else:
                    yield number, None
        return
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for record in reader:
            yield reader.line_num, checked_size(record)


def checked(mapper):
    """A mapper that rejects an `Unreadable` row with its reason."""

    def mapped(number: int, raw: dict, *args, **kwargs):
        if isinstance(raw, Unreadable):
            raise raw.reason
        return mapper(number, raw, *args, **kwargs)

    mapped.__name__ = mapper.__name__
    mapped.__doc__ = mapper.__doc__
    return mapped
