"""Import a file of cases through the services, and report every row it rejects or
changes (`Report`). Idempotent: a case is found again by its source data set and its
id there (or, in our own exports without one, by its slug), and a row that changed
nothing writes nothing.

A row of a peer's file that repeats another is held for review, never published, and
reported: the same description as an earlier row of the file, or the same initiative
as a case already here from elsewhere (a demo case, another corpus; see
`duplicates.same_initiative`). With `publish`, a case an earlier import left in the
queue is published now; one a moderator sent back, rejected or unpublished is not,
and the report says so."""

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from .. import initiatives, services
from ..importing import RecordError
from ..models import Innovation, unique_slug
from . import codebook, readers, rows
from .mapping import SOURCES

REPORT_COLUMNS = ["line", "source_record_id", "title", "outcome", "reason", "detail"]


@dataclass
class Report:
    rows: int = 0
    outcomes: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)
    held: Counter = field(default_factory=Counter)
    cleaned: Counter = field(default_factory=Counter)
    lines: list[dict] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Rows written as cases of their own (not rejected, not held as duplicates)."""
        return self.rows - self.outcomes["rejected"] - self.outcomes["held"]

    def entry(self, candidate_line, record_id, title, outcome, reason="", detail="") -> None:
        self.lines.append(
            {
                "line": candidate_line,
                "source_record_id": record_id,
                "title": title,
                "outcome": outcome,
                "reason": reason,
                "detail": detail,
            }
        )

    def write_csv(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, REPORT_COLUMNS)
            writer.writeheader()
            for row in self.lines:
                writer.writerow({k: codebook.neutralise(v) for k, v in row.items()})

    def summary(self) -> list[str]:
        o = self.outcomes
        found = [
            f"Rows read: {self.rows}; accepted: {self.accepted} (created {o['created']}, "
            f"published {o['published']}, updated {o['updated']}, unchanged "
            f"{o['unchanged']}); held for review as likely duplicates: {o['held']}; "
            f"rejected: {o['rejected']}."
        ]
        for title, counts in (
            ("Rejected", self.rejected),
            ("Held by reason", self.held),
            ("Cleaned", self.cleaned),
        ):
            if counts:
                found.append(f"{title.removesuffix(' by reason')} by reason:")
                found += [f"  {reason}: {n}" for reason, n in sorted(counts.items())]
        return found


class _DryRun(Exception):
    pass


def _mapper(fmt: str) -> Callable:
    terms = readers.Terms()
    if fmt in SOURCES:
        return partial(getattr(readers, fmt), terms=terms)
    multiple = {c.name for c in codebook.columns(values=False) if c.multiple}
    return partial(readers.own, terms=terms, multiple=multiple, unescape=fmt == "csv")


def _existing(candidate: readers.Candidate) -> Innovation | None:
    data = candidate.data
    if data.get("source_record_id"):
        case = Innovation.objects.filter(
            source_dataset=data.get("source_dataset", ""),
            source_record_id=data["source_record_id"],
        ).first()
        if case is not None:
            return case
    if data.get("slug"):
        case = Innovation.objects.filter(slug=data["slug"]).first()
        if case is not None and case.source_record_id and data.get("source_record_id"):
            raise readers.Rejected("slug_taken", f"{data['slug']} is another case's address")
        return case
    return None


# States in which a case waits for its first decision: a re-import may publish it.
WAITING = (Innovation.State.DRAFT, Innovation.State.SUBMITTED)


def _write(
    candidate: readers.Candidate, *, publish: bool, actor, held: bool = False
) -> tuple[str, list[str], str]:
    existing = _existing(candidate)
    if publish and existing is not None and existing.state not in (*WAITING, "published"):
        # A moderator decided on it since: the import does not overrule them.
        candidate.notes.append(
            readers.Note("not_published", f"a moderator's decision: {existing.state}")
        )
    data = dict(candidate.data)
    data["slug"] = existing.slug if existing else data.get("slug") or unique_slug(data["title"])
    check = Innovation(**{k: v for k, v in data.items() if k in services.FIELDS})
    check.clean_fields(exclude=[f for f in ("slug",) if existing] + _absent(data))
    source = SOURCES.get(data.get("source_dataset", ""))
    note = "Imported" + (f" from {source.name}" if source else "") + "."
    case, created = services.innovation_import(
        data=data,
        parts=candidate.parts,
        actor=actor,
        note=note,
        publish=publish and not held and (existing is None or existing.state in WAITING),
        published_at=candidate.published_at,
    )
    if created:
        return "created", [], case.state
    if existing.state != case.state and case.state == Innovation.State.PUBLISHED:
        return "published", case.changed_fields, case.state
    outcome = "updated" if case.changed_fields else "unchanged"
    return outcome, case.changed_fields, case.state


def _absent(data: dict) -> list[str]:
    return [f.name for f in Innovation._meta.concrete_fields if f.name not in data]


def run(
    path: Path,
    fmt: str,
    *,
    publish: bool = False,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import the file; with `dry_run`, everything happens and is rolled back."""
    report = Report()
    # One transaction per row (the services'): the site stays writable meanwhile. A dry
    # run writes DRY_RUN_CHUNK rows at a time in a transaction that it rolls back, so it
    # never holds the database (SQLite's write lock) for longer than a chunk.
    _run(path, fmt, report, publish=publish, actor=actor, progress=progress, dry_run=dry_run)
    return report


DRY_RUN_CHUNK = 50


def _rolled_back(write):
    try:
        with transaction.atomic():
            write()
            raise _DryRun
    except _DryRun:
        pass


def _run(path, fmt, report: Report, *, publish, actor, progress, dry_run=False) -> None:
    mapper = _mapper(fmt)
    candidates, seen = [], {}
    for number, raw in rows.read(path, fmt):
        report.rows += 1
        try:
            if raw is None:
                raise readers.Rejected("unreadable", "not a JSON object")
            candidate = _mapped(mapper, number, raw)
            if candidate.record_id and candidate.record_id in seen:
                raise readers.Rejected("duplicate_id", candidate.record_id)
        except readers.Rejected as error:
            _reject(report, number, str((raw or {}).get("id", "")), _raw_title(raw), error)
            continue
        seen[candidate.record_id] = number
        candidates.append(candidate)
    if fmt not in SOURCES:
        # Our exports list the newest first: publish the oldest first, so that the
        # catalogue's order (publication, then creation) comes back the same.
        candidates.sort(key=lambda c: (c.published_at is None, c.published_at or 0, -c.line))
    pool = initiatives.known_cases(fmt) if fmt in SOURCES else []
    frequency = initiatives.frequencies(c.title for c in candidates) if pool else None
    texts: dict[str, readers.Candidate] = {}
    if dry_run:
        for start in range(0, len(candidates), DRY_RUN_CHUNK):
            chunk = candidates[start : start + DRY_RUN_CHUNK]

            def write(chunk=chunk):
                for c in chunk:
                    held = _repeats(c, texts, pool, frequency)
                    _one(report, c, publish=publish, actor=actor, held=held)

            _rolled_back(write)
            if progress:
                progress(start + len(chunk))
        return
    for done, candidate in enumerate(candidates, start=1):
        held = _repeats(candidate, texts, pool, frequency)
        _one(report, candidate, publish=publish, actor=actor, held=held)
        if progress and (done % 100 == 0 or done == len(candidates)):
            progress(done)


def _repeats(candidate: readers.Candidate, texts: dict, pool, frequency) -> readers.Note | None:
    """Why the row is likely a duplicate (the same text as an earlier row of the file,
    or the same initiative as a case here from elsewhere), or None."""
    if candidate.text_key:
        first = texts.setdefault(candidate.text_key, candidate)
        if first is not candidate:
            return readers.Note(
                "same_text", f"the same description as row {first.record_id} (line {first.line})"
            )
    if pool:
        data = candidate.data
        row = initiatives.Named.of(
            None,
            candidate.record_id,
            data["title"],
            data.get("countries", []),
            f"{data['title']} {data.get('summary', '')} {data.get('description', '')}",
        )
        found = initiatives.pool_matches(row, pool, frequency)
        if found:
            return readers.Note(
                "same_initiative", "the same initiative as " + ", ".join(k.label for k in found)
            )
    return None


def _mapped(mapper, number: int, raw: dict) -> readers.Candidate:
    try:
        return mapper(number, raw)
    except readers.Rejected:
        raise
    except (RecordError, ValueError, TypeError, AttributeError, KeyError) as error:
        # A value of an unexpected type (a JSON object where a list was due): the row is
        # reported, the import goes on.
        raise readers.Rejected("invalid", f"{type(error).__name__}: {error}") from error


def _one(report: Report, candidate: readers.Candidate, *, publish, actor, held=None) -> None:
    c = candidate
    try:
        outcome, changed, state = _write(c, publish=publish, actor=actor, held=held is not None)
    except readers.Rejected as error:
        _reject(report, c.line, c.record_id, c.title, error)
        return
    except ValidationError as error:
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        _reject(report, c.line, c.record_id, c.title, readers.Rejected("invalid", detail))
        return
    except (RecordError, services.TransitionError, DatabaseError, ValueError, TypeError) as error:
        _reject(report, c.line, c.record_id, c.title, readers.Rejected("not_written", str(error)))
        return
    if held is not None:
        # Reported either way; counted as held unless it was already published before.
        report.held[held.reason] += 1
        if state != Innovation.State.PUBLISHED:
            outcome = "held"
        report.entry(c.line, c.record_id, c.title, outcome, held.reason, held.detail)
    report.outcomes[outcome] += 1
    for note in c.notes:
        report.cleaned[note.reason] += 1
        report.entry(c.line, c.record_id, c.title, outcome, note.reason, note.detail)
    if outcome == "updated":
        report.entry(c.line, c.record_id, c.title, outcome, "changed", ", ".join(changed))


def _reject(report: Report, number, record_id, title, error: readers.Rejected) -> None:
    report.outcomes["rejected"] += 1
    report.rejected[error.reason] += 1
    report.entry(number, record_id, title, "rejected", error.reason, error.detail)


def _raw_title(raw) -> str:
    if not raw:
        return ""
    return str(raw.get("title") or raw.get("name") or "")[:200]
