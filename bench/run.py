"""The benchmark, in one command:

    .venv/bin/python bench/run.py --sizes 1000 10000 100000

For each size: make (or reuse) the synthetic catalogue in SQLite and PostgreSQL, serve
it with gunicorn (2 workers, DEBUG off) and measure pages (a), (b), (c) with wrk at
concurrency 1 and 8; serve (a) and (b) with Datasette from the same data and measure
them the same way; time the raw SQL of (a) and (b) in process (the floor). Prints one
table and writes bench/out/results.md (results.json keeps every size measured so far,
so sizes can be run one at a time).
"""

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datasette, floor, generate, measure
from bench.common import ENGINES, OUT, log, sqlite_path
from bench.scenarios import COUNTRY, QUERY, SECTOR, case_id, datasette_paths, project_paths

RESULTS = OUT / "results.json"
SCENARIOS = {
    "a": f"(a) /cases/?sector={SECTOR}&country={COUNTRY}",
    "b": f"(b) /cases/?q={'+'.join(QUERY)}",
    "c": "(c) a case page",
}


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


def bench_size(size: int, engines: list[str], duration: int, with_datasette: bool) -> dict:
    result: dict = {"size": size, "servers": {}, "floor": {}, "rss_mb": {}, "load": {}, "cpu": {}}
    for engine in engines:
        generate.ensure(engine, size)
    result["hits"] = hits(size)
    paths = project_paths(case_slug(size))
    measure.collectstatic("sqlite", size)

    for engine in engines:
        log(f"{engine} {size}: gunicorn")
        with measure.Gunicorn(engine, size) as server:
            measure.warm_up(server.base, list(paths.values()))
            for path in paths.values():  # a short untimed run at full concurrency
                measure.wrk(server.base + path, 8, 2)
            result["servers"][engine] = measure.measure_all(server.base, paths, duration)
            result["rss_mb"][engine] = max(server.worker_rss_mb())
            result["load"][engine] = os.getloadavg()[0]
        log(f"    worker RSS: {result['rss_mb'][engine]:.0f} MB")
        result["cpu"][engine] = measure.cpu_ms(engine, size, paths)
        result["floor"][engine] = floor.measure(engine, size)
        log(
            "    floor: "
            + ", ".join(f"({k}) {v:.2f} ms" for k, v in result["floor"][engine].items())
        )

    if with_datasette:
        datasette.install()
        datasette.export(size)
        log(f"datasette {size}")
        with datasette.Datasette(size) as server:
            ds_paths = datasette_paths()
            measure.warm_up(server.base, list(ds_paths.values()), concurrency=3, rounds=2)
            result["servers"]["datasette"] = measure.measure_all(server.base, ds_paths, duration)
            result["load"]["datasette"] = os.getloadavg()[0]
    # JSON keys must be strings
    result["servers"] = {
        name: {f"{s}/{c}": v for (s, c), v in runs.items()}
        for name, runs in result["servers"].items()
    }
    return result


def table(results: dict) -> str:
    lines = [
        "| cases | server | page | conc | req/s | p50 ms | p99 ms | ÷ Datasette (req/s) "
        "| floor ms | p50 ÷ floor | CPU ms/page warm / cold |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sorted(results, key=int):
        r = results[size]
        ds = r["servers"].get("datasette", {})
        for server in [*ENGINES, "datasette"]:
            runs = r["servers"].get(server)
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
                    f"| {m['rps']:.1f}{errors} | {m['p50']:.2f} | {m['p99']:.2f} | {ratio} "
                    f"| {floor_cells} | {cpu_cell} |"
                )
    lines += [
        "",
        "| cases | server | worker RSS after the runs (MB, larger of the 2 workers) "
        "| project finds (a) | project finds (b) | 1-min load average after the runs (2 cores) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for size in sorted(results, key=int):
        r = results[size]
        for server, load in r.get("load", {}).items():
            rss = r["rss_mb"].get(server)
            lines.append(
                f"| {int(size):,} | {server} | {f'{rss:.0f}' if rss else ''} "
                f"| {r['hits']['a']:,} | {r['hits']['b']:,} | {load:.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--no-datasette", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for size in args.sizes:
        results[str(size)] = bench_size(size, args.engines, args.duration, not args.no_datasette)
        RESULTS.write_text(json.dumps(results, indent=1))
    text = table(results)
    legend = "\n".join(
        [
            "Pages: " + "; ".join(SCENARIOS.values()) + ".",
            "÷ Datasette: the project's requests/s divided by Datasette's for the same page "
            "and concurrency. floor: median time of the raw SQL the page needs (count, first "
            "page of ids, sector and country facet counts), in process, one connection "
            "(Datasette rows: the SQLite floor). p50 ÷ floor: how many times the floor the "
            "page's median latency is. CPU ms/page: median CPU time of one request in process "
            "(Django test client, DEBUG off; bench/cpu.py), what the page costs on an idle "
            "core whatever else the machine runs; warm as wrk measures it (the worker's "
            "remembered text matches, cards and case articles in use), cold with those "
            "emptied before each request. wrk repeats one URL, so its rows are warm.",
        ]
    )
    (OUT / "results.md").write_text(text + "\n\n" + legend + "\n")
    print(text)
    print()
    print(legend)


if __name__ == "__main__":
    main()
