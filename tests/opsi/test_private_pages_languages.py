"""Moderation and signing in in every language: each page has an address under /fr/,
/es/ and /de/ (English keeps its unprefixed one), the redirects of signing in stay in the
page's language, robots.txt keeps crawlers out of each, and the moderators' digest is
written in the language each moderator last signed in with."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from innovations import tasks
from innovations.models import ModeratorDigest, ModeratorLanguage
from tests.factories import PASSWORD, make_case, make_moderator, sign_in

pytestmark = pytest.mark.django_db
OTHERS = ["fr", "es", "de"]


def test_english_addresses_are_unchanged():
    with translation.override("en"):
        assert reverse("accounts:login") == "/accounts/login/"
        assert reverse("accounts:verify") == "/accounts/two-factor/"
        assert reverse("moderation:queue") == "/moderation/"
        assert reverse("moderation:review", args=[3]) == "/moderation/cases/3/"
        assert reverse("innovations:mine") == "/mine/"


@pytest.mark.parametrize("language", OTHERS)
def test_sign_in_and_moderation_have_an_address_in_each_language(language):
    with translation.override(language):
        assert reverse("accounts:login") == f"/{language}/accounts/login/"
        assert reverse("accounts:setup") == f"/{language}/accounts/two-factor/setup/"
        assert reverse("moderation:queue") == f"/{language}/moderation/"
        assert reverse("moderation:suggestions") == f"/{language}/moderation/suggestions/"
        assert reverse("innovations:sign-in") == f"/{language}/mine/sign-in/"
        assert reverse("innovations:mine") == f"/{language}/mine/"


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Sign in"), ("fr", "Se connecter"), ("es", "Iniciar sesión"), ("de", "Anmelden")],
)
def test_the_sign_in_page_is_in_the_page_language(client, language, heading):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'action="{prefix}/accounts/login/"' in html


@pytest.mark.parametrize("language", ["es", "de"])
def test_the_moderation_queue_is_in_the_page_language(client, moderator, language):
    make_case(title="Waiting case", state="submitted")
    sign_in(client, moderator)
    response = client.get(f"/{language}/moderation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    heading = {"es": "Moderación", "de": "Moderation"}[language]
    assert f"<h1>{heading}</h1>" in html
    waiting = make_case(state="submitted")
    review = f'href="/{language}/moderation/cases/{waiting.pk}/"'
    assert review in client.get(f"/{language}/moderation/").content.decode()


def test_the_switcher_of_the_sign_in_page_keeps_where_it_leads_in_each_language(client):
    html = client.get("/accounts/login/", {"next": "/moderation/suggestions/"}).content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    for language in OTHERS:
        target = f"/{language}/accounts/login/?next=/{language}/moderation/suggestions/"
        assert f'href="{target}"' in switcher.replace("%2F", "/")
    spanish = client.get("/es/accounts/login/", {"next": "/es/moderation/"}).content.decode()
    assert 'href="/accounts/login/?next=/moderation/"' in spanish.replace("%2F", "/")
    assert 'name="next" value="/es/moderation/"' in spanish


def test_the_switcher_of_a_moderation_page_offers_every_language(client, moderator):
    case = make_case(state="submitted")
    sign_in(client, moderator)
    html = client.get(f"/de/moderation/cases/{case.pk}/").content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    for prefix in ("", "/fr", "/es"):
        assert f'href="{prefix}/moderation/cases/{case.pk}/"' in switcher
    assert '<span aria-current="true" lang="de">Deutsch</span>' in switcher


@pytest.mark.parametrize("language", OTHERS)
def test_a_visitor_is_sent_to_sign_in_in_the_page_language(client, language):
    response = client.get(f"/{language}/moderation/")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/login/?next=/{language}/moderation/"


@pytest.mark.parametrize("language", ["es", "de"])
def test_signing_in_leads_to_the_queue_in_the_page_language(client, moderator, language):
    response = client.post(
        f"/{language}/accounts/login/", {"username": "mod", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/moderation/"
    # Without a second factor yet: set it up, in the same language.
    second = client.get(response["Location"])
    assert second["Location"].startswith(f"/{language}/accounts/two-factor/setup/?next=")
    html = client.get(second["Location"]).content.decode()
    assert f'<html lang="{language}">' in html


def test_signing_out_leads_to_the_home_page_in_the_page_language(client, moderator):
    sign_in(client, moderator)
    response = client.post("/de/accounts/logout/")
    assert response["Location"] == "/de/"


@pytest.mark.parametrize("path", ["/es/moderation/", "/de/accounts/login/", "/fr/mine/"])
def test_private_pages_are_never_stored_in_any_language(client, moderator, path):
    sign_in(client, moderator)
    cache_control = client.get(path)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_the_admin_and_the_api_keep_one_unprefixed_address(client, moderator):
    assert client.get("/es/admin/").status_code == 404
    assert client.get("/de/api/v1/cases/").status_code == 404
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


@pytest.mark.parametrize("language", ["", *OTHERS])
def test_robots_txt_keeps_crawlers_out_of_moderation_and_sign_in_in_every_language(
    client, language
):
    lines = client.get("/robots.txt").content.decode().splitlines()
    prefix = f"/{language}" if language else ""
    for private in ("/moderation/", "/accounts/", "/mine/", "/submit/", "/status/"):
        assert f"Disallow: {prefix}{private}" in lines


# -- the moderators' digest ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "de"])
def test_signing_in_remembers_the_moderator_s_language(client, moderator, language):
    client.post(f"/{language}/accounts/login/", {"username": "mod", "password": PASSWORD})
    assert ModeratorLanguage.objects.get(user=moderator).language == language
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "mod", "password": PASSWORD})
    assert ModeratorLanguage.objects.get(user=moderator).language == "en"


def test_a_failed_sign_in_remembers_nothing(client, moderator):
    client.post("/es/accounts/login/", {"username": "mod", "password": "wrong"})
    assert not ModeratorLanguage.objects.exists()


def test_the_digest_is_written_in_each_moderator_s_language(client, django_user_model):
    spanish = make_moderator(django_user_model, "mod-es")
    german = make_moderator(django_user_model, "mod-de")
    make_moderator(django_user_model, "mod-en")  # never signed in: the site's language
    make_moderator(django_user_model, "mod-en2")
    for user, language in ((spanish, "es"), (german, "de")):
        data = {"username": user.username, "password": PASSWORD}
        client.post(f"/{language}/accounts/login/", data)
        client.post("/accounts/logout/")
    make_case(title="Clínica móvil", state="submitted")
    make_case(title="Second waiting case", state="submitted")
    ModeratorDigest.objects.get_or_create(pk=1)
    mail.outbox.clear()

    assert tasks.moderator_digest.call() == 2

    by_recipients = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipients) == {
        ("mod-de@example.org",),
        ("mod-en2@example.org", "mod-en@example.org"),
        ("mod-es@example.org",),
    }
    es = by_recipients[("mod-es@example.org",)]
    assert "2 casos nuevos pendientes de revisión" in es.subject
    assert "Clínica móvil" in es.body
    assert "/es/moderation/" in es.body
    de = by_recipients[("mod-de@example.org",)]
    assert "2 neue Fälle warten auf Prüfung" in de.subject
    assert "/de/moderation/" in de.body
    en = by_recipients[("mod-en2@example.org", "mod-en@example.org")]
    assert "2 new cases waiting for review" in en.subject
    assert re.search(r"https?://[^/\s]+/moderation/", en.body)


def test_a_language_no_longer_served_falls_back_to_the_site_s(client, moderator, settings):
    ModeratorLanguage.objects.create(user=moderator, language="it")
    make_case(state="submitted")
    ModeratorDigest.objects.get_or_create(pk=1)
    mail.outbox.clear()
    tasks.moderator_digest.call()
    (message,) = mail.outbox
    assert "new case waiting for review" in message.subject
