"""Small factories that write through the services, as every door of the site does, and
the helpers that several test modules share (no test module imports another)."""

import itertools
import socket
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from innovations import derived, facets, services
from innovations.models import Approach, EnablingFactor, Innovation, Sector

_numbers = itertools.count(1)
State = Innovation.State
PASSWORD = "a-long-test-password"
# The states the public must never see, and a co-production profile as a case part.
HIDDEN = [s for s in State if s != State.PUBLISHED]
PROFILE = {
    "coproduction": {
        "kind": "addition",
        "initiative": "prompted",
        "stage": ["design", "delivery"],
        "tool": ["ict"],
        "impact_evidence": "Fewer complaints.",
    }
}


def make_case(
    *,
    title: str | None = None,
    state: str = State.PUBLISHED,
    sectors: tuple[str, ...] = ("health",),
    approaches: tuple[str, ...] = ("user-tailoring",),
    factors: tuple[str, ...] = ("partnerships",),
    countries: tuple[str, ...] = ("FR",),
    featured: bool = False,
    featured_order: int | None = None,
    parts: dict | None = None,
    media: list[dict] | None = None,
    **fields,
) -> Innovation:
    """A case in any state, written and moved through the services (so it is indexed
    and logged); `fields` are its content and contributor fields, `media` the arguments
    of `media_add` (see `image` and `video`), added while it is a draft."""
    n = next(_numbers)
    data = {
        "title": title or f"Case number {n}",
        "summary": f"Summary of case {n}.",
        "description": f"Description of case {n}.",
        "source_url": "https://example.org/source",
        "sectors": Sector.objects.filter(slug__in=sectors),
        "approaches": Approach.objects.filter(slug__in=approaches),
        "enabling_factors": EnablingFactor.objects.filter(slug__in=factors),
        "countries": list(countries),
        **fields,
    }
    if state in (State.PUBLISHED, State.UNPUBLISHED):
        case = services.innovation_create(data=data, parts=parts, actor=None)
        _add_media(case, media)
        services.innovation_submit(innovation=case)
        case = services.innovation_publish(innovation=case, actor=None)
        if featured:
            case = services.innovation_feature(innovation=case, actor=None, order=featured_order)
        if state == State.UNPUBLISHED:
            case = services.innovation_unpublish(innovation=case, actor=None)
        return case
    case = services.innovation_create(data=data, parts=parts, actor=None)
    _add_media(case, media)
    if state == State.DRAFT:
        return case
    case = services.innovation_submit(innovation=case)
    if state == State.CHANGES_REQUESTED:
        case = services.innovation_request_changes(innovation=case, actor=None, note="Please.")
    elif state == State.REJECTED:
        case = services.innovation_reject(innovation=case, actor=None, note="No.")
    return case


def _add_media(case: Innovation, media: list[dict] | None) -> None:
    from innovations import media_services

    for item in media or []:
        media_services.media_add(innovation=case, **item)


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def image(title="A workshop", alt_text="Residents around a map", credit="City, CC BY 4.0", **size):
    """`media_add`'s arguments for an image, checked as an upload would be (files go to
    the default storage: use the `media_in_tmp` fixture)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from innovations import uploads

    checked = uploads.check_image(SimpleUploadedFile("photo.png", png_bytes(**size)))
    return {
        "kind": "image",
        "title": title,
        "alt_text": alt_text,
        "credit": credit,
        "checked": checked,
    }


def video(title="The film of the pilot", url="https://vimeo.com/12345"):
    """`media_add`'s arguments for a video link."""
    return {"kind": "video", "title": title, "url": url}


def sign_in(client, user):
    """Sign `user` in as the sign-in page would after both steps: password and a code
    from a confirmed authenticator (moderation and the admin need the second step)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def make_moderator(django_user_model, username: str = "mod"):
    """A moderator as the README sets one up: in the "Moderators" group that the
    migrations create, no staff status."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def totp_code(secret: str) -> str:
    """The code an authenticator app shows for this base32 key now."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def queries(client, url) -> int:
    """How many queries a second GET of the page takes (the first warms the caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def assert_true(*, full_builds: int | None = None) -> None:
    """The index equals a fresh rebuild; optionally, this many full builds so far."""
    assert derived.verify() == []
    live = facets.current_index()
    builds = facets.stats["full_builds"]
    assert live.snapshot() == facets.FacetIndex.build().snapshot()
    facets.stats["full_builds"] = builds  # the reference build is not the worker's
    if full_builds is not None:
        assert builds == full_builds


# Races: real commits; `serialized_rollback` restores what the data migrations wrote (the
# vocabularies, the Moderators group) after the flush that follows each test.
TRIALS = 10
REAL_TRANSACTIONS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(target, *argsets) -> list:
    """Run target(*args) for each argset in its own thread, all released at once."""
    barrier = threading.Barrier(len(argsets))
    outcomes = [None] * len(argsets)

    def run(i, args):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = target(*args)
        except Exception as error:  # the outcome under test, reported to the main thread
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(argsets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def free_port() -> int:
    """A loopback port no one listens on now (never a fixed one: CI runs the suite on both
    databases at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def a_week_passes() -> None:
    """Move every date a week back, as if a week had passed: the saved searches'
    watermarks and the cases' publication dates (their order is unchanged)."""
    from datetime import timedelta

    from django.db.models import F

    from innovations.models import SavedSearch

    week = timedelta(days=7)
    SavedSearch.objects.update(checked_at=F("checked_at") - week)
    with services.writing("test: the clock moves back a week (no service rewrites dates)"):
        Innovation.objects.exclude(published_at=None).update(published_at=F("published_at") - week)


class PageAudit:
    """What axe finds and what scrolls sideways on the pages a browser test checks, by
    the name the test gives each (`found`, `wide`); the test asserts both empty."""

    def __init__(self, width: int, language: str | None = None):
        from axe_playwright_python.sync_playwright import Axe

        self.axe, self.width, self.language = Axe(), width, language
        self.found: dict = {}
        self.wide: dict = {}

    def check(self, page, name: str, lang: str | None = None) -> None:
        """axe on the page as it is now, its width, and its `lang` (the audit's language
        unless `lang` is given; not checked when neither is)."""
        lang = lang or self.language
        if lang:
            assert page.evaluate("document.documentElement.lang") == lang, name
        violations = self.axe.run(page).response["violations"]
        if violations:
            self.found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > self.width:
            self.wide[name] = scroll


def moderator_with_authenticator(user_model, username="moderator", password="a-long-pass-1"):
    """A moderator whose authenticator app is set up; returns its base32 key."""
    from base64 import b32encode

    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = user_model.objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name="Moderators"))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return b32encode(device.bin_key).decode().rstrip("=")


def browser_sign_in(
    page, base_url: str, secret: str, username="moderator", password="a-long-pass-1"
) -> None:
    """A moderator signs in to the queue in a browser: password, then the app's code."""
    import re

    page.goto(f"{base_url}/moderation/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    page.fill("#id_token", totp_code(secret))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r"/moderation/$"))
