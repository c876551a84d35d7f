"""CPU time per page, in process: a load-independent companion to wrk's latencies.

The machine is shared, so wall-clock latencies move with whatever else runs. This runs
each page through Django's test client (DEBUG off, same database) and reports the median
CPU time of the process per request (`time.process_time`): what the page costs on an
idle core, SQL included for SQLite (in process) but not PostgreSQL's own CPU.

Each page is timed twice: warm (the worker's remembered text matches and rankings, and
the cached cards and case articles, in use, as when a page is asked for again) and cold
(those emptied before each request, as for a query or case nobody asked for since the
catalogue last changed).

Run as a Django script: `python bench/cpu.py PATH...` with DJANGO_SETTINGS_MODULE and
DATABASE_URL set; prints one JSON object {path: {"warm": ms, "cold": ms}}.
"""

import json
import statistics
import sys
import time
from functools import partial


def timed(request, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.process_time()
        request()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main(paths: list[str], runs: int = 30) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from innovations import facets

    def forget_pages() -> None:
        index = facets.current_index()
        for name in ("texts", "ranks", "cards", "pages"):  # whichever the index keeps
            getattr(index, name, {}).clear()
        cache.clear()  # rendered cards and case pages (in process: local memory)

    client = Client()
    result = {}
    for path in paths:
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        result[path] = {
            "warm": timed(partial(client.get, path), runs),
            "cold": timed(partial(client.get, path), runs, before=forget_pages),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
