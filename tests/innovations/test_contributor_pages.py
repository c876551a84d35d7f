"""What a first-time contributor meets: fields marked before any attempt, countries to
tick, a preview they can edit or send from, a complete citation, and, once published, a
way to suggest an update."""

import re

import pytest
from django.urls import reverse

from innovations import services
from innovations.antispam import STARTED
from innovations.models import Innovation
from tests.factories import make_case
from tests.forms import complete, post, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_form")]
State = Innovation.State


def test_required_fields_are_marked_before_any_attempt(client):
    html = client.get(reverse("innovations:submit")).content.decode()
    assert "are needed to submit the case for review" in html
    marked = re.findall(r'<div class="field field-required[^"]*"[^>]*>.*?name="(\w+)"', html, re.S)
    for name in ("title", "summary", "countries", "sectors", "licence_consent"):
        assert name in marked, name
    assert "partners" not in marked


def test_countries_are_checkboxes_named_in_the_page_language(client):
    html = client.get("/fr/submit/").content.decode()
    assert 'type="checkbox" name="countries" value="DE"' in html
    assert re.search(r'value="DE"[^>]*>\s*Allemagne', html)
    assert 'data-filter="Tapez pour filtrer les pays"' in html


def test_preview_has_edit_and_submit_for_review(client):
    response = post(client, complete(action="preview"))
    token = response.url.split("/")[-3]
    html = client.get(response.url).content.decode()
    assert f'href="{reverse("innovations:submit-edit", args=[token])}"' in html
    assert f'action="{reverse("innovations:submit-send", args=[token])}"' in html
    assert ">Submit for review</button>" in html


def test_submit_for_review_from_the_preview_sends_a_complete_draft(client):
    response = post(client, complete(action="preview"))
    token = response.url.split("/")[-3]
    sent = client.post(reverse("innovations:submit-send", args=[token]))
    assert sent.status_code == 302
    assert sent.url == reverse("innovations:submit-done", args=[token])
    assert services.innovation_from_token(token).state == State.SUBMITTED


def test_submit_for_review_of_an_incomplete_draft_shows_what_is_missing(client):
    response = post(client, {"title": "Half done", "action": "preview", STARTED: started()})
    token = response.url.split("/")[-3]
    answer = client.post(reverse("innovations:submit-send", args=[token]))
    assert answer.status_code == 200
    assert "Please correct the fields marked below" in answer.content.decode()
    assert services.innovation_from_token(token).state == State.DRAFT


def test_submit_for_review_is_refused_once_with_the_moderators(client):
    case = make_case(state="submitted")
    token = services.status_token(case)
    answer = client.post(reverse("innovations:submit-send", args=[token]))
    assert answer.url == reverse("innovations:status", args=[token])


def test_preview_citation_is_complete(client):
    response = post(client, complete(action="preview"))
    html = client.get(response.url).content.decode()
    cite = re.search(r'<section class="cite".*?</section>', html, re.S).group(0)
    assert "()" not in cite
    assert "(accessed )" not in cite
    assert re.search(r"\(\d{4}\)", cite)
    assert "/cases/zanzibarian-ferry-timetable-co-design/" in cite


def test_published_status_page_offers_to_suggest_an_update(client):
    case = make_case(title="Published one", contributor_email="c@example.org")
    html = client.get(reverse("innovations:status", args=[services.status_token(case)]))
    text = html.content.decode()
    assert "Something to add or correct?" in text
    assert f'href="/cases/{case.slug}/suggest/"' in text
    assert "Suggest an update" in text
