"""Anti-spam for the public submission form: honeypot, fill-time check, rate limit, link cap.

A bot (honeypot filled, form token missing or forged) is refused quietly; a person who
trips a limit (too fast, too many submissions, too many links) is told why and keeps
everything they typed. The rate limit is counted in the database, so every worker
shares it. `settings.OPSI_ANTISPAM["ENABLED"] = False` turns off the timing and rate
checks (for tests that post many forms); the honeypot always applies.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import SubmissionAttempt

HONEYPOT = "homepage"
STARTED = "started"
SALT = "innovations.antispam.started"
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def _config(name: str):
    return settings.OPSI_ANTISPAM[name]


def enabled() -> bool:
    return bool(_config("ENABLED"))


def started_token() -> str:
    """A signed timestamp for the form's hidden field: when the form was shown."""
    return signing.dumps(time.time(), salt=SALT)


def is_bot(data) -> bool:
    """The honeypot is filled, or (checks on) the form's signed timestamp is missing."""
    if data.get(HONEYPOT, ""):
        return True
    if not enabled():
        return False
    return _started(data) is None


def too_fast(data) -> bool:
    """Sent sooner after the form was shown than a person could have typed it."""
    if not enabled():
        return False
    started = _started(data)
    return started is not None and time.time() - started < _config("MIN_SECONDS")


def _started(data) -> float | None:
    try:
        value = signing.loads(data.get(STARTED, ""), salt=SALT, max_age=60 * 60 * 24 * 7)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int | float) else None


def address_hash(request: HttpRequest) -> str:
    """The client's address, hashed with the secret key: we never store the address."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return salted_hmac("innovations.antispam.address", address, algorithm="sha256").hexdigest()


def rate_limited(request: HttpRequest) -> bool:
    """This address has started as many cases in the last hour as we allow."""
    if not enabled():
        return False
    since = timezone.now() - timedelta(hours=1)
    recent = SubmissionAttempt.objects.filter(address_hash=address_hash(request), at__gte=since)
    return recent.count() >= _config("MAX_PER_HOUR")


def record_attempt(request: HttpRequest) -> None:
    """Count one new case from this address, and forget attempts older than a day."""
    SubmissionAttempt.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    SubmissionAttempt.objects.create(address_hash=address_hash(request))


def link_count(*texts: str) -> int:
    """How many links these texts hold."""
    return sum(len(LINK.findall(text or "")) for text in texts)


def max_links() -> int:
    return int(_config("MAX_LINKS"))
