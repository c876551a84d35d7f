"""A case that is not published is invisible at every public door."""

import pytest
from django.urls import reverse

from innovations import search, services
from innovations.models import Innovation
from tests.factories import make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
WORD = "Quokkafrobnication"


def case_in(state, moderator) -> Innovation:
    case = make_case(
        title=f"{WORD} {state}", state=State.DRAFT, sectors=("health",), countries=("NZ",)
    )
    steps = {
        State.DRAFT: [],
        State.SUBMITTED: [lambda c: services.innovation_submit(innovation=c)],
        State.CHANGES_REQUESTED: [
            lambda c: services.innovation_submit(innovation=c),
            lambda c: services.innovation_request_changes(
                innovation=c, actor=moderator, note="More."
            ),
        ],
        State.REJECTED: [
            lambda c: services.innovation_submit(innovation=c),
            lambda c: services.innovation_reject(innovation=c, actor=moderator, note="No."),
        ],
        State.UNPUBLISHED: [
            lambda c: services.innovation_submit(innovation=c),
            lambda c: services.innovation_publish(innovation=c, actor=moderator),
            lambda c: services.innovation_unpublish(innovation=c, actor=moderator),
        ],
    }
    for step in steps[state]:
        case = step(case)
    return case


HIDDEN = [s for s in State if s != State.PUBLISHED]


@pytest.mark.parametrize("state", HIDDEN)
def test_a_hidden_case_is_at_no_public_door(client, moderator, state):
    case = case_in(state, moderator)
    assert case.state == state
    assert client.get(reverse("innovations:detail", args=[case.slug])).status_code == 404
    assert search.matches(WORD) == []
    doors = [
        reverse("innovations:home"),
        reverse("innovations:list"),
        reverse("innovations:list") + f"?q={WORD}",
        reverse("innovations:sector", args=["health"]),
        reverse("innovations:country", args=["NZ"]),
        reverse("innovations:sectors"),
        reverse("innovations:countries"),
    ]
    for url in doors:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert case.title not in html, url
        assert case.get_absolute_url() not in html, url


def test_publishing_opens_every_door_and_unpublishing_closes_them(client, moderator):
    case = case_in(State.SUBMITTED, moderator)
    case = services.innovation_publish(innovation=case, actor=moderator)
    assert search.matches(WORD) == [case.pk]
    assert client.get(case.get_absolute_url()).status_code == 200
    assert WORD in client.get(reverse("innovations:country", args=["NZ"])).content.decode()
    services.innovation_unpublish(innovation=case, actor=moderator)
    assert search.matches(WORD) == []
    assert client.get(case.get_absolute_url()).status_code == 404
