"""Rate limits that every worker shares, counted atomically in the database.

`take` adds one to the caller's counter and says whether they are still within the limit.
The increment is one UPDATE (or the INSERT of a new window), so two workers can never both
see "9 of 10" and both go on: PostgreSQL serialises the UPDATEs on the row lock, SQLite on
its write lock. The count is a sliding window, estimated from the current fixed window and
the previous one, so a client cannot spend two budgets across a window's edge.
"""

import time
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .clients import address_hash
from .models import RateCounter


def _bump(key: str, window: int) -> None:
    rows = RateCounter.objects.filter(key=key, window=window)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, window=window, count=1)
                # A new window: forget windows that no longer count.
                RateCounter.objects.filter(window__lt=window - 86400 * 2).delete()
        except IntegrityError:  # another worker created it first
            rows.update(count=F("count") + 1)


def _key(scope: str, request: HttpRequest) -> str:
    return f"{scope}:{address_hash(request)}"[:100]


def _estimate(key: str, per: int, now: float) -> float:
    """The sliding window's count: this window's, plus the previous one's weighted by how
    much of it still lies within `per` seconds."""
    window = int(now // per) * per
    counts = dict(
        RateCounter.objects.filter(key=key, window__in=[window, window - per]).values_list(
            "window", "count"
        )
    )
    weight = 1 - (now - window) / per
    return counts.get(window, 0) + counts.get(window - per, 0) * weight


def used(scope: str, request: HttpRequest, per: int) -> float:
    """How many actions this client has taken in `scope` within `per` seconds (a look:
    nothing is counted)."""
    return _estimate(_key(scope, request), per, time.time())


def take(scope: str, request: HttpRequest, limit: int, per: int) -> bool:
    """Count one action of this client in `scope`; False once over `limit` per `per` s."""
    if limit <= 0:
        return True
    key, now = _key(scope, request), time.time()
    with transaction.atomic():
        _bump(key, int(now // per) * per)
        return _estimate(key, per, now) <= limit


def limited(scope: str, setting: str, per: int = 3600):
    """Answer 429 (with Retry-After) to a client over `settings.OPSI_RATE_LIMITS[setting]`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.conf import settings

            if not take(scope, request, int(settings.OPSI_RATE_LIMITS[setting]), per):
                response = HttpResponse(
                    _("Too many requests from your address. Please try again later."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(per)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
