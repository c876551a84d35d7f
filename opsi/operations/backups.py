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
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # Readable by its owner only: a backup holds password hashes and TOTP secrets. Made
    # empty with that mode first, so that no other user can open it while it is written.
    partial.touch(mode=0o600)
    os.chmod(partial, 0o600)  # whatever the umask
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
        source = verified_sqlite(path)
        keep_aside(database)
        target = sqlite3.connect(database["NAME"], timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        # The archive's table of contents must read before anything is dropped; its data
        # is checked as it is loaded, in one transaction: a failed restore leaves the
        # database as it was.
        run([pg_binary("pg_restore"), "--list", str(path)], database, quiet=True)
        command = [pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner"]
        command += ["--single-transaction", f"--dbname={database['NAME']}", str(path)]
        run(command, database)


def verified_sqlite(path: Path) -> sqlite3.Connection:
    """The backup, opened read-only, once SQLite's integrity check passes and it holds
    the catalogue's tables; a damaged file is refused before the live database is
    touched (even with --force)."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in source.execute("PRAGMA integrity_check(20)")]
        if problems != ["ok"]:
            raise CommandError(
                f"{path} is damaged; nothing was restored. SQLite's integrity check says: "
                + "; ".join(problems[:5])
            )
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if "innovations_innovation" not in tables:
            raise CommandError(f"{path} holds no catalogue; nothing was restored.")
    except sqlite3.DatabaseError as error:
        source.close()
        raise CommandError(f"{path} is not an SQLite database: {error}") from error
    except CommandError:
        source.close()
        raise
    return source


def keep_aside(database: dict) -> Path | None:
    """A copy of the live SQLite database next to it (`<name>.before-restore-<time>`,
    mode 0600), so that a restore can be undone."""
    live = Path(database["NAME"])
    if not live.is_file() or live.stat().st_size == 0:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup(database, live.with_name(f"{live.name}.before-restore-{stamp}"))


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


def run(command: list[str], database: dict, quiet: bool = False) -> None:
    with tempfile.TemporaryFile("w+") as errors:
        output = subprocess.DEVNULL if quiet else None
        done = subprocess.run(
            command, env=libpq_environment(database), stdout=output, stderr=errors
        )
        if done.returncode:
            errors.seek(0)
            raise CommandError(f"{Path(command[0]).name} failed: {errors.read().strip()}")
