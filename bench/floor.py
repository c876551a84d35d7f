"""The floor: the raw SQL that pages (a) and (b) need, timed in process.

Per scenario, on the project's own tables, with plain sqlite3 / psycopg on one open
connection: the total count, the first page of 20 ids in the page's order, and the
counts of the two facet groups Datasette computes (sector and country) by GROUP BY,
each group disjunctive (counted with the *other* filter applied, as the page does).
No rendering, no fetching of the cards' fields: a lower bound, not a page.
The time is the median over N runs of the whole set of statements.
"""

import sqlite3
import statistics
import time

import Stemmer

from bench.common import PG_ADMIN, pg_name, sqlite_path
from bench.scenarios import COUNTRY, QUERY, SECTOR


def statements(engine: str) -> dict[str, list[tuple[str, list]]]:
    """The statements of each scenario, as a careful hand would write them (joins on the
    link tables' covering indexes). Every bench case is published and the full-text index
    holds only published cases, so the link rows are not checked against the case's
    state: on SQLite that check reads the case row, whose `state` column sits after ~4 KB
    of text (overflow pages), and costs more than the rest of the query."""
    p = "?" if engine == "sqlite" else "%s"
    in_sector = (
        "SELECT l.innovation_id FROM innovations_innovation_sectors l "
        f"JOIN innovations_sector t ON t.id = l.sector_id WHERE t.slug = {p}"
    )
    # Walk the (state, published_at) index newest first until 20 match (SQLite would
    # otherwise read every matching case row to sort them).
    by_date = "INDEXED BY innovation_state_pub" if engine == "sqlite" else ""
    # From the sector's links to their countries, not the other way round.
    join = "CROSS JOIN" if engine == "sqlite" else "JOIN"
    a = [
        (
            "SELECT count(*) FROM innovations_innovationcountry c "
            "JOIN innovations_innovation_sectors l ON l.innovation_id = c.innovation_id "
            "JOIN innovations_sector t ON t.id = l.sector_id "
            f"WHERE c.country = {p} AND t.slug = {p}",
            [COUNTRY, SECTOR],
        ),
        (
            f"SELECT i.id FROM innovations_innovation i {by_date} WHERE i.state = 'published' "
            f"AND i.id IN (SELECT innovation_id FROM innovations_innovationcountry "
            f"WHERE country = {p}) AND i.id IN ({in_sector}) "
            "ORDER BY i.published_at DESC, i.id DESC LIMIT 20",  # the newest first
            [COUNTRY, SECTOR],
        ),
        (  # sectors, with the country filter applied
            "SELECT l.sector_id, count(*) FROM innovations_innovationcountry c "
            "JOIN innovations_innovation_sectors l ON l.innovation_id = c.innovation_id "
            f"WHERE c.country = {p} GROUP BY l.sector_id",
            [COUNTRY],
        ),
        (  # countries, with the sector filter applied
            "SELECT c.country, count(*) FROM innovations_sector t "
            f"{join} innovations_innovation_sectors l ON l.sector_id = t.id "
            f"{join} innovations_innovationcountry c ON c.innovation_id = l.innovation_id "
            f"WHERE t.slug = {p} GROUP BY c.country",
            [SECTOR],
        ),
    ]
    # The text query on the project's own index: the cases holding both words' stems
    # (the engine reads them the same way on both databases), best by summed weight.
    # (Snowball's English stems, as `innovations.search.analysis` makes them.)
    stems = [Stemmer.Stemmer("english").stemWord(word.lower()) for word in QUERY]
    marks = ", ".join([p] * len(stems))
    hits = (
        f"SELECT case_id AS id FROM innovations_searchterm WHERE term IN ({marks}) "
        f"GROUP BY case_id HAVING count(*) = {len(stems)}"
    )
    page = f"{hits} ORDER BY sum(weight) DESC, case_id DESC LIMIT 20"
    b = [
        (f"SELECT count(*) FROM ({hits}) h", stems),
        (page, stems),
        (
            f"SELECT l.sector_id, count(*) FROM ({hits}) h "
            "JOIN innovations_innovation_sectors l ON l.innovation_id = h.id GROUP BY l.sector_id",
            stems,
        ),
        (
            f"SELECT c.country, count(*) FROM ({hits}) h "
            "JOIN innovations_innovationcountry c ON c.innovation_id = h.id GROUP BY c.country",
            stems,
        ),
    ]
    return {"a": a, "b": b}


def connect(engine: str, size: int):
    if engine == "sqlite":
        db = sqlite3.connect(f"file:{sqlite_path(size)}?mode=ro", uri=True)
        # Memory-mapped reads and a 256 MB page cache: pages come from memory, not
        # from a read() system call each (SQLite's default cache is 2 MB).
        db.execute("PRAGMA mmap_size = 4294967296")
        db.execute("PRAGMA cache_size = -262144")
        return db
    import psycopg

    return psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + pg_name(size), autocommit=True)


def measure(engine: str, size: int, runs: int = 30, budget_s: float = 10.0) -> dict[str, float]:
    """Median milliseconds per scenario for the whole set of statements."""
    db = connect(engine, size)
    results = {}
    for scenario, sqls in statements(engine).items():
        times = []
        started = time.perf_counter()
        for n in range(runs + 2):
            t0 = time.perf_counter()
            for sql, params in sqls:
                db.execute(sql, params).fetchall()
            if n >= 2:  # two warm-up runs
                times.append((time.perf_counter() - t0) * 1000)
            if times and time.perf_counter() - started > budget_s:
                break
        results[scenario] = statistics.median(times)
    db.close()
    return results
