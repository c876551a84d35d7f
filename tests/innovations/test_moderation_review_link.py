"""The "Review / edit" link on a public case page: for signed-in moderators only, and
never in what anonymous readers get (the cached article stays the same for everyone)."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db


def normalised(response) -> str:
    """The page without what changes on every response (CSP nonce, CSRF token)."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_moderator_sees_the_review_link(client, moderator):
    case = make_case()
    sign_in(client, moderator)
    response = client.get(case.get_absolute_url())
    assert reverse("moderation:review", args=[case.pk]) in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_anonymous_readers_and_other_users_do_not(client, django_user_model):
    case = make_case()
    link = reverse("moderation:review", args=[case.pk])
    assert link not in client.get(case.get_absolute_url()).content.decode()
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    assert link not in client.get(case.get_absolute_url()).content.decode()


def test_a_moderators_visit_leaves_the_anonymous_page_unchanged(client, moderator):
    case = make_case()
    before = client.get(case.get_absolute_url())
    moderator_client = sign_in(type(client)(), moderator)
    assert "Review / edit" in moderator_client.get(case.get_absolute_url()).content.decode()
    after = client.get(case.get_absolute_url())
    assert "Review / edit" not in after.content.decode()
    assert normalised(after) == normalised(before)
    assert after.get("Cache-Control") == before.get("Cache-Control")
    assert after["ETag"] == before["ETag"]
