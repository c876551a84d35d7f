"""Searching and filtering the moderation lists: the queue (every state) and the
suggested updates. A plain `icontains` over title, summary and lead organisation,
since the catalogue's search index holds published cases only."""

import pytest
from django.urls import reverse

from innovations import services
from innovations.models import Innovation
from tests.factories import make_case, queries, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


def queue(client, **params) -> str:
    return client.get(reverse("moderation:queue"), params).content.decode()


def test_search_finds_submitted_cases_by_title_summary_or_organisation(client, moderator):
    make_case(state=State.SUBMITTED, title="Ferry timetables")
    make_case(state=State.SUBMITTED, title="Zeta", summary="About FERRY routes.")
    make_case(state=State.SUBMITTED, title="Omega", lead_organisation="Ferry Board")
    make_case(state=State.SUBMITTED, title="Libraries open late")
    sign_in(client, moderator)
    html = queue(client, q="ferry")
    assert "Ferry timetables" in html and "Zeta" in html and "Omega" in html
    assert "Libraries open late" not in html


def test_every_word_of_the_search_must_match(client, moderator):
    make_case(state=State.SUBMITTED, title="Ferry timetables in Dar")
    make_case(state=State.SUBMITTED, title="Ferry tickets")
    sign_in(client, moderator)
    html = queue(client, q="ferry dar")
    assert "Ferry timetables in Dar" in html and "Ferry tickets" not in html


def test_search_works_in_every_state_tab(client, moderator):
    make_case(state=State.PUBLISHED, title="Published ferry")
    make_case(state=State.REJECTED, title="Rejected ferry")
    sign_in(client, moderator)
    assert "Published ferry" in queue(client, q="ferry", state="published")
    assert "Rejected ferry" in queue(client, q="ferry", state="rejected")
    assert "Rejected ferry" not in queue(client, q="ferry", state="published")


def test_filters_by_sector_and_level(client, moderator):
    make_case(state=State.SUBMITTED, title="Alpha kept", sectors=("health",), level="local")
    make_case(state=State.SUBMITTED, title="Beta schools", sectors=("education",), level="local")
    make_case(state=State.SUBMITTED, title="Gamma national", level="national")
    sign_in(client, moderator)
    html = queue(client, sector="health", level="local")
    assert "Alpha kept" in html
    assert "Beta schools" not in html and "Gamma national" not in html


def test_the_search_form_keeps_what_was_typed_and_paginates_with_it(client, moderator):
    for n in range(51):
        make_case(state=State.SUBMITTED, title=f"Ferry {n}")
    sign_in(client, moderator)
    html = queue(client, q="ferry")
    assert 'value="ferry"' in html
    assert "q=ferry&amp;page=2" in html or "page=2&amp;q=ferry" in html


def test_an_unknown_filter_value_finds_nothing_and_no_error(client, moderator):
    make_case(state=State.SUBMITTED, title="Ferry")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"), {"sector": "narnia", "level": "x"})
    assert response.status_code == 200
    assert ">Ferry<" not in response.content.decode()


def test_suggestions_list_is_searchable(client, moderator):
    ferry = make_case(title="Ferry timetables")
    library = make_case(title="Libraries open late")
    for case in (ferry, library):
        services.suggestion_create(
            innovation=case, changes={"summary": "Better."}, email="a@example.org"
        )
    sign_in(client, moderator)
    html = client.get(reverse("moderation:suggestions"), {"q": "ferry"}).content.decode()
    assert "Ferry timetables" in html and "Libraries open late" not in html


def test_collections_list_is_searchable(client, moderator):
    services.collection_save(title="Ferries of the world", description="")
    services.collection_save(title="Libraries", description="")
    sign_in(client, moderator)
    html = client.get(reverse("moderation:collections"), {"q": "ferr"}).content.decode()
    assert "Ferries of the world" in html and "Libraries" not in html


@pytest.mark.parametrize("params", ["?q=case", "?q=case+number&sector=health&level=local"])
def test_queue_search_costs_a_constant_number_of_queries(client, moderator, params):
    sign_in(client, moderator)
    url = reverse("moderation:queue") + params
    for _n in range(3):
        make_case(state=State.SUBMITTED, level="local")
    small = queries(client, url)
    for _n in range(30):
        make_case(state=State.SUBMITTED, level="local", sectors=("health", "education"))
    large = queries(client, url)
    assert small == large <= 17, (
        small,
        large,
    )  # 17 measured: session, user, device, permissions, counts, page, vocabularies
