"""CPU time per page, in process: a load-independent companion to wrk's latencies.

The machine is shared, so wall-clock latencies move with whatever else runs. This runs
each page through Django's test client (DEBUG off, same database) and reports the median
CPU time of the process per request (`time.process_time`): what the page costs on an
idle core, SQL included for SQLite (in process) but not PostgreSQL's own CPU.

Run as a Django script: `python bench/cpu.py PATH...` with DJANGO_SETTINGS_MODULE and
DATABASE_URL set; prints one JSON object {path: milliseconds}.
"""

import json
import statistics
import sys
import time


def main(paths: list[str], runs: int = 30) -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client()
    result = {}
    for path in paths:
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(runs):
            started = time.process_time()
            client.get(path)
            times.append((time.process_time() - started) * 1000)
        result[path] = statistics.median(times)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
