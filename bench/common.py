"""Paths, database addresses and small helpers shared by the benchmark modules."""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
# Where the servers keep their facet-index snapshots (OPSI_FACET_SNAPSHOTS); emptied
# whenever a bench database is generated, so that no snapshot outlives its database.
SNAPSHOTS = OUT / "facets"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
ENGINES = ("sqlite", "postgresql")


def sqlite_path(size: int) -> Path:
    return OUT / f"bench-{size}.sqlite3"


def pg_name(size: int) -> str:
    return f"opsi_bench_{size}"


def database_url(engine: str, size: int) -> str:
    if engine == "sqlite":
        return f"sqlite:///{sqlite_path(size)}"  # sqlite:////abs/path
    return f"postgres://postgres@127.0.0.1:5432/{pg_name(size)}"


def django_env(engine: str, size: int, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="opsi.settings",
        DATABASE_URL=database_url(engine, size),
        PYTHONPATH=str(ROOT),
        OPSI_FACET_SNAPSHOTS=str(SNAPSHOTS),
        **extra,
    )
    return env


def manage(engine: str, size: int, *args: str, **extra: str) -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=django_env(engine, size, **extra),
        check=True,
    )


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop (SIGTERM), and kill it if it has not within 30 s."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
