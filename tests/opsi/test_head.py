"""HEAD is answered wherever GET is: every GET route of the site, public or private."""

import pytest
from django.urls import reverse

from innovations import services
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db


def test_head_answers_like_get_everywhere(client, moderator):
    case = make_case(state="published", title="A published case")
    draft = make_case(state="draft", contributor_email="c@example.org")
    token = services.status_token(draft)
    sign_in(client, moderator)
    urls = [
        reverse("innovations:home"),
        reverse("innovations:list"),
        case.get_absolute_url(),
        reverse("innovations:feed"),
        reverse("innovations:submit"),
        reverse("innovations:submit-edit", args=[token]),
        reverse("innovations:submit-preview", args=[token]),
        reverse("innovations:status", args=[token]),
        reverse("moderation:queue"),
        reverse("moderation:review", args=[draft.pk]),
        reverse("moderation:preview", args=[draft.pk]),
        reverse("accounts:verify"),
        reverse("sitemap"),
    ]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, url
        assert head.status_code != 405, url
