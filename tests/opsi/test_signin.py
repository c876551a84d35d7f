"""Signing in: moderators without staff status, throttling and lockout, the second factor,
idle expiry, and private pages that are never stored."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, make_case, sign_in

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def unthrottle(device) -> None:
    """django-otp slows down guessing: each failure makes the next try wait longer."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def code_for(device: TOTPDevice) -> str:
    unthrottle(device)
    device.refresh_from_db()
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def log_in(client, username="mod", password=PASSWORD, **extra):
    data = {"username": username, "password": password, "next": "/moderation/"}
    return client.post(LOGIN, data, **extra)


def test_a_moderator_without_staff_status_signs_in_and_sets_up_the_second_step(client, moderator):
    response = log_in(client)
    assert response.status_code == 302
    # The moderation page sends a moderator without a device to set one up.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)

    wrong = client.post(page.request["PATH_INFO"], {"token": "000000", "next": "/moderation/"})
    assert "That code is not right" in wrong.content.decode()
    done = client.post(
        reverse("accounts:setup"), {"token": code_for(device), "next": "/moderation/"}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/moderation/").status_code == 200


def test_the_second_step_is_asked_again_at_each_sign_in_and_takes_recovery_codes_once(
    client, moderator
):
    device = TOTPDevice.objects.create(user=moderator, name="app", confirmed=True)
    from django_otp.plugins.otp_static.models import StaticDevice

    recovery = StaticDevice.objects.create(user=moderator, name="recovery")
    recovery.token_set.create(token="recover123")

    log_in(client)
    response = client.get("/moderation/")
    assert response["Location"].startswith(reverse("accounts:verify"))
    verify = reverse("accounts:verify")
    bad = client.post(verify, {"token": "123456", "next": "/moderation/"})
    assert "That code is not right" in bad.content.decode()
    unthrottle(recovery)
    ok = client.post(verify, {"token": "recover123", "next": "/moderation/"})
    assert ok.status_code == 302 and ok["Location"] == "/moderation/"
    assert client.get("/moderation/").status_code == 200
    assert not StaticToken.objects.filter(token="recover123").exists()  # used once

    client.post(reverse("accounts:logout"))
    log_in(client)
    again = client.post(verify, {"token": "recover123", "next": "/moderation/"})
    assert "That code is not right" in again.content.decode()
    assert client.post(verify, {"token": code_for(device)}).status_code == 302
    assert client.get("/moderation/").status_code == 200


def test_five_failures_lock_the_account_even_with_the_right_password_next(client, moderator):
    for _ in range(4):
        assert log_in(client, password="wrong").status_code == 200
    assert log_in(client, password="wrong").status_code == 429  # the fifth
    response = log_in(client)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # From another address too: the account itself is locked.
    assert log_in(client, REMOTE_ADDR="198.51.100.20").status_code == 429


def test_one_client_guessing_many_accounts_is_locked_out(client, moderator):
    for n in range(5):
        log_in(client, username=f"someone{n}", password="wrong")
    assert log_in(client).status_code == 429
    # Another client can still sign in to the same account.
    assert log_in(client, REMOTE_ADDR="198.51.100.21").status_code == 302


def test_behind_a_trusted_proxy_the_lockout_keys_on_the_client(client, moderator, settings):
    settings.OPSI_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(5):
        log_in(
            client, username=f"x{n}", password="wrong", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        )
    assert log_in(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert log_in(client, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 302


def test_a_locked_out_client_costs_no_password_hashing(client, moderator, monkeypatch):
    for _ in range(5):
        log_in(client, password="wrong")
    calls = []
    from django.contrib.auth.hashers import MD5PasswordHasher

    original = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, *a: calls.append(1) or original(self, *a)
    )
    for _ in range(3):
        assert log_in(client).status_code == 429
    assert calls == []


def test_an_administrator_can_unlock_an_account(client, moderator):
    from axes.utils import reset

    for _ in range(5):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 429
    reset(username="mod")
    reset(ip="127.0.0.1")
    assert log_in(client).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, moderator, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(5):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get(username="mod").attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert log_in(client).status_code == 302


def test_staff_need_the_second_step_for_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup"))
    assert client.get("/admin/login/?next=/admin/")["Location"] == LOGIN + "?next=/admin/"
    sign_in(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_session_expires_when_idle(client, moderator, settings):
    sign_in(client, moderator)
    client.get("/moderation/")
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 60 * 60
    assert client.session.get_expire_at_browser_close()


def test_an_unsafe_next_is_ignored(client, moderator):
    sign_in(client, moderator)
    TOTPDevice.objects.filter(user=moderator).delete()
    device = TOTPDevice.objects.create(user=moderator, name="app", confirmed=True)
    client.post(reverse("accounts:logout"))
    log_in(client)
    response = client.post(
        reverse("accounts:verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("moderation:queue")


@pytest.mark.parametrize("page", ["moderation", "status", "submit", "login"])
def test_private_pages_are_never_stored(client, moderator, page):
    case = make_case(state="submitted", contributor_email="c@example.org")
    from innovations import services

    urls = {
        "moderation": "/moderation/",
        "status": reverse("innovations:status", args=[services.status_token(case)]),
        "submit": reverse("innovations:submit"),
        "login": LOGIN,
    }
    if page != "login":
        sign_in(client, moderator)
    response = client.get(urls[page])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_stay_cacheable(client):
    response = client.get(reverse("innovations:list"))
    assert "no-store" not in response.get("Cache-Control", "")
