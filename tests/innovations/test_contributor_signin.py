"""Contributors: the mail they are promised, sign-in by a one-time link mailed to them,
and "my cases" (every case and suggestion sent from their address)."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovations import contributor_services, services, siteurl
from innovations.models import ContributorAddress, Innovation, SignInLink, Suggestion
from tests.factories import make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
KEY = contributor_services.CONTRIBUTOR_SESSION_KEY


@pytest.fixture(autouse=True)
def _no_form_timing(settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 0}


def _submit(client, **overrides):
    from tests.forms import complete, post

    return post(client, complete(**overrides))


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _links(message, part: str) -> list[str]:
    return re.findall(rf"https?://\S+/{part}/\S+/", message.body)


# -- the mail the pages promise -------------------------------------------------------


def test_the_receipt_says_the_link_waits_for_the_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, action="submit")
    receipt = client.get(response["Location"]).content.decode()
    assert "We have sent a confirmation with this link" not in receipt
    assert "We are asking asha@example.org to confirm the address" in receipt
    # What was really sent: one mail, asking to confirm, without the link.
    assert [m.to for m in mail.outbox] == [["asha@example.org"]]
    assert not _links(mail.outbox[0], "status")


def test_confirming_the_address_mails_the_private_link_at_once_and_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, action="submit")
    confirm = _path(_links(mail.outbox[0], "confirm")[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    case = Innovation.objects.get()
    assert len(mail.outbox) == 1
    status_links = _links(mail.outbox[0], "status")
    assert [_path(u) for u in status_links] == [
        reverse("innovations:status", args=[services.status_token(case)])
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)  # confirmed already: no second mail
    assert len(mail.outbox) == 1
    # Now the receipt and the draft page say the news (with the link) goes there.
    token = services.status_token(case)
    receipt = client.get(reverse("innovations:submit-done", args=[token])).content.decode()
    assert "Our mail about this case to asha@example.org carries this link." in receipt


def test_the_draft_page_says_what_is_mailed(client, django_capture_on_commit_callbacks):
    response = _submit(client, action="draft", contributor_email="")
    page = client.get(response["Location"]).content.decode()
    assert "We have also sent it" not in page
    assert "You gave no e-mail address" in page


def test_mail_links_follow_the_request_then_the_setting(settings):
    settings.OPSI_SITE_URL = ""
    seen = []
    middleware = siteurl.RequestOrigin(lambda request: seen.append(siteurl.absolute("/x/")))
    middleware(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8106"))
    assert seen == ["http://127.0.0.1:8106/x/"]
    assert siteurl.absolute("/x/") == "http://127.0.0.1:8000/x/"  # a worker, no request
    settings.OPSI_SITE_URL = "https://cases.example.org/"
    middleware(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8106"))
    assert seen[-1] == "https://cases.example.org/x/"


# -- sign-in by a link --------------------------------------------------------------------


def _ask(client, email, **extra):
    return client.post(reverse("innovations:sign-in"), {"email": email}, **extra)


def _sign_in(client, email, django_capture_on_commit_callbacks) -> str:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, email)
    link = _path(_links(mail.outbox[-1], "mine/sign-in")[0])
    assert client.post(link).status_code == 302
    return link


def test_known_and_unknown_addresses_get_the_same_answer(
    client, django_capture_on_commit_callbacks
):
    make_case(state=State.DRAFT, contributor_email="known@example.org")
    pages = []
    for email in ("known@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _ask(client, email)
        assert response.status_code == 200
        html = response.content.decode().replace(email, "EMAIL")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))
    assert pages[0] == pages[1]
    # The same work for both: a link is made and mailed (a reader may save searches).
    assert SignInLink.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.org", "nobody@example.org"]


def test_the_link_signs_in_once_and_a_get_spends_nothing(
    client, django_capture_on_commit_callbacks
):
    make_case(state=State.SUBMITTED, contributor_email="Asha@Example.org", title="Ferry")
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "asha@example.org")
    link = _path(_links(mail.outbox[-1], "mine/sign-in")[0])
    assert client.get(link).status_code == 200  # a mail scanner's visit
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == reverse("innovations:mine")
    assert client.session[KEY] == "asha@example.org"
    assert ContributorAddress.objects.get(email="asha@example.org").confirmed_at

    other = client.__class__()
    assert other.post(link).status_code == 404  # used: refused
    assert other.get(link).status_code == 404
    assert KEY not in other.session


def test_the_link_expires(client, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "asha@example.org")
    link = _path(_links(mail.outbox[-1], "mine/sign-in")[0])
    SignInLink.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    response = client.post(link)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert KEY not in client.session


def test_a_forged_link_is_refused(client):
    SignInLink.objects.create(email="asha@example.org")
    for token in ("x", "1:abc:def", signing.dumps(1, salt="another"), signing.dumps("1")):
        response = client.post(reverse("innovations:sign-in-link", args=[token]))
        assert response.status_code == 404


def test_sign_in_links_are_rate_limited_per_address_and_per_client(
    client, settings, django_capture_on_commit_callbacks
):
    settings.OPSI_RATE_LIMITS = {
        **settings.OPSI_RATE_LIMITS,
        "SIGN_INS_PER_HOUR": 5,
        "SIGN_INS_PER_ADDRESS_PER_HOUR": 2,
    }
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask(client, "asha@example.org").status_code for _ in range(3)]
    # The address's limit is silent (the same page), and no more links or mail.
    assert answers == [200, 200, 200]
    assert SignInLink.objects.count() == 2
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask(client, f"p{n}@example.org").status_code for n in range(3)]
    assert answers == [200, 200, 429]
    limited = _ask(client, "typed@example.org")
    assert limited.status_code == 429
    assert 'value="typed@example.org"' in limited.content.decode()
    assert "Too many sign-in links" in limited.content.decode()


def test_a_bad_address_gets_a_form_error(client):
    response = _ask(client, "not an address")
    assert response.status_code == 200
    assert 'value="not an address"' in response.content.decode()
    assert not SignInLink.objects.exists()


def test_a_signed_in_contributor_cannot_reach_moderation(
    client, django_capture_on_commit_callbacks, moderator
):
    _sign_in(client, "mod@example.org", django_capture_on_commit_callbacks)
    for url in (reverse("moderation:queue"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_my_cases_needs_a_sign_in(client):
    response = client.get(reverse("innovations:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("innovations:sign-in"))


def test_my_cases_lists_every_case_and_suggestion_of_the_address_only(
    client, django_capture_on_commit_callbacks
):
    mine = {
        state: make_case(title=f"Mine {state}", state=state, contributor_email="asha@example.org")
        for state in State
    }
    make_case(title="Someone else's", state=State.DRAFT, contributor_email="bo@example.org")
    target = make_case(title="A published case to improve")
    Suggestion.objects.create(innovation=target, email="ASHA@example.org", message="Typo")
    _sign_in(client, "asha@example.org", django_capture_on_commit_callbacks)
    response = client.get(reverse("innovations:mine"))
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    html = response.content.decode()
    for state, case in mine.items():
        assert f"Mine {state}" in html
        assert reverse("innovations:status", args=[services.status_token(case)]) in html
    assert (
        reverse("innovations:submit-edit", args=[services.status_token(mine[State.DRAFT])]) in html
    )
    assert "Someone else" not in html
    assert "A published case to improve" in html
    assert "Make the changes the moderators ask for" in html
    # The private link still works without signing in.
    anonymous = client.__class__()
    token = services.status_token(mine[State.SUBMITTED])
    assert anonymous.get(reverse("innovations:status", args=[token])).status_code == 200


def test_my_cases_takes_the_same_queries_for_two_cases_or_eight(
    client, django_capture_on_commit_callbacks
):
    _sign_in(client, "asha@example.org", django_capture_on_commit_callbacks)
    target = make_case(title="Target")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("innovations:mine")).status_code == 200
        return len(queries)

    for _ in range(2):
        make_case(state=State.DRAFT, contributor_email="asha@example.org")
    Suggestion.objects.create(innovation=target, email="asha@example.org")
    contributor_services.saved_search_save(
        email="asha@example.org", query="sector=health", frequency="weekly"
    )
    few = count()
    for _ in range(6):
        make_case(state=State.PUBLISHED, contributor_email="asha@example.org")
        Suggestion.objects.create(innovation=target, email="asha@example.org")
    contributor_services.saved_search_save(
        email="asha@example.org", query="sector=education", frequency="monthly"
    )
    assert count() == few
    assert few <= 8


def test_sign_out(client, django_capture_on_commit_callbacks):
    _sign_in(client, "asha@example.org", django_capture_on_commit_callbacks)
    client.post(reverse("innovations:sign-out"))
    assert client.get(reverse("innovations:mine")).status_code == 302


@pytest.mark.parametrize(
    ("language", "subject", "sign_in_text"),
    [("es", "Su enlace de acceso", "Iniciar sesión"), ("de", "Ihr Anmeldelink", "Anmelden")],
)
def test_the_sign_in_link_is_mailed_in_the_language_it_was_asked_in(
    client, django_capture_on_commit_callbacks, language, subject, sign_in_text
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{language}/mine/sign-in/", {"email": "asha@example.org"})
    (message,) = mail.outbox
    assert subject in message.subject
    (link,) = _links(message, f"{language}/mine/sign-in")
    page = client.get(_path(link)).content.decode()
    assert f'<html lang="{language}">' in page
    assert client.post(_path(link))["Location"] == f"/{language}/mine/"
