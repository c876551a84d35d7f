"""Mail that cannot be abused or lost: a confirmation first (none of the contributor's
text in it), news only to confirmed addresses, one digest for the moderators, and
persistent tasks that retry when the mail server fails."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from innovations import services
from innovations.models import ContributorAddress, Innovation
from tests.factories import free_port
from tests.forms import complete, post

pytestmark = pytest.mark.django_db
State = Innovation.State
SECRET_TEXT = "Quixotic-ferry-manifesto"


@pytest.fixture(autouse=True)
def _no_form_timing(settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 0}


@pytest.fixture
def database_tasks(settings):
    """Tasks as production runs them: rows in the database, run by db_worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


def submit_form(client, **overrides):

    return post(client, complete(**overrides))


def test_a_new_address_gets_one_confirmation_and_none_of_the_text(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_form(client, title=SECRET_TEXT, summary=f"{SECRET_TEXT} http://x.example")
    assert response.status_code == 302
    to_contributor = [m for m in mail.outbox if m.to == ["asha@example.org"]]
    assert len(to_contributor) == 1
    message = to_contributor[0]
    assert SECRET_TEXT not in message.subject + message.body
    assert "x.example" not in message.body
    assert "/confirm/" in message.body

    # Another case from the same address the same day: no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        submit_form(client, title="Second")
    assert len([m for m in mail.outbox if m.to == ["asha@example.org"]]) == 1


def test_confirming_the_address_opens_the_case_and_later_news_is_mailed(
    client, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_form(client)
    link = re.search(r"https?://\S+/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert not ContributorAddress.objects.get().confirmed_at  # a GET changes nothing
    confirmed = client.post("/" + path)
    case = Innovation.objects.get()
    assert confirmed["Location"] == reverse(
        "innovations:status", args=[services.status_token(case)]
    )
    assert ContributorAddress.objects.get().confirmed_at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_request_changes(innovation=case, actor=moderator, note="Numbers?")
    assert [m.to for m in mail.outbox] == [["asha@example.org"]]
    assert "Numbers?" in mail.outbox[0].body


def test_a_forged_confirmation_link_is_not_found(client):
    assert client.get("/confirm/forged-token/").status_code == 404
    assert client.post("/confirm/forged-token/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moderators_get_one_digest_not_a_mail_per_submission(
    client, moderator, database_tasks, settings
):
    settings.OPSI_DIGEST_MINUTES = 0
    for n in range(3):
        submit_form(client, title=f"Case {n}")
    digests = DBTaskResult.objects.filter(task_path__endswith="moderator_digest")
    assert digests.count() == 1
    run_worker()
    to_moderators = [m for m in mail.outbox if m.to == ["mod@example.org"]]
    assert len(to_moderators) == 1
    assert all(f"Case {n}" in to_moderators[0].body for n in range(3))
    assert "3 new cases" in to_moderators[0].subject


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_mail_server_loses_no_mail_and_shows_no_error(
    client, moderator, database_tasks, settings
):
    """The request only writes task rows; the worker meets a mail server that refuses
    connections, queues the mail again, and sends it once the server is back."""
    services.contributor_address_confirm("asha@example.org")
    settings.OPSI_DIGEST_MINUTES = 0
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    response = submit_form(client)
    assert response.status_code == 302  # the contributor sees their receipt
    assert Innovation.objects.get().state == State.SUBMITTED
    # The news of the draft (superseded at once), of the submission, and the digest.
    assert DBTaskResult.objects.count() == 3

    run_worker()  # the server is down: both mails are queued again, for later
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 2
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    from django.utils import timezone

    retries.update(run_after=timezone.now())
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["asha@example.org", "mod@example.org"]


@pytest.mark.parametrize(
    ("language", "address", "confirm_here", "published", "your_case"),
    [
        ("fr", "Lea@example.org", "confirmez l’adresse ici", "Publié", "Votre cas «"),
        ("es", "ana@example.org", "confirme la dirección aquí", "Publicado", "Su caso “"),
    ],
)
def test_a_contributor_gets_mail_in_the_language_they_wrote_in(
    client, django_capture_on_commit_callbacks, language, address, confirm_here, published,
    your_case,
):  # fmt: skip
    email = address.lower()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{language}/submit/", complete(contributor_email=address))
    confirm = [m for m in mail.outbox if m.to == [email]][-1]
    assert f"/{language}/confirm/" in confirm.body
    assert confirm_here in confirm.body
    assert ContributorAddress.objects.get(email=email).language == language

    link = re.search(rf"/{language}/confirm/\S+/", confirm.body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        case = Innovation.objects.get(contributor_email=address)
        services.innovation_publish(innovation=case, actor=None)
    news = [m for m in mail.outbox if m.to == [email]][-1]
    assert published in news.subject
    assert f"/{language}/status/" in news.body
    assert your_case in news.body


def test_a_contributor_who_wrote_in_english_gets_mail_in_english(
    client, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/submit/", complete(contributor_email="sam@example.org"))
    confirm = [m for m in mail.outbox if m.to == ["sam@example.org"]][-1]
    assert "/confirm/" in confirm.body and "/fr/" not in confirm.body
