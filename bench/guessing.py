"""Password guessing against the production server, and what it costs everyone else:

    .venv/bin/python bench/guessing.py --size 10000

(m) 4 clients post wrong passwords to the sign-in page in a loop (a fresh CSRF token
each time, as a browser would) while one client reads the home page; the home page's
latencies are compared with the same client's alone. Before issue 8 each guess cost a
full password hash (Django's PBKDF2) and four guessers took the home page from 9 to
480 ms p50; now django-axes locks the client after 5 failures and answers without
hashing. The control: 4 clients asking for the sign-in page twice per loop, the same
number of requests without a password. Production settings (DEBUG off, the real
password hasher), the ASGI server of bench/slow.py, SQLite. Writes
bench/out/guessing.json and a table in
bench/out/results.md.
"""

import argparse
import http.client
import json
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, measure
from bench.common import OUT, log
from bench.slow import HOME, SERVERS, read_loop

GUESSERS = 4
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Guesser(threading.Thread):
    """Fetch the sign-in form, post a wrong password, again and again."""

    def __init__(self, port: int, number: int, guess: bool = True):
        super().__init__(daemon=True)
        self.port, self.number, self.guess = port, number, guess
        self.tries, self.statuses, self.stopping = 0, {}, False

    def run(self) -> None:
        while not self.stopping:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/accounts/login/")
                page = connection.getresponse()
                body = page.read()
                cookie = page.getheader("Set-Cookie", "").split(";")[0]
                token = TOKEN.search(body).group(1).decode()
                if not self.guess:  # the control: as many requests, no password posted
                    connection.request("GET", "/accounts/login/")
                    answer = connection.getresponse()
                    answer.read()
                    connection.close()
                    self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1
                    self.tries += 1
                    continue
                form = f"csrfmiddlewaretoken={token}&username=mod&password=guess{self.tries}"
                connection.request(
                    "POST",
                    "/accounts/login/",
                    form,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
                    },
                )
                answer = connection.getresponse()
                answer.read()
                connection.close()
                self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1
            except Exception as error:  # counted; the loop goes on
                key = type(error).__name__
                self.statuses[key] = self.statuses.get(key, 0) + 1
            self.tries += 1


def under_load(port: int, seconds: float, guess: bool) -> tuple[dict, dict]:
    """The home page read while GUESSERS clients loop; their answers by status."""
    clients = [Guesser(port, n, guess=guess) for n in range(GUESSERS)]
    for client in clients:
        client.start()
    time.sleep(2)
    reads = read_loop(port, [HOME], seconds)
    for client in clients:
        client.stopping = True
    statuses: dict = {}
    for client in clients:
        client.join(60)
        for key, count in client.statuses.items():
            statuses[str(key)] = statuses.get(str(key), 0) + count
    return reads, statuses


def bench(size: int, seconds: float) -> dict:
    spec = SERVERS["asgi"]
    with measure.Gunicorn(
        "sqlite", size, "/", *spec["options"], app=spec["app"], env=spec["env"]
    ) as server:
        measure.warm_up(server.base, [HOME])
        result = {"alone": read_loop(server.port, [HOME], seconds)}
        log(f"    alone: {result['alone']}")
        result["browsing"], _ = under_load(server.port, seconds, guess=False)
        log(f"    with {GUESSERS} clients reading the sign-in page: {result['browsing']}")
        result["guessing"], result["guesses"] = under_load(server.port, seconds, guess=True)
        log(f"    with {GUESSERS} guessers: {result['guessing']}; answers {result['guesses']}")
    return result


def write(result: dict, size: int) -> None:
    (OUT / "guessing.json").write_text(json.dumps(result, indent=2))

    def row(name: str, numbers: dict) -> str:
        return (
            f"| {name} | {numbers['ok']} | {numbers['errors']} | {numbers['p50']:.1f} | "
            f"{numbers['p99']:.1f} |"
        )

    table = "\n".join(
        [
            f"### (m) Password guessing, {size:,} cases, SQLite, ASGI server",
            "",
            "| home page | answers | errors | p50 ms | p99 ms |",
            "|---|---|---|---|---|",
            row("alone", result["alone"]),
            row(f"while {GUESSERS} clients read the sign-in page (control)", result["browsing"]),
            row(f"while {GUESSERS} clients guess passwords", result["guessing"]),
            "",
            f"Answers to the guesses: {result['guesses']} (429: locked out, no hashing).",
            "",
        ]
    )
    results = OUT / "results.md"
    text = results.read_text() if results.exists() else ""
    text = re.sub(r"### \(m\) Password guessing.*?(?=\n### |\Z)", "", text, flags=re.S)
    results.write_text(text.rstrip() + "\n\n" + table)
    print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    generate.ensure("sqlite", args.size)
    measure.collectstatic("sqlite", args.size)
    write(bench(args.size, args.seconds), args.size)


if __name__ == "__main__":
    main()
