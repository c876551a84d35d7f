"""A confirmed address is not a mailbox anyone can write to: news of a case goes only to
an address confirmed for that case. Before, anyone could have the site mail their own
title and name to an address that was confirmed once (3 of 3 phishing mails sent)."""

import re

import pytest
from django.core import mail

from innovations import services
from innovations.models import Innovation

pytestmark = pytest.mark.django_db
VICTIM = "victim@example.org"
PHISHING = "Urgent-verify-your-account-at-evil-example"


@pytest.fixture(autouse=True)
def _no_form_timing(settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 0}


def submit_form(client, **overrides):
    from tests.forms import complete, post

    return post(client, complete(**overrides))


def _to_victim():
    return [m for m in mail.outbox if m.to == [VICTIM]]


def test_a_confirmed_address_gets_no_text_typed_by_someone_else(
    client, moderator, django_capture_on_commit_callbacks
):
    services.contributor_address_confirm(VICTIM)  # confirmed once, long ago
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            submit_form(
                client, title=f"{PHISHING} {n}", contributor_name=PHISHING, contributor_email=VICTIM
            )
    for case in Innovation.objects.all():
        with django_capture_on_commit_callbacks(execute=True):
            services.innovation_request_changes(innovation=case, actor=moderator, note=PHISHING)
    for message in _to_victim():
        assert PHISHING not in message.subject + message.body
    assert len(_to_victim()) <= 1  # one confirmation request a day, with none of the text


def test_confirming_a_new_case_from_its_link_opens_its_news(
    client, moderator, django_capture_on_commit_callbacks
):
    services.contributor_address_confirm(VICTIM)
    with django_capture_on_commit_callbacks(execute=True):
        submit_form(client, title="My own second case", contributor_email=VICTIM)
    (ask,) = _to_victim()
    assert "My own second case" not in ask.body
    link = re.search(r"https?://\S+/confirm/\S+/", ask.body).group(0)
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_request_changes(
            innovation=Innovation.objects.get(), actor=moderator, note="Numbers?"
        )
    assert len(_to_victim()) == 1 and "Numbers?" in _to_victim()[0].body
