"""(e) Reads under writes: a read mix at concurrency 2 while a moderator publishes or
edits a case every 5 s and a contributor re-saves a draft every second.

The moderator is a long-running Django process (`python bench/writes.py ID...`, same
environment as the gunicorn server) calling the services on the cases ID...: it
alternates unpublishing / publishing one of them with editing the summary of another
(`services.innovation_edit`, or only unpublish / publish while that does not exist).
It stops when its stdin closes, then puts the catalogue back as generated: every case
published, summaries without the edit marks, no bench draft, no submission attempts;
and prints one JSON line of counts. It repairs the same at start, after a crash.

The draft is saved over HTTP like a browser: GET /submit/, POST the form with
action=draft (csrf token from the cookie and the form, the anti-spam timing token, the
empty honeypot), follow the redirect to the private link /submit/<token>/, and from then
on POST that form every second with a changed summary.
"""

import itertools
import json
import re
import select
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from urllib.parse import urlencode, urljoin

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, log

MODERATOR_EVERY = 5.0
DRAFT_EVERY = 1.0
DRAFT_TITLE = "Bench draft"
EDIT_MARK = " [bench edit "


# --- the moderator (inside Django) -------------------------------------------------------


def moderate(ids: list[int]) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from innovations import services
    from innovations.models import Innovation, RateCounter

    user, _ = User.objects.get_or_create(username="bench-moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    assert User.objects.get(pk=user.pk).has_perm("innovations.moderate_innovation")
    edit = getattr(services, "innovation_edit", None)
    counts = {"publish": 0, "unpublish": 0, "edit": 0, "errors": 0}

    def act(action, pk: int, **kwargs) -> None:
        try:
            action(innovation=pk, actor=user, **kwargs)
            counts[action.__name__.removeprefix("innovation_")] += 1
        except Exception:
            counts["errors"] += 1
            traceback.print_exc()

    def restore() -> None:
        for case in Innovation.objects.filter(pk__in=ids).exclude(state="published"):
            services.innovation_publish(innovation=case.pk, actor=user)
        for case in Innovation.objects.filter(pk__in=ids, summary__contains=EDIT_MARK):
            assert edit, "edited without services.innovation_edit?"
            summary = case.summary.split(EDIT_MARK)[0]
            edit(innovation=case.pk, actor=user, data={"summary": summary})
        for pk in Innovation.objects.filter(state="draft", title=DRAFT_TITLE).values_list(
            "pk", flat=True
        ):
            if hasattr(services, "innovation_delete"):
                services.innovation_delete(innovation=pk, actor=user)
            else:
                Innovation.objects.filter(pk=pk).delete()
        RateCounter.objects.all().delete()

    restore()
    toggled, edited = itertools.cycle(ids[0::2]), itertools.cycle(ids[1::2])
    unpublished = None
    print("ready", flush=True)
    started = time.monotonic()
    for tick in itertools.count(1):
        wait = started + tick * MODERATOR_EVERY - time.monotonic()
        if select.select([sys.stdin], [], [], max(0.0, wait))[0]:
            break  # stdin closed: stop
        if edit and tick % 2 == 0:
            pk = next(edited)
            summary = Innovation.objects.get(pk=pk).summary.split(EDIT_MARK)[0]
            act(edit, pk, data={"summary": f"{summary}{EDIT_MARK}{tick}]"})
        elif unpublished is None:
            unpublished = next(toggled)
            act(services.innovation_unpublish, unpublished)
        else:
            act(services.innovation_publish, unpublished)
            unpublished = None
    restore()
    print(json.dumps(counts), flush=True)


# --- the contributor (HTTP) --------------------------------------------------------------


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):  # hand a redirect back to the caller
        return None


class Drafts(threading.Thread):
    """Start a draft through the form, then re-save it every second until stopped."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), _Stay())
        self.saves = self.errors = 0
        self.stopping = threading.Event()
        self.url = base + "/submit/"
        self.page = self.send(self.url)[2]
        self.save()  # the new draft: from now on, its private link

    def send(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=120) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()

    def save(self) -> None:
        fields = dict(
            re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', self.page)
        )
        summary = f"Saved {self.saves + 1} times."
        data = {**fields, "homepage": "", "title": DRAFT_TITLE, "summary": summary}
        status, location, _page = self.send(self.url, {**data, "action": "draft"})
        if status != 302 or "/submit/" not in location:
            raise RuntimeError(f"draft not saved: HTTP {status} {location}")
        self.url = urljoin(self.url, location)
        status, _location, self.page = self.send(self.url)  # the browser follows
        if status != 200:
            raise RuntimeError(f"draft page: HTTP {status}")
        self.saves += 1

    def run(self) -> None:
        due = time.monotonic()
        while not self.stopping.wait(max(0.0, due - time.monotonic())):
            due += DRAFT_EVERY
            try:
                self.save()
            except (OSError, RuntimeError) as error:
                self.errors += 1
                log(f"      {error}")

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return self.saves - 1  # not the first save, before the reads started


def reads_under_writes(server, paths: list[str], seconds: float, cases: list[int]) -> dict:
    """Replay `paths` at concurrency 2 for `seconds` under the two writers; the reads'
    numbers, the writes done and the facet index's full builds meanwhile."""
    from bench.measure import replay

    errors = open(server.log_path.with_suffix(".moderator.log"), "w")  # noqa: SIM115
    moderator = subprocess.Popen(
        [PYTHON, __file__, *map(str, cases)],
        env={**server.env, "DJANGO_LOG_LEVEL": "WARNING"},
        cwd=server.env["PYTHONPATH"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    assert moderator.stdout.readline().strip() == "ready"  # it has cleaned up
    drafts = Drafts(server.base)
    mark = server.log_mark()
    drafts.start()
    numbers = replay(server.base, paths, 2, seconds)
    numbers["seconds"] = seconds
    numbers["full_builds"] = server.full_builds(mark)
    numbers["draft_saves"] = drafts.stop()
    numbers["draft_errors"] = drafts.errors
    moderator.stdin.close()
    numbers["moderator"] = json.loads(moderator.stdout.read().strip().splitlines()[-1])
    errors.close()
    if moderator.wait():
        raise RuntimeError(f"moderator exited with {moderator.returncode}, see {errors.name}")
    return numbers


if __name__ == "__main__":
    moderate([int(pk) for pk in sys.argv[1:]])
