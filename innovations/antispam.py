"""Anti-spam for the public submission form: honeypot, fill-time check, rate limit, link cap.

A bot (honeypot filled, form token missing or forged) is refused quietly; a person who
trips a limit (too fast, too many submissions, too many links) is told why and keeps
everything they typed. The rate limit is counted in the database, so every worker
shares it. `settings.OPSI_ANTISPAM["ENABLED"] = False` turns off the timing and rate
checks (for tests that post many forms); the honeypot always applies.
"""

import re
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimit
from .models import UsedFormToken

HONEYPOT = "homepage"
STARTED = "started"
SALT = "innovations.antispam.started"
# A form older than this is shown again with a fresh token (nothing typed is lost).
TOKEN_MAX_AGE = 60 * 60 * 24


def _config(name: str):
    return settings.OPSI_ANTISPAM[name]


def enabled() -> bool:
    return bool(_config("ENABLED"))


def started_token(at: float | None = None) -> str:
    """A signed timestamp and a nonce for the form's hidden field: when it was shown."""
    return signing.dumps(
        {"t": time.time() if at is None else at, "n": secrets.token_urlsafe(16)}, salt=SALT
    )


def is_bot(data) -> bool:
    """The honeypot is filled, or (checks on) the form's signed timestamp is missing."""
    if data.get(HONEYPOT, ""):
        return True
    if not enabled():
        return False
    return _token(data) is None


def too_fast(data) -> bool:
    """Sent sooner after the form was shown than a person could have typed it."""
    if not enabled():
        return False
    token = _token(data)
    return token is not None and time.time() - token["t"] < _config("MIN_SECONDS")


def stale(data) -> bool:
    """The form was shown longer ago than its token lives (a person, not a bot)."""
    token = _token(data)
    return enabled() and token is not None and time.time() - token["t"] > TOKEN_MAX_AGE


def valid_token(value: str) -> bool:
    """A token of ours, young enough to send the form with."""
    token = _token({STARTED: value})
    return token is not None and time.time() - token["t"] <= TOKEN_MAX_AGE


def _token(data) -> dict | None:
    """The form's signed token ({"t": when shown, "n": nonce}), or None if not ours."""
    try:
        value = signing.loads(data.get(STARTED, ""), salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("t"), int | float):
        return None
    if not isinstance(value.get("n"), str):
        return None
    return value


def rate_limited(request: HttpRequest) -> bool:
    """This address has started as many cases in the last hour as we allow (a look only:
    `take_new_case` counts, atomically, when the case is saved)."""
    if not enabled():
        return False
    return ratelimit.used("submit", request, 3600) >= _config("MAX_PER_HOUR")


class Refused(Exception):
    """A save the anti-spam rules refuse; `message` says why, for the contributor."""

    def __init__(self, message: str, status: int = 429):
        super().__init__(message)
        self.message, self.status = message, status


def take_save(request: HttpRequest) -> None:
    """Count one save of the form (new or not) from this address; raise Refused if over."""
    if enabled() and not ratelimit.take("save", request, _config("MAX_SAVES_PER_HOUR"), 3600):
        raise Refused(
            _(
                "Too many saves from your address in the last hour. Nothing is lost: keep "
                "this page open and send it again later."
            )
        )


def take_new_case(request: HttpRequest, data) -> None:
    """Count one new case from this address, and spend the form's token; raise Refused if
    the address is over its limit or the token has already created a case."""
    if not enabled():
        return
    if not ratelimit.take("submit", request, _config("MAX_PER_HOUR"), 3600):
        raise Refused(
            _(
                "Too many cases have been started from your address in the last hour. "
                "Nothing is lost: keep this page open and send it again later."
            )
        )
    _spend(data)


def take_suggestion(request: HttpRequest, data) -> None:
    """Count one suggested update from this address (the same hourly limit as new cases,
    counted apart) and spend the form's token; raise Refused if over or already spent."""
    if not enabled():
        return
    if not ratelimit.take("suggest", request, _config("MAX_PER_HOUR"), 3600):
        raise Refused(
            _(
                "Too many updates have been suggested from your address in the last hour. "
                "Nothing is lost: keep this page open and send it again later."
            )
        )
    _spend(data)


def _spend(data) -> None:
    """Spend the form's token: it may create one case or one suggestion, once."""
    token = _token(data)
    UsedFormToken.objects.filter(at__lt=timezone.now() - timedelta(seconds=TOKEN_MAX_AGE)).delete()
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=token["n"])
    except IntegrityError:
        raise Refused(
            _(
                "This form has already been sent once. Nothing is lost: check your answers "
                "and send it again."
            ),
            status=400,
        ) from None


# Links: a scheme or "www.", or a bare domain name ("spam.example", "x.co/path"); not the
# domain of an e-mail address.
LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![@\w.-])[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z]{2,24}\b(?!@)(?:/\S*)?",
    re.IGNORECASE,
)


def link_count(*texts: str) -> int:
    """How many links these texts hold, bare domain names included."""
    return sum(len(LINK.findall(text or "")) for text in texts)


def max_links() -> int:
    return int(_config("MAX_LINKS"))
