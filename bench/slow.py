"""Slow and greedy clients, against the old production command and the new one:

    .venv/bin/python bench/slow.py --size 10000

(k) 50 slowloris connections (each sends a request line, then a header line a second,
and never ends its headers) held open while one client reads the home page and a text
search in turn; (l) 2 clients downloading the full CSV export in a loop while one client
reads the home page. Each server is measured with nothing else running first (the
baseline), then under (k), then under (l). SQLite, Redis as the shared cache, DEBUG off,
the catalogue of bench/generate.py. Writes bench/out/slow.json, bench/out/slow.md, and
that table into bench/out/results.md.
"""

import argparse
import asyncio
import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, measure
from bench.common import OUT, log
from bench.scenarios import project_paths

# The old production command (README before issue 8) and the new one; both with the
# 120 s timeout a first facet build needs at 1,000,000 cases.
SERVERS = {
    "sync": {"app": "opsi.wsgi", "options": ["--timeout", "120"], "env": {}},
    "asgi": {
        "app": "opsi.asgi",
        "options": ["--worker-class", "asgi", "--timeout", "120"],
        # Under ASGI every request runs in a thread of its own: a kept connection would
        # belong to a finished thread (Django's docs: no persistent connections).
        "env": {"DJANGO_CONN_MAX_AGE": "0"},
    },
}
HOME = "/"
SEARCH = project_paths("")["b"]
EXPORT = "/cases/export.csv"
SLOW_CONNECTIONS = 50
TIMEOUT = 10.0  # a read slower than this counts as an error


class Slowloris(threading.Thread):
    """`count` connections, each sending one header line a second and never finishing;
    a connection the server closes is opened again (and counted)."""

    def __init__(self, port: int, count: int):
        super().__init__(daemon=True)
        self.port, self.count = port, count
        self.reopened = 0
        self.open = 0
        self.stopping = False

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        await asyncio.gather(*(self._one(n) for n in range(self.count)))

    async def _one(self, n: int) -> None:
        while not self.stopping:
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(1)
                continue
            self.open += 1
            try:
                writer.write(f"GET /?slow={n} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
                await writer.drain()
                line = 0
                while not self.stopping:
                    await asyncio.sleep(1)
                    line += 1
                    writer.write(f"X-Slow-{line}: {line}\r\n".encode())
                    await writer.drain()
            except OSError:
                self.reopened += 1
            finally:
                self.open -= 1
                writer.close()


def read_loop(port: int, paths: list[str], seconds: float) -> dict:
    """One client asking for `paths` in turn for `seconds`: latencies of the good answers,
    and errors (a failure, a timeout of TIMEOUT s, or a status other than 200)."""
    latencies, errors, first_error = [], 0, None
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            latencies.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # every failure is an error here
            errors += 1
            first_error = first_error or f"{path}: {error!r}"
    ordered = sorted(latencies)
    return {
        "requests": n,
        "ok": len(ordered),
        "errors": errors,
        "first_error": first_error,
        "p50": measure.percentile(ordered, 50) if ordered else None,
        "p99": measure.percentile(ordered, 99) if ordered else None,
        "max": ordered[-1] if ordered else None,
    }


class ExportLoops(threading.Thread):
    """`clients` threads downloading the full CSV export again and again."""

    def __init__(self, port: int, clients: int):
        super().__init__(daemon=True)
        self.port, self.clients = port, clients
        self.done, self.bytes, self.errors, self.seconds = 0, 0, 0, []
        self.stopping = False

    def run(self) -> None:
        threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _loop(self) -> None:
        while not self.stopping:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                connection.request("GET", EXPORT)
                response = connection.getresponse()
                size = len(response.read())
                connection.close()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
                self.done += 1
                self.bytes += size
                self.seconds.append(time.perf_counter() - started)
            except Exception:
                self.errors += 1
                time.sleep(0.5)


def bench_server(name: str, size: int, seconds: float) -> dict:
    spec = SERVERS[name]
    log(f"{name}: gunicorn {spec['app']} {' '.join(spec['options'])}")
    with measure.Gunicorn(
        "sqlite", size, "/", *spec["options"], app=spec["app"], env=spec["env"]
    ) as server:
        measure.warm_up(server.base, [HOME, SEARCH, "/cases/?year_from=2000"])
        measure.fetch(server.base + EXPORT)
        result = {"baseline": read_loop(server.port, [HOME, SEARCH], seconds)}
        log(f"    baseline: {result['baseline']}")

        slow = Slowloris(server.port, SLOW_CONNECTIONS)
        slow.start()
        time.sleep(3)  # every slow connection is open and has sent a few lines
        result["slow"] = read_loop(server.port, [HOME, SEARCH], seconds)
        result["slow"]["slow_open"] = slow.open
        slow.stopping = True
        result["slow"]["slow_reopened"] = slow.reopened
        log(f"    (k) with {SLOW_CONNECTIONS} slow connections: {result['slow']}")
        slow.join(5)
        time.sleep(2)

        result["home_before"] = read_loop(server.port, [HOME], seconds)
        loops = ExportLoops(server.port, 2)
        loops.start()
        time.sleep(2)
        result["export"] = read_loop(server.port, [HOME], seconds)
        loops.stopping = True
        loops.join(300)
        result["export"].update(
            exports=loops.done,
            export_errors=loops.errors,
            export_mb=loops.bytes / max(loops.done, 1) / 1e6,
            export_s=sorted(loops.seconds)[len(loops.seconds) // 2] if loops.seconds else None,
        )
        result["rss_mb"] = max(server.worker_rss_mb())
        result["load"] = os.getloadavg()[0]
        log(f"    (l) home before {result['home_before']}, during {result['export']}")
    return result


def ms(value) -> str:
    return "" if value is None else f"{value:,.1f}"


def table(results: dict, size: int) -> str:
    lines = [
        f"### Slow and greedy clients ({size:,} cases, SQLite, 2 workers, bench/slow.py)",
        "",
        "| server | reads | requests | errors | p50 ms | p99 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "baseline": "home + search, alone",
        "slow": f"home + search, {SLOW_CONNECTIONS} slow connections open",
        "home_before": "home, alone",
        "export": "home, 2 clients looping the full CSV export",
    }
    for name, r in results.items():
        for key, label in labels.items():
            row = r[key]
            lines.append(
                f"| {name} | {label} | {row['requests']} | {row['errors']} | {ms(row['p50'])} "
                f"| {ms(row['p99'])} | {ms(row['max'])} |"
            )
    lines += [
        "",
        "| server | exports done (both clients) | export MB | export s (p50) | "
        "worker RSS MB | 1-min load |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        e = r["export"]
        lines.append(
            f"| {name} | {e['exports']} | {ms(e['export_mb'])} | {ms(e['export_s'])} "
            f"| {r['rss_mb']:.0f} | {r['load']:.1f} |"
        )
    lines += [
        "",
        "sync: `gunicorn opsi.wsgi --workers 2 --timeout 120` (the old production command); "
        "asgi: `gunicorn opsi.asgi --worker-class asgi --workers 2 --timeout 120` with "
        "`DJANGO_CONN_MAX_AGE=0`. One reading client, a new connection per request; an "
        f"error is a failed request, a status other than 200 or no answer within {TIMEOUT:.0f} s.",
    ]
    return "\n".join(lines)


def write(results: dict, size: int) -> None:
    (OUT / "slow.json").write_text(json.dumps(results, indent=1))
    text = table(results, size)
    (OUT / "slow.md").write_text(text + "\n")
    main_md = OUT / "results.md"
    start, end = "<!-- slow -->", "<!-- /slow -->"
    old = main_md.read_text() if main_md.exists() else ""
    if start in old:
        old = old.split(start)[0] + old.split(end, 1)[1].lstrip("\n")
    main_md.write_text(old.rstrip("\n") + f"\n\n{start}\n{text}\n{end}\n")
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    parser.add_argument("--seconds", type=float, default=30, help="of each read loop")
    parser.add_argument(
        "--label", default="", help="appended to the server's name in the table, for a variant"
    )
    args = parser.parse_args()
    generate.ensure("sqlite", args.size)
    measure.collectstatic("sqlite", args.size)
    saved = OUT / "slow.json"
    results = json.loads(saved.read_text()) if saved.exists() else {}  # other servers' rows
    for name in args.servers:
        results[name + args.label] = bench_server(name, args.size, args.seconds)
    write(results, args.size)


if __name__ == "__main__":
    main()
