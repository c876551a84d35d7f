"""Serving the site with gunicorn, warming it up, and measuring a URL with wrk."""

import json
import re
import secrets
import shutil
import socket
import string
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.common import BENCH, OUT, ROOT, django_env, log, manage, stop

WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONCURRENCY = {1: ["-t1", "-c1"], 8: ["-t2", "-c8"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read()


def warm_up(base: str, paths: list[str], concurrency: int = 8, rounds: int = 3) -> None:
    """Request each page at once from several clients, so that every worker has built
    its facet index and compiled its templates before anything is timed."""
    with ThreadPoolExecutor(concurrency) as pool:
        for path in paths:
            for _ in range(rounds):
                list(pool.map(fetch, [base + path] * concurrency))


def wrk(url: str, concurrency: int, duration: int) -> dict:
    command = [
        WRK,
        *CONCURRENCY[concurrency],
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "report.lua"),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = dict(re.findall(r"(\w+)=(\d+)", output.split("RESULT", 1)[1]))
    n = int(found["requests"])
    return {
        "rps": n / (int(found["duration_us"]) / 1e6),
        "p50": int(found["p50_us"]) / 1000,
        "p99": int(found["p99_us"]) / 1000,
        "requests": n,
        "errors": int(found["errors"]),
    }


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def collectstatic(engine: str, size: int) -> None:
    manage(engine, size, "collectstatic", "--noinput", "-v0", **production_env())


def production_env() -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_SECURE_COOKIES": "0",
    }


class Gunicorn:
    """`gunicorn opsi.wsgi -w 2` on a free loopback port, for one bench database."""

    def __init__(self, engine: str, size: int, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(  # noqa: SIM115 (closed in __exit__)
            OUT / f"gunicorn-{engine}-{size}.log", "w"
        )
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "opsi.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=django_env(engine, size, **production_env()),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> "Gunicorn":
        wait_for(self.base + "/", self.process)
        return self

    def worker_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in children(self.process.pid)]

    def __exit__(self, *exc) -> None:
        stop(self.process)
        self.log.close()


def measure_all(base: str, paths: dict[str, str], duration: int) -> dict:
    """Every scenario at concurrency 1 and 8: {(scenario, concurrency): numbers}."""
    results = {}
    for scenario, path in paths.items():
        for concurrency in CONCURRENCY:
            numbers = wrk(base + path, concurrency, duration)
            log(
                f"    ({scenario}) c={concurrency}: {numbers['rps']:.1f} req/s, "
                f"p50 {numbers['p50']:.2f} ms, p99 {numbers['p99']:.2f} ms"
                + (f", {numbers['errors']} ERRORS" if numbers["errors"] else "")
            )
            results[(scenario, concurrency)] = numbers
    return results


def cpu_ms(engine: str, size: int, paths: dict[str, str]) -> dict[str, float]:
    """Median CPU milliseconds per page in process (bench/cpu.py), by scenario."""
    env = django_env(engine, size, **production_env())
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    output = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(BENCH / "cpu.py"), *paths.values()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    by_path = json.loads(output.strip().splitlines()[-1])
    return {scenario: by_path[path] for scenario, path in paths.items()}
