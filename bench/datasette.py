"""The same data served by Datasette, the peer a data team would pick instead.

Datasette faceting works on columns of one table, so the bench database is exported to a
flat `cases` table (one row per published case, with its first sector and first country
as indexed text columns) and a standalone FTS5 table `cases_fts` holding the case's
texts (title, summary, the other texts as body, sector names as tags; Porter stemming),
so that both find much the same cases; wired with metadata `fts_table`/`fts_pk`.
Single-valued sector/country columns are the cheapest shape for Datasette (an index
lookup, no JSON arrays), so the comparison errs in Datasette's favour.
"""

import json
import sqlite3
import subprocess

from bench.common import OUT, log, sqlite_path, stop
from bench.measure import free_port, wait_for

VENV = OUT / "datasette-venv"
VERSION = "0.65.5"
SETTINGS = {
    "default_page_size": "20",  # the project's page size
    # Let it finish every count and facet instead of giving up (its defaults: 1000/200).
    "sql_time_limit_ms": "20000",
    "facet_time_limit_ms": "20000",
    "suggest_facets": "off",  # only the two facets asked for
}


def install() -> None:
    """A separate venv (Python 3.13 from pyenv), so the project's dependencies stay clean."""
    if (VENV / "bin" / "datasette").exists():
        return
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    python = f"{root}/versions/3.13.0/bin/python3.13"
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    subprocess.run([VENV / "bin" / "pip", "install", "-q", f"datasette=={VERSION}"], check=True)


def flat_path(size: int):
    return OUT / f"datasette-{size}" / "cases.db"


def export(size: int) -> None:
    path = flat_path(size)
    if path.exists():
        with sqlite3.connect(path) as db:
            if db.execute("SELECT count(*) FROM cases").fetchone()[0] == size:
                return
        path.unlink()
    log(f"datasette {size}: exporting {path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("ATTACH DATABASE ? AS src", [f"file:{sqlite_path(size)}?mode=ro"])
    db.executescript(
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY, slug TEXT, title TEXT, summary TEXT,
            year_launched INTEGER, level TEXT, status TEXT, published_at TEXT,
            sector TEXT, country TEXT
        );
        INSERT INTO cases
        SELECT i.id, i.slug, i.title, i.summary, i.year_launched, i.level, i.status,
               i.published_at,
               (SELECT t.slug FROM src.innovations_innovation_sectors l
                  JOIN src.innovations_sector t ON t.id = l.sector_id
                  WHERE l.innovation_id = i.id ORDER BY l.id LIMIT 1),
               (SELECT c.country FROM src.innovations_innovationcountry c
                  WHERE c.innovation_id = i.id ORDER BY c.id LIMIT 1)
        FROM src.innovations_innovation i WHERE i.state = 'published' ORDER BY i.id;
        CREATE INDEX cases_sector ON cases (sector);
        CREATE INDEX cases_country ON cases (country);
        CREATE VIRTUAL TABLE cases_fts USING fts5(
            title, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO cases_fts (rowid, title, summary, body, tags)
        SELECT i.id, i.title, i.summary,
               i.description || ' ' || i.innovative || ' ' || i.results || ' ' || i.challenges,
               (SELECT group_concat(t.name, ' ') FROM src.innovations_innovation_sectors l
                  JOIN src.innovations_sector t ON t.id = l.sector_id
                  WHERE l.innovation_id = i.id)
        FROM src.innovations_innovation i WHERE i.state = 'published' ORDER BY i.id;
        """
    )
    db.commit()
    db.execute("DETACH DATABASE src")
    db.execute("ANALYZE")
    db.commit()
    db.execute("VACUUM")
    db.close()


class Datasette:
    """`datasette serve -i cases.db` (one process, as Datasette runs)."""

    def __init__(self, size: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        metadata = OUT / f"datasette-{size}" / "metadata.json"
        metadata.write_text(
            json.dumps(
                {
                    "databases": {
                        "cases": {"tables": {"cases": {"fts_table": "cases_fts", "fts_pk": "id"}}}
                    }
                }
            )
        )
        settings = [arg for k, v in SETTINGS.items() for arg in ("--setting", k, v)]
        self.log = open(  # noqa: SIM115 (closed in __exit__)
            OUT / f"datasette-{size}.log", "w"
        )
        self.process = subprocess.Popen(
            [
                str(VENV / "bin" / "datasette"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "-i",
                str(flat_path(size)),
                "--metadata",
                str(metadata),
                *settings,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> "Datasette":
        wait_for(self.base + "/-/versions.json", self.process)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)
        self.log.close()
