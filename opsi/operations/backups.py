"""Backing up and restoring the database, safely while the site runs.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent
snapshot in one read transaction while other connections go on writing (WAL).
PostgreSQL: `pg_dump -Fc`
(one consistent snapshot, compressed) and `pg_restore --clean --if-exists --no-owner` in
one transaction. `database` is a Django settings dict (`connection.settings_dict`), so
the tests can restore into a scratch database.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


def engine(database: dict) -> str:
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return "sqlite"
    if vendor == "postgresql":
        return "postgresql"
    raise CommandError(f"Backups support SQLite and PostgreSQL, not {database['ENGINE']}.")


def default_path(database: dict, folder: Path | None = None) -> Path:
    """var/backups/opsi-<engine>-<UTC time>.<suffix>, or that name in `folder`."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"opsi-{engine(database)}-{stamp}{SUFFIX[engine(database)]}"
    return (folder or Path(settings.BASE_DIR) / "var" / "backups") / name


def backup(database: dict, path: Path) -> Path:
    """Write a backup of `database` to `path` (a file; written aside, then renamed, so
    an interrupted backup never leaves a partial file under the final name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine(database) == "sqlite":
        source = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        target = sqlite3.connect(partial)
        try:
            # In one step, that is one read transaction: in WAL mode (the settings'
            # journal mode) writers go on meanwhile and the copy is the database as it
            # was when it began. In several steps, a write by another connection between
            # two steps would restart the copy, which a busy site could do for ever.
            source.backup(target, pages=-1)
        finally:
            target.close()
            source.close()
    else:
        run([pg_binary("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"], database)
    partial.replace(path)
    return path


def restore(database: dict, path: Path) -> None:
    """Replace the contents of `database` with the backup at `path`."""
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    if engine(database) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            source.close()
            raise CommandError(f"{path} is not an SQLite database: {error}") from error
        target = sqlite3.connect(database["NAME"], timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        # One transaction: a failed restore leaves the database as it was.
        command = [pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner"]
        command += ["--single-transaction", f"--dbname={database['NAME']}", str(path)]
        run(command, database)


def pg_binary(name: str) -> str:
    """`pg_dump` or `pg_restore`: on PATH, or the newest in /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if versions:
        return versions[-1]
    raise CommandError(
        f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin. Install the "
        "PostgreSQL client tools of the server's major version (Debian: postgresql-client)."
    )


def libpq_environment(database: dict) -> dict[str, str]:
    """The connection as libpq's variables, so that no password is on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def run(command: list[str], database: dict) -> None:
    with tempfile.TemporaryFile("w+") as errors:
        done = subprocess.run(command, env=libpq_environment(database), stderr=errors)
        if done.returncode:
            errors.seek(0)
            raise CommandError(f"{Path(command[0]).name} failed: {errors.read().strip()}")
