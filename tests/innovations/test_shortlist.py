"""The reader's shortlist (session, no account, no script) and the comparison of up to
five published cases, shared by its address."""

import re

import bibtexparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import services, shortlist
from innovations.models import Innovation
from tests.factories import make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
PROFILE = {
    "kind": "addition",
    "stages": ["delivery", "planning"],
    "reasons": ["improve-outcomes"],
    "enhancing_factors": ["political-commitment"],
}


def _profile() -> dict:
    from coproduction import parts

    return parts.from_record({"coproduction": PROFILE})


def _add(client, case, referer="/cases/?sector=health"):
    return client.post(
        reverse("innovations:shortlist"), {"add": case.pk}, headers={"Referer": referer}
    )


def _session_ids(client) -> list[int]:
    return client.session.get(shortlist.SESSION_KEY, [])


def test_adding_a_published_case_keeps_it_and_goes_back_to_the_list(client):
    case = make_case(title="Health Buddy")
    response = _add(client, case, referer="http://testserver/cases/?sector=health")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/cases/?sector=health"
    assert _session_ids(client) == [case.pk]
    page = client.get(reverse("innovations:shortlist")).content.decode()
    assert "Health Buddy" in page
    assert f'value="{case.slug}" id="pick-{case.pk}" checked' in page


def test_going_back_never_leaves_the_site(client):
    case = make_case()
    response = _add(client, case, referer="https://evil.example/")
    assert response["Location"] == reverse("innovations:shortlist")


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.REJECTED, State.UNPUBLISHED],
)
def test_a_case_that_is_not_published_cannot_be_added(client, state):
    case = make_case(state=state)
    response = _add(client, case)
    assert response.status_code == 302
    assert _session_ids(client) == []
    messages = client.get(reverse("innovations:shortlist")).content.decode()
    assert "This case is not in the public catalogue." in messages


@pytest.mark.parametrize("value", ["", "abc", "-1", "1" * 30, "٣"])
def test_bad_input_is_refused_with_a_message_never_a_500(client, value):
    response = client.post(reverse("innovations:shortlist"), {"add": value}, follow=True)
    assert response.status_code == 200
    assert "Choose a case to add to your shortlist." in response.content.decode()


def test_adding_needs_the_csrf_token(db):
    case = make_case()
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("innovations:shortlist"), {"add": case.pk}).status_code == 403


def test_a_case_that_leaves_the_catalogue_leaves_the_shortlist(client):
    case = make_case(title="Soon gone")
    _add(client, case)
    services.innovation_unpublish(innovation=case, actor=None)
    page = client.get(reverse("innovations:shortlist")).content.decode()
    assert "Soon gone" not in page
    assert "Your shortlist is empty." in page


def test_removing_and_emptying(client):
    first, second = make_case(title="First"), make_case(title="Second")
    _add(client, first)
    _add(client, second)
    client.post(reverse("innovations:shortlist"), {"remove": first.pk})
    assert _session_ids(client) == [second.pk]
    client.post(reverse("innovations:shortlist"), {"clear": "1"})
    assert _session_ids(client) == []


def test_the_shortlist_is_full_at_its_limit(client, monkeypatch):
    monkeypatch.setattr(shortlist, "MAX_CASES", 2)
    cases = [make_case() for _ in range(3)]
    for case in cases:
        _add(client, case)
    assert _session_ids(client) == [cases[0].pk, cases[1].pk]


def test_every_card_of_the_search_has_a_button_outside_the_search_form(client):
    case = make_case(title="Health Buddy")
    html = client.get(reverse("innovations:list")).content.decode()
    assert f'<button type="submit" form="shortlist-form" name="add" value="{case.pk}"' in html
    # Forms cannot nest: the shortlist's form comes after the search form has closed.
    search_form = html.index('<form id="search-form"')
    closed = html.index("</form>", search_form)
    assert html.index('<form id="shortlist-form"') > closed
    assert html.count("<form") == html.count("</form>")


@pytest.mark.parametrize(
    "url",
    ["innovations:featured", "innovations:home"],
)
def test_lists_with_buttons_have_the_shortlist_form(client, url):
    make_case(featured=True)
    html = client.get(reverse(url)).content.decode()
    if 'form="shortlist-form"' in html:
        assert 'id="shortlist-form"' in html


def test_the_case_page_has_the_button_outside_its_cached_article(client):
    case = make_case()
    for _ in range(2):  # the second time, the article comes from the cache
        html = client.get(case.get_absolute_url()).content.decode()
        assert f'name="add" value="{case.pk}"' in html
        assert 'id="shortlist-form"' in html


def test_the_comparison_shows_cases_side_by_side(client):
    first = make_case(
        title="Health Buddy", lead_organisation="NHS", parts={"coproduction": _profile()}
    )
    second = make_case(title="Plan Ceibal", sectors=("education",), countries=("UY",))
    url = f"{reverse('innovations:compare')}?case={first.slug}&case={second.slug}"
    html = client.get(url).content.decode()
    assert html.index("Health Buddy") < html.index("Plan Ceibal")
    assert '<th scope="row">Lead organisation</th>' in html
    assert '<td data-label="Health Buddy">NHS</td>' in html
    assert '<a href="/cases/?cp_kind=addition">Addition to professional work</a>' in html
    assert '<a href="/countries/UY/">Uruguay</a>' in html
    assert f"http://testserver{url.replace('&', '&amp;')}" in html


def test_the_comparison_leaves_out_cases_that_are_not_published(client):
    shown = make_case(title="Shown")
    hidden = [
        make_case(title=f"Hidden {state}", state=state)
        for state in State
        if state != State.PUBLISHED
    ]
    query = "&".join(f"case={c.slug}" for c in [shown, *hidden])
    html = client.get(f"{reverse('innovations:compare')}?{query}").content.decode()
    assert "Shown" in html and "Hidden" not in html
    # Five asked at most: the first five, of which four are not public.
    assert "4 cases of this address are not in the public catalogue" in html
    assert "Only the first 5 cases are compared." in html


def test_the_comparison_of_nothing_says_what_to_do(client):
    html = client.get(f"{reverse('innovations:compare')}?case=nope").content.decode()
    assert "No case to compare." in html


def test_the_comparisons_citations_parse_and_hold_published_cases_only(client):
    first, second = make_case(title="One"), make_case(title="Two")
    draft = make_case(title="Draft", state=State.DRAFT)
    query = f"case={first.slug}&case={draft.slug}&case={second.slug}"
    response = client.get(f"{reverse('innovations:compare-cite', args=['bib'])}?{query}")
    assert response["Content-Disposition"] == 'attachment; filename="opsi-cases.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert [e.key for e in library.entries] == [first.slug, second.slug]


def test_the_french_comparison_is_in_french(client):
    case = make_case(title="Santé")
    html = client.get(f"/fr/compare/?case={case.slug}").content.decode()
    assert "Comparer des cas" in html
    assert re.search(r'href="/fr/cases/\?cp_|href="/fr/sectors/', html)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_comparison_costs_the_same_queries_for_one_and_five_cases(client):
    tags = {
        "sectors": ("health", "education"),
        "factors": ("partnerships", "user-involvement"),
        "countries": ("FR", "DE"),
    }
    cases = [make_case(parts={"coproduction": _profile()}, **tags) for _ in range(5)]
    base = reverse("innovations:compare")
    one = _queries(client, f"{base}?case={cases[0].slug}")
    five = _queries(client, f"{base}?" + "&".join(f"case={c.slug}" for c in cases))
    assert one == five <= 12


def test_the_shortlist_costs_the_same_queries_for_one_and_five_cases(client):
    cases = [make_case(parts={"coproduction": _profile()}) for _ in range(5)]
    _add(client, cases[0])
    one = _queries(client, reverse("innovations:shortlist"))
    for case in cases[1:]:
        _add(client, case)
    five = _queries(client, reverse("innovations:shortlist"))
    assert one == five


@pytest.mark.parametrize(
    "args", [("innovations:compare", []), ("innovations:compare-cite", ["ris"])]
)
def test_an_address_that_cannot_be_a_case_is_left_out_of_a_comparison(client, args):
    """A NUL byte or other non-slug in `case` is never looked up (PostgreSQL refuses a
    NUL byte in text: it was a 500 there), and the real cases are still compared."""
    case = make_case(title="Compared all the same")
    name, url_args = args
    response = client.get(
        reverse(name, args=url_args), {"case": ["bad\x00slug", "a b/c", case.slug]}
    )
    assert response.status_code == 200
    assert "Compared all the same" in response.content.decode()
