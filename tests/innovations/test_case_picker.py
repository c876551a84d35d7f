"""The case picker moderators use to fill collections and link cases among thousands:
a search (`?pick=`, the moderation queue's word-by-word search, so it reaches unpublished
cases) listing matching cases with an "Add" or "Link" button each; the results alone for
the script (`X-Partial: picker`); moderators only; bad input answered, never a 500."""

import re

import pytest
from django.urls import reverse

from innovations import services
from innovations.models import CaseLink, Innovation
from tests.factories import REAL_TRANSACTIONS, TRIALS, make_case, queries, race, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State
PARTIAL = {"HTTP_X_PARTIAL": "picker"}


@pytest.fixture
def collection():
    return services.collection_save(title="Ferries", description="Boats as public transport.")


def page_url(collection, **params) -> str:
    url = reverse("moderation:collection", args=[collection.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def add_url(collection) -> str:
    return reverse("moderation:collection-add", args=[collection.pk])


def members(collection) -> list[int]:
    return list(collection.items.values_list("innovation_id", flat=True))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# -- who may pick ------------------------------------------------------------------------


@pytest.mark.parametrize("contributor", [False, True])
def test_anonymous_visitors_get_the_login_page_and_nothing_is_added(
    client, collection, contributor
):
    """Also a contributor signed in by their mailed link: that is no Django user."""
    case = make_case(title="Ferry timetables")
    if contributor:
        from innovations.contributor_services import CONTRIBUTOR_SESSION_KEY

        session = client.session
        session[CONTRIBUTOR_SESSION_KEY] = "contributor@example.org"
        session.save()
    for response in (
        client.get(page_url(collection, pick="ferry")),
        client.get(page_url(collection, pick="ferry"), **PARTIAL),
        client.get(reverse("moderation:review", args=[case.pk]) + "?pick=ferry", **PARTIAL),
        client.post(add_url(collection), {"case": case.pk}),
    ):
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    assert members(collection) == []


def test_users_without_the_permission_get_403_and_nothing_is_added(
    client, django_user_model, collection
):
    case = make_case(title="Ferry timetables")
    sign_in(client, django_user_model.objects.create_user("contributor", password="pw"))
    assert client.get(page_url(collection, pick="ferry")).status_code == 403
    assert client.get(page_url(collection, pick="ferry"), **PARTIAL).status_code == 403
    assert client.post(add_url(collection), {"case": case.pk}).status_code == 403
    link = reverse("moderation:link", args=[case.pk])
    assert client.post(link, {"case": make_case().pk, "kind": "inspired_by"}).status_code == 403
    assert members(collection) == [] and CaseLink.objects.count() == 0


# -- finding cases -----------------------------------------------------------------------


def test_the_picker_finds_cases_in_every_state_by_every_word(client, moderator, collection):
    make_case(title="Harbour ferry", countries=("TZ", "KE"), year_launched=2019)
    make_case(title="Ferry night service", state=State.SUBMITTED)
    make_case(title="Old ferry", state=State.UNPUBLISHED)
    make_case(title="Zeta", state=State.REJECTED, summary="A ferry for the island.")
    make_case(title="Harbour cranes")
    sign_in(client, moderator)
    html = client.get(page_url(collection, pick="ferry")).content.decode()
    for title in ("Harbour ferry", "Ferry night service", "Old ferry", "Zeta"):
        assert title in html
    assert "Harbour cranes" not in html
    assert "Kenya, Tanzania" in html and "2019" in html
    assert "Unpublished" in html and "Submitted" in html
    assert "4 cases found" in html
    both = client.get(page_url(collection, pick="harbour+ferry")).content.decode()
    assert "Harbour ferry" in both and "Harbour cranes" not in both and "Old ferry" not in both


def test_a_case_is_found_first_by_its_number_or_its_address(client, moderator, collection):
    """Its number first; then the cases whose texts hold that number (such as "2030")."""
    make_case(title="Agenda 1 and 2")
    case = make_case(title="Ferry timetables")
    make_case(title="Library hours")
    sign_in(client, moderator)
    by_number = client.get(page_url(collection, pick=case.pk)).content.decode()
    address = f"http://testserver{case.get_absolute_url()}"
    by_address = client.get(page_url(collection, pick=address)).content.decode()
    for html in (by_number, by_address):
        assert 'name="case"' in html
        assert html.index('name="case"') > html.index("Ferry timetables")
    assert "Library hours" not in by_address


def test_many_matches_show_the_first_twenty_and_ask_for_more_words(client, moderator, collection):
    for n in range(25):
        make_case(title=f"Ferry {n:02d}")
    sign_in(client, moderator)
    html = client.get(page_url(collection, pick="ferry")).content.decode()
    assert html.count('name="case"') == 20
    assert "More than 20 cases match" in html


@pytest.mark.parametrize("text", ["", "   ", "\x00", "x" * 100_000, "ferry " * 5_000, "%"])
def test_an_empty_odd_or_huge_search_is_answered_without_error(client, moderator, collection, text):
    make_case(title="Ferry timetables")
    sign_in(client, moderator)
    for extra in ({}, PARTIAL):
        response = client.get(page_url(collection), {"pick": text}, **extra)
        assert response.status_code == 200
        assert 'name="case"' not in response.content.decode() or text.startswith("ferry")


def test_the_script_gets_the_results_alone(client, moderator, collection):
    make_case(title="Ferry timetables")
    sign_in(client, moderator)
    response = client.get(page_url(collection, pick="ferry"), **PARTIAL)
    html = response.content.decode()
    assert "Ferry timetables" in html and 'id="picker-results"' in html
    assert "<html" not in html and 'name="title"' not in html
    assert "X-Partial" in response["Vary"]
    full = client.get(page_url(collection, pick="ferry"))
    assert "X-Partial" in full["Vary"] and "<html" in full.content.decode()
    assert re.search(r'<script src="[^"]*js/picker\.js" defer nonce="\w+', full.content.decode())


# -- adding to a collection --------------------------------------------------------------


def test_add_puts_the_case_last_and_keeps_the_search(client, moderator, collection):
    first, second = make_case(title="Ferry one"), make_case(title="Ferry two", state="submitted")
    services.collection_set_cases(collection=collection, cases=[first.pk])
    sign_in(client, moderator)
    response = client.post(add_url(collection), {"case": second.pk, "pick": "ferry two"})
    assert response.status_code == 302
    assert re.search(r"\?pick=ferry(\+|%20)two", response["Location"])
    assert members(collection) == [first.pk, second.pk]
    page = client.get(response["Location"])
    assert "“Ferry two” is added to the collection." in messages_of(page)
    assert 'value="ferry two"' in page.content.decode()


def test_a_collection_cannot_get_a_case_twice(client, moderator, collection):
    case = make_case(title="Ferry timetables")
    sign_in(client, moderator)
    client.post(add_url(collection), {"case": case.pk})
    again = client.post(add_url(collection), {"case": case.pk}, follow=True)
    assert members(collection) == [case.pk]
    assert "“Ferry timetables” is already in the collection." in messages_of(again)
    assert services.collection_add_case(collection=collection, case=case) is False
    html = client.get(page_url(collection, pick="ferry")).content.decode()
    assert f'name="case" value="{case.pk}"' not in html
    assert "Already in the collection" in html


def _add(collection_id, case_id):
    return services.collection_add_case(collection=collection_id, case=case_id)


@REAL_TRANSACTIONS
def test_two_moderators_adding_the_same_case_at_once_add_it_once():
    """The collection's row lock (PostgreSQL) or the write lock (SQLite) puts them one
    after the other; the second is told the case is already in."""
    for n in range(TRIALS):
        found = services.collection_save(title=f"Race {n}")
        case = make_case(title=f"Raced {n}")
        outcomes = race(_add, (found.pk, case.pk), (found.pk, case.pk))
        assert sorted(outcomes) == [False, True], outcomes
        assert members(found) == [case.pk]


@pytest.mark.parametrize(
    "data", [{}, {"case": ""}, {"case": "abc"}, {"case": "-1"}, {"case": "1.5"},
             {"case": "9" * 40}, {"case": "\x00"}, {"case": "１２"}, {"case": "999999999"}],
)  # fmt: skip
def test_a_bad_case_number_gives_a_clear_error_and_adds_nothing(
    client, moderator, collection, data
):
    make_case(title="Ferry timetables")
    sign_in(client, moderator)
    response = client.post(add_url(collection), data, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Choose a case from the search results."]
    assert members(collection) == []


def test_adding_to_a_collection_that_is_gone_is_a_404(client, moderator, collection):
    case = make_case()
    url = add_url(collection)
    services.collection_delete(collection=collection)
    sign_in(client, moderator)
    assert client.post(url, {"case": case.pk}).status_code == 404


# -- linking cases -----------------------------------------------------------------------


def test_the_link_form_picks_the_other_case_and_keeps_the_search(client, moderator):
    case = make_case(title="Ferry timetables in Dar")
    other = make_case(title="Ferry timetables in Mombasa", state=State.SUBMITTED)
    sign_in(client, moderator)
    review = reverse("moderation:review", args=[case.pk])
    html = client.get(review, {"pick": "ferry timetables"}).content.decode()
    assert f'name="case" value="{other.pk}"' in html
    assert f'name="case" value="{case.pk}"' not in html  # never linked to itself
    response = client.post(
        reverse("moderation:link", args=[case.pk]),
        {"case": other.pk, "kind": "inspired_by", "pick": "ferry timetables"},
    )
    assert re.search(r"\?pick=ferry(\+|%20)timetables", response["Location"])
    link = CaseLink.objects.get()
    assert (link.source_id, link.target_id, link.kind) == (case.pk, other.pk, "inspired_by")
    fragment = client.get(review, {"pick": "mombasa"}, **PARTIAL).content.decode()
    assert "Ferry timetables in Mombasa" in fragment and "<html" not in fragment


@pytest.mark.parametrize("value", ["abc", "9" * 40, "", "999999999", "self"])
def test_a_bad_case_to_link_gives_a_clear_error(client, moderator, value):
    case = make_case(title="Ferry timetables")
    sign_in(client, moderator)
    value = str(case.pk) if value == "self" else value
    response = client.post(
        reverse("moderation:link", args=[case.pk]),
        {"case": value, "kind": "inspired_by"},
        follow=True,
    )
    assert response.status_code == 200
    assert messages_of(response) == ["Give one other case's address and the kind of link."]
    assert CaseLink.objects.count() == 0


# -- cost --------------------------------------------------------------------------------


@pytest.mark.parametrize("partial", [False, True])
def test_the_picker_costs_the_same_with_3_or_30_matching_cases(
    client, moderator, collection, partial
):
    sign_in(client, moderator)
    extra = PARTIAL if partial else {}
    url = page_url(collection, pick="ferry")
    review = None
    for n in range(3):
        case = make_case(title=f"Ferry {n}", countries=("FR",))
        review = review or reverse("moderation:review", args=[case.pk]) + "?pick=ferry"
    services.collection_set_cases(collection=collection, cases=[case.pk])
    small = _queries(client, url, extra), _queries(client, review, extra)
    for n in range(27):
        make_case(title=f"Ferry {n}", countries=("FR", "DE", "KE"), state=State.SUBMITTED)
    large = _queries(client, url, extra), _queries(client, review, extra)
    assert small == large, (small, large)
    # Measured: the collection page 12, with or without the rest of the page (session,
    # user, device, permissions, collection, members, results, their countries); the
    # review page 37, its results alone 11.
    assert large <= ((12, 11) if partial else (12, 37)), large


def _queries(client, url, extra) -> int:
    if not extra:
        return queries(client, url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **extra)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)
