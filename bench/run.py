"""The benchmark, in one command:

    .venv/bin/python bench/run.py --sizes 1000 10000 100000

For each size: make (or reuse) the synthetic catalogue in SQLite and PostgreSQL, serve
it with gunicorn (2 workers, DEBUG off) and measure pages (a), (b), (c) and the API's
list (g) with wrk at concurrency 1 and 8, (d) a cold mix of distinct search pages each
asked for once, and (e) reads under writes; serve (a), (b) and (d) with Datasette from
the same data and measure them the same way; time the raw SQL of (a) and (b) in process
(the floor).
`--million` adds (f): worker start, memory and a cold page at 1,000,000 cases (SQLite).
Prints the tables and writes bench/out/results.md (results.json keeps every size
measured so far, so sizes can be run one at a time).
"""

import argparse
import json
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datasette, floor, generate, measure, mix, writes
from bench.common import ENGINES, OUT, SNAPSHOTS, log, manage, sqlite_path
from bench.scenarios import COUNTRY, QUERY, SECTOR, case_id, datasette_paths, project_paths

RESULTS = OUT / "results.json"
SCENARIOS = {
    "a": f"(a) /cases/?sector={SECTOR}&country={COUNTRY}",
    "b": f"(b) /cases/?q={'+'.join(QUERY)}",
    "c": "(c) a case page",
    "d": "(d) a cold mix: distinct search pages, each asked for once (--mix of them at "
    "concurrency 1, as many others at 4)",
    "e": "(e) reads (searches, case pages, the home page) at concurrency 2 while a "
    "moderator publishes or edits a case every 5 s and a draft is saved every second",
    "f": "(f) 1,000,000 cases on SQLite: worker start, worker memory, one cold page (a)",
    "g": f"(g) /api/v1/cases?sector={SECTOR}&country={COUNTRY} (JSON, facets included)",
    "i": f"(i) the insights page of (a): /insights/?sector={SECTOR}&country={COUNTRY}",
    "j": "(j) a cold mix of insights pages: the (d) kind of search, each asked for once, "
    "at concurrency 1",
}
MILLION = 1_000_000


def case_slug(size: int) -> str:
    with sqlite3.connect(f"file:{sqlite_path(size)}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT slug FROM innovations_innovation WHERE id = ?", [case_id(size)]
        ).fetchone()[0]


def hits(size: int) -> dict[str, int]:
    """How many cases (a) and (b) find, from the Datasette-independent project tables."""
    db = floor.connect("sqlite", size)
    a_sql, a_params = floor.statements("sqlite")["a"][0]
    b_sql, b_params = floor.statements("sqlite")["b"][0]
    found = {
        "a": db.execute(a_sql, a_params).fetchone()[0],
        "b": db.execute(b_sql, b_params).fetchone()[0],
    }
    db.close()
    return found


def cold_mix(base: str, paths: list[str]) -> dict:
    """(d): the first half of the paths at concurrency 1, the other half at 4."""
    half = len(paths) // 2
    results = {}
    for concurrency, part in ((1, paths[:half]), (4, paths[half:])):
        results[("d", concurrency)] = measure.replay(base, part, concurrency)
        measure.show(f"(d) c={concurrency}", results[("d", concurrency)])
    return results


def bench_size(size: int, engines: list[str], args) -> dict:
    result: dict = {
        "size": size,
        "servers": {},
        "floor": {},
        "rss_mb": {},
        "rss_end_mb": {},
        "load": {},
        "cpu": {},
        "writes": {},
    }
    for engine in engines:
        generate.ensure(engine, size)
    chosen = [s for s in "abcgi" if s in args.scenarios]
    paths = {s: p for s, p in project_paths(case_slug(size)).items() if s in chosen}
    if chosen:
        result["hits"] = hits(size)
    mixed = mix.searches(size, f"d-{args.seed}", 2 * args.mix) if "d" in args.scenarios else []
    insights = insights_mix(size, args) if "j" in args.scenarios else []
    measure.collectstatic("sqlite", size)

    for engine in engines:
        log(f"{engine} {size}: gunicorn")
        with measure.Gunicorn(engine, size) as server:
            runs: dict = {}
            measure.warm_up(server.base, mix.WARM_UP)  # both workers have started
            if paths:
                measure.warm_up(server.base, list(paths.values()))
                for path in paths.values():  # a short untimed run at full concurrency
                    measure.wrk(server.base + path, 8, 2)
                runs.update(measure.measure_all(server.base, paths, args.duration))
                result["rss_mb"][engine] = max(server.worker_rss_mb())
                log(f"    worker RSS after (a)-(c): {result['rss_mb'][engine]:.0f} MB")
            if mixed:
                runs.update(cold_mix(server.base, mixed))
                log(f"    worker RSS after (d): {max(server.worker_rss_mb()):.0f} MB")
            if insights:
                runs[("j", 1)] = measure.replay(server.base, insights, 1)
                measure.show("(j) c=1", runs[("j", 1)])
            if "e" in args.scenarios:
                result["writes"][engine] = under_writes(server, size, args)
            result["servers"][engine] = runs
            result["load"][engine] = os.getloadavg()[0]
            result["rss_end_mb"][engine] = max(server.worker_rss_mb())
        log(f"    worker RSS at the end: {result['rss_end_mb'][engine]:.0f} MB")
        if paths:
            result["cpu"][engine] = measure.cpu_ms(engine, size, paths)
        if "a" in chosen or "b" in chosen:
            result["floor"][engine] = floor.measure(engine, size)
            log(
                "    floor: "
                + ", ".join(f"({k}) {v:.2f} ms" for k, v in result["floor"][engine].items())
            )

    ds_paths = {s: p for s, p in datasette_paths().items() if s in chosen}
    if args.datasette and (ds_paths or mixed):
        datasette.install()
        datasette.export(size)
        log(f"datasette {size}")
        with sqlite3.connect(f"file:{datasette.flat_path(size)}?mode=ro", uri=True) as db:
            ds_mixed = [mix.datasette_path(path, db) for path in mixed]
        with datasette.Datasette(size) as server:
            runs = {}
            if ds_paths:
                measure.warm_up(server.base, list(ds_paths.values()), concurrency=3, rounds=2)
                runs.update(measure.measure_all(server.base, ds_paths, args.duration))
            if ds_mixed:
                runs.update(cold_mix(server.base, ds_mixed))
            result["servers"]["datasette"] = runs
            result["load"]["datasette"] = os.getloadavg()[0]
    # JSON keys must be strings
    result["servers"] = {
        name: {f"{s}/{c}": v for (s, c), v in runs.items()}
        for name, runs in result["servers"].items()
    }
    return result


def insights_mix(size: int, args) -> list[str]:
    """(j): the insights pages of distinct searches (filters and words as in (d)), none
    asked for before; paging and sorting do not change the figures, so they are dropped."""
    paths = []
    for path in mix.searches(size, f"j-{args.seed}", 4 * args.mix):
        query = [
            p for p in path.partition("?")[2].split("&") if not p.startswith(("page=", "sort="))
        ]
        found = "/insights/?" + "&".join(query)
        if found not in paths:
            paths.append(found)
    return paths[: args.mix]


def under_writes(server: measure.Gunicorn, size: int, args) -> dict:
    """(e), after its own warm-up (both workers answered, nothing of the mix)."""
    paths = mix.reads(size, f"e-{args.seed}", int(args.writes_duration * 500))
    cases = list(range(size, size - mix.WRITER_CASES, -1))
    numbers = writes.reads_under_writes(server, paths, args.writes_duration, cases)
    measure.show("(e) c=2", numbers)
    log(
        f"    (e) writes: moderator {numbers['moderator']}, {numbers['draft_saves']} draft saves "
        f"({numbers['draft_errors']} failed); {numbers['full_builds']} full facet-index builds"
    )
    return numbers


def bench_million(size: int = MILLION) -> dict:
    """(f): launch to the first answered search page, then (both workers started) one
    cold (a), and the larger worker's RSS. Three times: without a facet-index snapshot
    (the workers build their index), with the one the first start left (a restart), and
    after the deploy step `search_index facets` wrote a fresh one (its time too)."""
    generate.ensure("sqlite", size)
    measure.collectstatic("sqlite", size)
    shutil.rmtree(SNAPSHOTS, ignore_errors=True)
    numbers = {}
    for start in ("start", "restart", "after the deploy step"):
        if start == "after the deploy step":
            shutil.rmtree(SNAPSHOTS, ignore_errors=True)
            began = time.perf_counter()
            manage("sqlite", size, "search_index", "facets")
            numbers["deploy step s"] = time.perf_counter() - began
            log(f"    search_index facets: {numbers['deploy step s']:.1f} s")
        log(f"sqlite {size}: gunicorn ({start})")
        # A worker that takes over 30 s for its first page would be killed by gunicorn's
        # default timeout; let it finish to measure it (and say so in the results).
        with measure.Gunicorn("sqlite", size, "/cases/", "--timeout", "600") as server:
            measure.warm_up(server.base, mix.WARM_UP)
            started = time.perf_counter()
            measure.fetch(server.base + project_paths("")["a"])
            numbers[start] = {
                "s": server.started_s,
                "full_builds": server.full_builds(0),
                "cold_a_ms": (time.perf_counter() - started) * 1000,
                "rss_mb": max(server.worker_rss_mb()),
                "load": os.getloadavg()[0],
            }
        log(f"    {numbers[start]}")
    return numbers


def cell(value, spec: str = ",.0f") -> str:
    return "" if value is None else format(value, spec)


def table(results: dict) -> str:
    lines = [
        "| cases | server | page | conc | req/s | p50 ms | p95 ms | p99 ms "
        "| ÷ Datasette (req/s) | floor ms | p50 ÷ floor | CPU ms/page warm / cold |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sizes = sorted(results, key=int)
    for size in sizes:
        r = results[size]
        ds = r.get("servers", {}).get("datasette", {})
        for server in [*ENGINES, "datasette"]:
            runs = r.get("servers", {}).get(server)
            if not runs:
                continue
            for key, m in runs.items():
                scenario, conc = key.split("/")
                peer = ds.get(key)
                ratio = f"{m['rps'] / peer['rps']:.1f}×" if peer and server != "datasette" else ""
                floor_ms = r["floor"].get(server, {}).get(scenario)
                if server == "datasette":
                    floor_ms = r["floor"].get("sqlite", {}).get(scenario)
                floor_cells = f"{floor_ms:.2f} | {m['p50'] / floor_ms:.1f}×" if floor_ms else " | "
                errors = f" ({m['errors']} errors)" if m["errors"] else ""
                cpu = r.get("cpu", {}).get(server, {}).get(scenario)
                if isinstance(cpu, float):  # results from before cold runs were measured
                    cpu = {"warm": cpu, "cold": cpu}
                cpu_cell = f"{cpu['warm']:.1f} / {cpu['cold']:.1f}" if cpu and conc == "1" else ""
                lines.append(
                    f"| {int(size):,} | {server} | {SCENARIOS[scenario][:3]} | {conc} "
                    f"| {m['rps']:.1f}{errors} | {m['p50']:.2f} | {cell(m.get('p95'), '.2f')} "
                    f"| {m['p99']:.2f} | {ratio} | {floor_cells} | {cpu_cell} |"
                )
    lines += [
        "",
        "| cases | server | worker RSS after (a)–(c) (MB, larger of the 2 workers) "
        "| at the end (MB) | project finds (a) | project finds (b) "
        "| 1-min load average after the runs (2 cores) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        r = results[size]
        hits = r.get("hits", {})
        for server, load in r.get("load", {}).items():
            lines.append(
                f"| {int(size):,} | {server} | {cell(r['rss_mb'].get(server))} "
                f"| {cell(r.get('rss_end_mb', {}).get(server))} | {cell(hits.get('a'))} "
                f"| {cell(hits.get('b'))} | {load:.1f} |"
            )
    writes_rows = [
        (size, engine, w) for size in sizes for engine, w in results[size].get("writes", {}).items()
    ]
    if writes_rows:
        lines += [
            "",
            "(e) reads under writes, concurrency 2:",
            "",
            "| cases | server | seconds | reads | req/s | p50 ms | p99 ms | max ms | read errors "
            "| moderator writes (publish / unpublish / edit, failed) | draft saves (failed) "
            "| full facet-index builds |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        ]
        for size, engine, w in writes_rows:
            m = w["moderator"]
            lines.append(
                f"| {int(size):,} | {engine} | {w.get('seconds', '')} | {w['requests']:,} "
                f"| {w['rps']:.1f} | {w['p50']:.2f} | {w['p99']:.2f} | {w['max']:.2f} "
                f"| {w['errors']} | {m['publish']} / {m['unpublish']} / {m['edit']}, "
                f"{m['errors']} | {w['draft_saves']} ({w['draft_errors']}) "
                f"| {w['full_builds']} |"
            )
    million = results.get(str(MILLION), {}).get("million")
    if million:
        lines += [
            "",
            "(f) 1,000,000 cases, SQLite:",
            "",
            "| start | launch to first search page (s) | full facet-index builds "
            "| one cold (a) (ms) | worker RSS (MB, larger) | 1-min load |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for start in ("start", "restart", "after the deploy step"):
            m = million.get(start)
            if m is None:  # (a result file from before the deploy step was measured)
                continue
            lines.append(
                f"| {start} | {m['s']:.1f} | {m['full_builds']} | {m['cold_a_ms']:.0f} "
                f"| {m['rss_mb']:.0f} | {m['load']:.1f} |"
            )
        if "deploy step s" in million:
            seconds = million["deploy step s"]
            lines.append(f"\n`search_index facets` (the deploy step): {seconds:.1f} s.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument(
        "--scenarios",
        nargs="*",
        default=list("abcdegij"),
        choices=list("abcdefgij"),
        metavar="S",
    )
    parser.add_argument("--million", action="store_true", help="add (f): 1,000,000 cases")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--mix", type=int, default=500, help="URLs per concurrency in (d)")
    parser.add_argument("--writes-duration", type=float, default=60, help="seconds of (e)")
    parser.add_argument("--seed", type=int, default=1, help="of the URL mixes of (d), (e)")
    parser.add_argument("--no-datasette", dest="datasette", action="store_false")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if set(args.scenarios) & set("abcdegij"):
        for size in args.sizes:
            results[str(size)] = bench_size(size, args.engines, args)
            RESULTS.write_text(json.dumps(results, indent=1))
    if args.million or "f" in args.scenarios:
        results.setdefault(str(MILLION), {"size": MILLION})["million"] = bench_million()
        RESULTS.write_text(json.dumps(results, indent=1))
    text = table(results)
    legend = "\n".join(
        [
            "Pages: " + "; ".join(SCENARIOS.values()) + ".",
            "÷ Datasette: the project's requests/s divided by Datasette's for the same page "
            "and concurrency ((d): the mapped URLs, see bench/README.md). floor: median time "
            "of the raw SQL the page needs (count, first page of ids, sector and country "
            "facet counts), in process, one connection (Datasette rows: the SQLite floor). "
            "p50 ÷ floor: how many times the floor the page's median latency is. CPU "
            "ms/page: median CPU time of one request in process (Django test client, DEBUG "
            "off; bench/cpu.py), what the page costs on an idle core whatever else the "
            "machine runs; warm as wrk measures it (the worker's remembered text matches, "
            "cards and case articles in use), cold with those emptied before each request. "
            "wrk repeats one URL, so its rows are warm; (d) and (e) ask for each URL once.",
        ]
    )
    slow = OUT / "slow.md"  # (g) and (h), from bench/slow.py
    kept = f"\n<!-- slow -->\n{slow.read_text()}<!-- /slow -->\n" if slow.exists() else ""
    (OUT / "results.md").write_text(text + "\n\n" + legend + "\n" + kept)
    print(text)
    print()
    print(legend)


if __name__ == "__main__":
    main()
