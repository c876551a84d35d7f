"""Exports written to files before a byte is sent, so that no request holds a database
connection while a client reads.

- The whole catalogue (`/data/cases.csv`, `.json`, `.jsonl`) is built once per catalogue
  revision and language, into `OPSI_BUILT_FILES`, written aside and renamed into place;
  one builder per file (a lock file, so across workers too), and older revisions' files
  are removed. Every later request is a static file.
- A search's export is written to a temporary file first (on disk, not memory), and only
  `OPSI_EXPORT_BUILDS` are built at once per worker: beyond that, a 503 with Retry-After.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from ..models import CatalogueRevision
from . import exports


class Busy(Exception):
    """Too many exports are being built right now; try again in a few seconds."""


_builders: threading.BoundedSemaphore | None = None
_builders_size = 0
_guard = threading.Lock()


@contextmanager
def building():
    """One of this worker's `OPSI_EXPORT_BUILDS` slots, or Busy."""
    global _builders, _builders_size
    with _guard:
        if _builders is None or _builders_size != settings.OPSI_EXPORT_BUILDS:
            _builders_size = settings.OPSI_EXPORT_BUILDS
            _builders = threading.BoundedSemaphore(_builders_size)
        slots = _builders
    if not slots.acquire(blocking=False):
        raise Busy
    try:
        yield
    finally:
        slots.release()


def write(out: BinaryIO, rows: Iterable[str]) -> None:
    buffer: list[str] = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= 500:
            out.write("".join(buffer).encode())
            buffer = []
    out.write("".join(buffer).encode())


def search_file(fmt: str, params: QueryDict, base_url: str) -> BinaryIO:
    """A search's export in a temporary file (deleted when closed), read from the start."""
    from ..catalogue import CatalogueQuery

    with building():
        batches = CatalogueQuery.from_params(params).run().batches(exports.BATCH)
        rows = exports.stream(fmt, batches, base_url)
        out = tempfile.TemporaryFile(dir=_root(), prefix="search-")  # noqa: SIM115 (the response closes it)
        try:
            write(out, rows)
        except BaseException:
            out.close()
            raise
    out.seek(0)
    return out


def _root() -> Path:
    root = Path(settings.OPSI_BUILT_FILES)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _stem(base_url: str) -> str:
    digest = hashlib.sha256(base_url.encode()).hexdigest()[:10]
    return f"cases-{translation.get_language()}-{digest}"


def catalogue_path(fmt: str, base_url: str, *, build: bool = True) -> Path | None:
    """The whole catalogue's export at the committed revision: built now if it is not
    yet (under a lock; Busy if another request is building it), None if not built and
    `build` is false."""
    generation, number = CatalogueRevision.current()
    stem = _stem(base_url)
    path = _root() / f"{stem}-{generation}.{number}.{fmt}"
    if path.exists() or not build:
        return path if path.exists() else None
    with _exclusive(path.with_name(path.name + ".lock")), building():
        if path.exists():
            return path
        _build(fmt, base_url, path)
        for old in path.parent.glob(f"{stem}-*.{fmt}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path


@contextmanager
def _exclusive(lock_path: Path):
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(fmt: str, base_url: str, path: Path) -> None:
    from ..catalogue import CatalogueQuery

    batches = CatalogueQuery.from_params(QueryDict()).run().batches(exports.BATCH)
    rows = exports.stream(fmt, batches, base_url)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out, rows)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
