"""Per-client limits key an IPv6 client on its /64: one subscriber can pick any of 2**64
addresses, so keying on the full address gave them as many budgets."""

import pytest
from django.test import RequestFactory

from innovations import antispam, ratelimit
from innovations.clients import address_hash, limit_address
from opsi.accounts.views import client_ip


def _request(address: str):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_an_ipv6_client_is_keyed_on_its_64():
    assert limit_address(_request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert limit_address(_request("2001:db8:1:2:ffff:1:2:3")) == "2001:db8:1:2::"
    assert limit_address(_request("2001:db8:1:3::1")) == "2001:db8:1:3::"


def test_an_ipv4_client_is_keyed_on_its_address():
    assert limit_address(_request("203.0.113.9")) == "203.0.113.9"
    assert limit_address(_request("::ffff:203.0.113.9")) == "203.0.113.9"


def test_the_prefix_is_configurable(settings):
    settings.OPSI_IPV6_PREFIX = 48
    assert limit_address(_request("2001:db8:1:2::1")) == "2001:db8:1::"
    settings.OPSI_IPV6_PREFIX = 128
    assert limit_address(_request("2001:db8:1:2::1")) == "2001:db8:1:2::1"


def test_the_sign_in_throttle_uses_the_same_key():
    assert client_ip(_request("2001:db8:1:2::7")) == "2001:db8:1:2::"
    assert address_hash(_request("2001:db8:1:2::7")) == address_hash(_request("2001:db8:1:2::8"))


@pytest.mark.django_db
def test_a_64_shares_one_rate_limit():
    for n in range(3):
        assert ratelimit.take("x", _request(f"2001:db8:1:2::{n + 1}"), limit=3, per=60)
    assert not ratelimit.take("x", _request("2001:db8:1:2:dead:beef::99"), limit=3, per=60)
    assert ratelimit.take("x", _request("2001:db8:1:3::1"), limit=3, per=60)


@pytest.mark.django_db
def test_a_64_shares_one_submission_budget(settings, monkeypatch):
    """30 new cases from one /64 against a budget of 10 were all accepted before."""
    monkeypatch.setattr(antispam, "_spend", lambda data: None)  # each form's own token
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": True, "MAX_PER_HOUR": 10}
    accepted = 0
    for n in range(30):
        try:
            antispam.take_new_case(_request(f"2001:db8:5:6::{n + 1:x}"), {})
            accepted += 1
        except antispam.Refused:
            pass
    assert accepted == 10
