"""Stalled and aborted downloads never take the site down (README, "Production").

A real server (gunicorn's ASGI worker, as in production) is started on the test
database. Clients ask for the whole catalogue and then read nothing, or close early;
meanwhile every other request still answers, and no database connection is held by a
download being sent. Before downloads became files, each stalled export held a thread
and a database connection until its client read the last byte: 20 stalled downloads
against a 20-connection cap answered every other request with a 500.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from typing import NamedTuple

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import free_port, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
POOL = 4  # PostgreSQL: the server runs with a pool of this many connections
BIG = "A long description of a public-sector case. " * 2500  # ~110 KB each


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server(NamedTuple):
    process: subprocess.Popen
    port: int


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_CONN_MAX_AGE": "0",
        "OPSI_FACET_SNAPSHOTS": "",
        "OPSI_BUILT_FILES": str(tmp_path / "built"),
        "OPSI_EXPORTS_PER_HOUR": "1000",
        "DJANGO_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
    }
    if connection.vendor == "postgresql":
        env["DATABASE_POOL_SIZE"] = str(POOL)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "opsi.asgi", "--worker-class", "asgi",
         "--workers", "1", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
         "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(process.stderr.read().decode())
    yield Server(process, port)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def _get(server: Server, path: str, timeout: float = 20) -> tuple[int, bytes]:
    client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, response.read()
    finally:
        client.close()


def _stalled(server: Server, path: str) -> socket.socket:
    """A client that asks and then reads nothing."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def _backends() -> int:
    """Connections to the test database other than this test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_stalled_and_aborted_downloads_leave_the_site_answering(server):
    for n in range(30):
        make_case(title=f"Large case {n}", description=BIG)
    # The first request builds the file; every later one is a file being sent.
    status, body = _get(server, "/data/cases.json", timeout=120)
    assert status == 200 and len(body) > 3_000_000
    stalled = [_stalled(server, path) for path in ["/data/cases.json", "/cases/export.csv"] * 25]
    for _ in range(10):  # aborted: read a little, then go away
        sock = _stalled(server, "/data/cases.jsonl")
        sock.recv(1000)
        sock.close()
    time.sleep(1)
    try:
        for path in ["/", "/cases/", "/cases/?q=large", "/data/", "/robots.txt"] * 2:
            status, _body = _get(server, path)
            assert status == 200, path
        # Another search's export is built, then sent, while the others stall.
        status, body = _get(server, "/cases/export.csv?q=large")
        assert status == 200 and b"Large case 7" in body
        if connection.vendor == "postgresql":
            # The pool's, and at most one more (PostgreSQL's autovacuum, or a connection
            # the server made outside the pool); none for the 50 downloads being sent.
            assert _backends() <= POOL + 1
    finally:
        for sock in stalled:
            sock.close()
    status, _body = _get(server, "/cases/")  # and after they all went away
    assert status == 200
    assert server.process.poll() is None
