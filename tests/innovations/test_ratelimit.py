"""Rate limits: atomic under concurrency, shared through the database, per client."""

import threading

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from innovations import ratelimit
from innovations.models import RateCounter


def _request(address: str = "203.0.113.9"):
    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clients_never_pass_the_limit_together():
    """Eight threads, each with its own connection, race for a budget of five."""
    allowed, barrier = [], threading.Barrier(8)

    def attempt():
        try:
            barrier.wait()
            allowed.append(ratelimit.take("race", _request(), limit=5, per=3600))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 3 + [True] * 5
    assert RateCounter.objects.get().count == 8


@pytest.mark.django_db
def test_each_client_has_its_own_budget():
    assert ratelimit.take("x", _request("198.51.100.1"), limit=1, per=60)
    assert not ratelimit.take("x", _request("198.51.100.1"), limit=1, per=60)
    assert ratelimit.take("x", _request("198.51.100.2"), limit=1, per=60)
    assert ratelimit.take("other-scope", _request("198.51.100.1"), limit=1, per=60)


@pytest.mark.django_db
def test_the_previous_window_still_counts(monkeypatch):
    """A client cannot spend a whole budget at the end of one window and another at the
    start of the next."""
    now = [7200.0 - 1]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    for _ in range(4):
        assert ratelimit.take("edge", _request(), limit=4, per=3600)
    now[0] = 7200.0 + 60  # just into the next window
    assert not ratelimit.take("edge", _request(), limit=4, per=3600)


@pytest.mark.django_db
def test_exports_are_limited_per_client(client, settings):
    settings.OPSI_RATE_LIMITS = {**settings.OPSI_RATE_LIMITS, "EXPORTS_PER_HOUR": 2}
    url = reverse("innovations:export")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 200
