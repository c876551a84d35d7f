"""Serving the site with gunicorn, warming it up, and measuring: one URL with wrk, or a
list of URLs each requested once (`replay`)."""

import hashlib
import http.client
import itertools
import json
import re
import secrets
import shutil
import socket
import string
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from bench.common import BENCH, OUT, PYTHON, ROOT, django_env, log, manage, stop

WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONCURRENCY = {1: ["-t1", "-c1"], 8: ["-t2", "-c8"]}


def server_venv():
    """A venv with the project's runtime dependencies only, as `pip install -e .` makes
    it in production: the servers run from it, so that what the tests alone install
    (jinja2 among them, which django.test imports when it is there, and django-ninja
    imports django.test) is not counted in a worker's memory. Made again when
    pyproject.toml changes."""
    venv = OUT / "server-venv"
    stamp = venv / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    log("server venv: installing the runtime dependencies")
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--disable-pip-version-check", "-e", str(ROOT)], check=True)
    stamp.write_text(wanted)
    return venv


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
            urllib.request.urlopen(url, timeout=seconds).read()
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
        "p95": int(found["p95_us"]) / 1000,
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
        # No mail server here: the writes of (e) notify contributors.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


_redis_dbs = itertools.count()


def cache_env() -> dict[str, str]:
    """Redis as the cache, a fresh database number per server, if the venv has `redis`;
    otherwise nothing (the settings' default cache)."""
    if subprocess.run([PYTHON, "-c", "import redis"], capture_output=True).returncode:
        return {}
    db = 1 + next(_redis_dbs) % 15
    flush = f"import redis; redis.Redis(host='127.0.0.1', db={db}).flushdb()"
    subprocess.run([PYTHON, "-c", flush], check=True)
    return {
        "DJANGO_CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "DJANGO_CACHE_LOCATION": f"redis://127.0.0.1:6379/{db}",
    }


class Gunicorn:
    """`gunicorn opsi.wsgi -w 2` (or `app`, with `options`) on a free loopback port, for
    one bench database.

    Logs at INFO (to count the facet index's full builds) into bench/out/gunicorn-*.log;
    `env` is its environment (the writer of (e) sets up Django with the same).
    `started_s`: seconds from launch to the first answer of `ready_path`."""

    FULL_BUILD = "facet index: full build"

    def __init__(
        self,
        engine: str,
        size: int,
        ready_path: str = "/",
        *options: str,
        app: str = "opsi.wsgi",
        env: dict[str, str] | None = None,
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ready_path = ready_path
        self.log_path = OUT / f"gunicorn-{engine}-{size}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.env = django_env(
            engine,
            size,
            **production_env(),
            **cache_env(),
            DJANGO_LOG_LEVEL="INFO",
            # (e) saves a draft every second through the form, like a fast typist.
            OPSI_ANTISPAM_MIN_SECONDS="0",
            **(env or {}),
        )
        self.launched = time.monotonic()
        self.process = subprocess.Popen(
            [
                str(server_venv() / "bin" / "gunicorn"),
                app,
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                *options,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> "Gunicorn":
        wait_for(self.base + self.ready_path, self.process, 1200)
        self.started_s = time.monotonic() - self.launched
        return self

    def log_mark(self) -> int:
        return self.log_path.stat().st_size

    def full_builds(self, since: int) -> int:
        """How many full builds of the facet index the workers logged since a mark."""
        with open(self.log_path, "rb") as f:
            f.seek(since)
            return f.read().decode(errors="replace").count(self.FULL_BUILD)

    def worker_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in children(self.process.pid)]

    def __exit__(self, *exc) -> None:
        stop(self.process)
        self.log.close()


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted values."""
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def replay(base: str, paths: Iterable[str], concurrency: int, seconds: float = 0) -> dict:
    """Request each path once, in order, from `concurrency` clients (threads, one
    keep-alive connection each; gunicorn's sync workers close it after every answer, and
    http.client reconnects), until the paths run out or `seconds` have passed. Every
    request's latency is recorded, from sending to the last byte of the answer."""
    address = urlsplit(base)
    todo, lock = iter(paths), threading.Lock()
    deadline = time.monotonic() + seconds if seconds else float("inf")
    done: list[tuple[float, int, str]] = []

    def client() -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                path = next(todo, None)
            if path is None:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            mine.append((time.perf_counter() - started, status, path))
        connection.close()
        with lock:
            done.extend(mine)

    started = time.perf_counter()
    clients = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(s * 1000 for s, _status, _path in done)
    failed = [(status, path) for _seconds, status, path in done if status != 200]
    for status, path in failed[:5]:
        log(f"      HTTP {status or 'failed'}: {path}")
    return {
        "rps": len(done) / elapsed,
        **{f"p{p}": percentile(ordered, p) for p in (50, 95, 99)},
        "max": ordered[-1],
        "requests": len(done),
        "errors": len(failed),
    }


def show(label: str, numbers: dict) -> None:
    log(
        f"    {label}: {numbers['rps']:.1f} req/s, p50 {numbers['p50']:.2f} ms, "
        f"p95 {numbers['p95']:.2f} ms, p99 {numbers['p99']:.2f} ms"
        + (f", {numbers['errors']} ERRORS" if numbers["errors"] else "")
    )


def measure_all(base: str, paths: dict[str, str], duration: int) -> dict:
    """Every scenario at concurrency 1 and 8: {(scenario, concurrency): numbers}."""
    results = {}
    for scenario, path in paths.items():
        for concurrency in CONCURRENCY:
            numbers = wrk(base + path, concurrency, duration)
            show(f"({scenario}) c={concurrency}", numbers)
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
