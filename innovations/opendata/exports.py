"""Streamed exports of a search's results: CSV, JSON and JSON Lines, with the codebook's
columns. Cases are read a batch at a time, so memory stays bounded however many match."""

import csv
import json
from collections.abc import Iterable, Iterator

from . import codebook

BATCH = 200
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/jsonl; charset=utf-8",
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _records(id_batches: Iterable[list[int]], base_url: str) -> Iterator[dict]:
    for ids in id_batches:
        yield from codebook.records(ids, base_url)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def stream(fmt: str, id_batches: Iterable[list[int]], base_url: str) -> Iterator[str]:
    """The export in this format, a record at a time."""
    names = [column.name for column in codebook.columns(values=False)]
    records = _records(id_batches, base_url)
    if fmt == "csv":
        writer = csv.writer(_Echo())
        yield writer.writerow(names)
        for record in records:
            yield writer.writerow(codebook.csv_row(record, names))
    elif fmt == "jsonl":
        for record in records:
            yield _json(record) + "\n"
    else:
        yield "["
        for n, record in enumerate(records):
            yield ("," if n else "") + "\n" + _json(record)
        yield "\n]\n"
