"""Saved searches with alerts: a signed-in contributor saves a search of the search page,
and every week (or month) gets one mail of the cases newly published in it, through the
persistent task queue; one-click unsubscribe; nothing new, nothing sent."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from innovations import contributor_services, contributor_tasks
from innovations.models import Innovation, SavedSearch
from tests.factories import a_week_passes, make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
KEY = contributor_services.CONTRIBUTOR_SESSION_KEY


@pytest.fixture
def database_tasks(settings):
    """Tasks as production runs them: rows in the database, run by db_worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def signed_in(client):
    session = client.session
    session[KEY] = "asha@example.org"
    session.save()
    return client


def _alerts() -> list:
    call_command("send_search_alerts", verbosity=0)
    run_worker()
    return [m for m in mail.outbox if "saved search" in m.subject]


def test_saving_a_search_needs_a_sign_in_and_comes_back_to_it(client):
    url = reverse("innovations:search-save") + "?sector=health&q=budget"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("innovations:sign-in"))
    sign_in = client.get(response["Location"]).content.decode()
    assert 'name="next"' in sign_in


def test_a_signed_in_contributor_saves_a_search_and_changes_it(signed_in):
    url = reverse("innovations:search-save") + "?sector=health&q=budget&page=3&sort=title"
    page = signed_in.get(url)
    assert page.status_code == 200
    assert "budget" in page.content.decode()
    response = signed_in.post(url, {"frequency": "monthly"})
    assert response["Location"] == reverse("innovations:mine")
    saved = SavedSearch.objects.get()
    assert (saved.email, saved.query, saved.frequency) == (
        "asha@example.org",
        "sector=health&q=budget",
        "monthly",
    )
    mine = signed_in.get(reverse("innovations:mine")).content.decode()
    assert "?sector=health&amp;q=budget" in mine
    edit = reverse("innovations:search-edit", args=[saved.pk])
    signed_in.post(edit, {f"s{saved.pk}-frequency": "off"})
    assert SavedSearch.objects.get().frequency == "off"
    signed_in.post(edit, {"delete": "1"})
    assert not SavedSearch.objects.exists()


def test_a_bad_frequency_keeps_the_form(signed_in):
    url = reverse("innovations:search-save") + "?q=budget"
    response = signed_in.post(url, {"frequency": "hourly"})
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


def test_nobody_changes_another_s_saved_search(signed_in):
    theirs = contributor_services.saved_search_save(
        email="bo@example.org", query="q=x", frequency="weekly"
    )
    edit = reverse("innovations:search-edit", args=[theirs.pk])
    assert signed_in.post(edit, {"delete": "1"}).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_the_search_page_links_to_saving_it(client):
    make_case(sectors=("health",))
    html = client.get(reverse("innovations:list") + "?sector=health").content.decode()
    assert reverse("innovations:search-save") + "?sector=health" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_week_of_publications_through_the_task_queue(database_tasks):
    """One digest per saved search per period, no case twice, nothing when nothing is
    new, nothing after unsubscribing."""
    make_case(title="Old health case", sectors=("health",))
    health = contributor_services.saved_search_save(
        email="asha@example.org", query="sector=health", frequency="weekly"
    )
    contributor_services.saved_search_save(
        email="bo@example.org", query="q=nothing-matches-this", frequency="weekly"
    )
    # Published during the week: two match, one does not, one stays a draft.
    make_case(title="Monday health case", sectors=("health",))
    make_case(title="Wednesday school case", sectors=("education",))
    make_case(title="Friday health case", sectors=("health",))
    make_case(title="Draft health case", sectors=("health",), state=State.DRAFT)
    assert _alerts() == []  # the week has not passed yet

    a_week_passes()
    sent = _alerts()
    assert len(sent) == 1  # bo's search found nothing new: nothing sent
    message = sent[0]
    assert message.to == ["asha@example.org"]
    assert "Friday health case" in message.body and "Monday health case" in message.body
    assert message.body.index("Friday") < message.body.index("Monday")
    for absent in ("Old health", "Wednesday", "Draft"):
        assert absent not in message.body
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in message.body

    # The queue run again the same day: the period is taken, no second digest.
    assert _alerts() == sent

    # The next week: only the case published since the last digest.
    make_case(title="Next Tuesday health case", sectors=("health",))
    a_week_passes()
    second = _alerts()[1:]
    assert len(second) == 1
    assert "Next Tuesday health case" in second[0].body
    assert "Friday health case" not in second[0].body

    # Unsubscribed (the mail program's one-click POST, no cookie, no CSRF token):
    # nothing more.
    from django.test import Client

    path = "/" + stop.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert SavedSearch.objects.get(pk=health.pk).frequency == "off"
    make_case(title="Later health case", sectors=("health",))
    a_week_passes()
    assert len(_alerts()) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_monthly_search_waits_a_month(database_tasks):
    contributor_services.saved_search_save(email="asha@example.org", query="", frequency="monthly")
    make_case(title="A case")
    a_week_passes()
    assert _alerts() == []
    for _ in range(4):
        a_week_passes()
    assert len(_alerts()) == 1


def test_unsubscribing_by_the_link_needs_no_sign_in_and_a_get_changes_nothing(client):
    saved = contributor_services.saved_search_save(
        email="asha@example.org", query="sector=health", frequency="weekly"
    )
    url = reverse("innovations:alert-stop", args=[contributor_services.unsubscribe_token(saved)])
    page = client.get(url)
    assert page.status_code == 200
    assert SavedSearch.objects.get().frequency == "weekly"
    assert client.post(url).status_code == 200
    assert SavedSearch.objects.get().frequency == "off"
    assert "will not mail you" in client.get(url).content.decode()


def test_a_forged_unsubscribe_link_is_refused(client):
    saved = contributor_services.saved_search_save(
        email="asha@example.org", query="", frequency="weekly"
    )
    token = contributor_services.unsubscribe_token(saved)
    forged = re.sub(r":[^:]+$", ":forged", token)
    for bad in (forged, "x", str(saved.pk)):
        url = reverse("innovations:alert-stop", args=[bad])
        assert client.post(url).status_code == 404
    assert SavedSearch.objects.get().frequency == "weekly"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_alert_is_retried_when_the_mail_server_fails(database_tasks, monkeypatch):

    contributor_services.saved_search_save(email="asha@example.org", query="", frequency="weekly")
    make_case(title="A case")
    a_week_passes()
    real_send = mail.EmailMessage.send
    monkeypatch.setattr(
        mail.EmailMessage, "send", lambda self: (_ for _ in ()).throw(TimeoutError("down"))
    )
    contributor_tasks.queue_alerts()
    run_worker()
    assert mail.outbox == []
    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 1
    assert "A case" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("es", "1 caso nuevo en su búsqueda guardada"),
        ("de", "1 neuer Fall in Ihrer gespeicherten Suche"),
    ],
)
def test_the_alert_is_mailed_in_the_language_the_search_was_saved_in(signed_in, language, subject):
    signed_in.post(f"/{language}/mine/searches/save/?sector=health", {"frequency": "weekly"})
    assert SavedSearch.objects.get().language == language
    make_case(title="Health ferry", sectors=("health",))
    a_week_passes()
    mail.outbox.clear()
    assert contributor_tasks.search_alert.call(SavedSearch.objects.get().pk) == 1
    (message,) = mail.outbox
    assert subject in message.subject
    assert f"/{language}/cases/?sector=health" in message.body
    assert f"/{language}/mine/alerts/stop/" in message.extra_headers["List-Unsubscribe"]
    assert re.search(rf"https?://\S+/{language}/cases/health-ferry/", message.body)
