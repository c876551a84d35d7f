"""On a phone (390 px wide), in English, French and Spanish: search, filter and open a case,
with the results first, the filters in a panel and never a sideways scroll."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390
WORDS = {
    "en": {"filters": "Filters", "search": "Search", "one": "1 case", "facts": "At a glance"},
    "fr": {"filters": "Filtres", "search": "Rechercher", "one": "1 cas", "facts": "En bref"},
    "es": {"filters": "Filtros", "search": "Buscar", "one": "1 caso", "facts": "De un vistazo"},
}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_phone_user_searches_filters_and_opens_a_case(live_server, browser, language):
    words = WORDS[language]
    prefix = "" if language == "en" else f"/{language}"
    make_case(title="Telehealth for veterans", description="remote care", sectors=("health",))
    make_case(title="Remote schooling", description="remote classes", sectors=("education",))
    for n in range(3):
        make_case(title=f"Other case {n}", sectors=("defence",))
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}{prefix}/cases/")
    assert no_sideways_scroll(page)

    # Results come first: the filters are a closed panel above them.
    panel = page.locator("#filters-panel")
    assert panel.evaluate("el => el.open") is False
    first_card = page.locator(".cards-list .card").first
    assert first_card.bounding_box()["y"] < 844 + 200

    page.fill("#q", "remote")
    page.locator(".search-bar").get_by_role("button", name=words["search"]).click()
    expect(page.locator(".cards-list .card")).to_have_count(2)
    assert no_sideways_scroll(page)

    page.locator("summary.filters-toggle").click()
    page.locator("#f-sector-health").check()
    expect(page.locator("#results-heading")).to_have_text(words["one"])
    status = page.locator("#search-status")
    assert words["one"] in status.inner_text()
    assert "sector=health" in page.url
    assert no_sideways_scroll(page)

    page.get_by_role("link", name="Telehealth for veterans").click()
    page.wait_for_url(re.compile(r"/cases/telehealth-for-veterans/$"))
    assert page.evaluate("document.documentElement.lang") == language
    assert no_sideways_scroll(page)
    # The key facts come right after the summary.
    facts = page.locator(".case-facts").bounding_box()["y"]
    description = page.locator("#description-heading").bounding_box()["y"]
    summary = page.locator(".case-header .lead").bounding_box()["y"]
    assert summary < facts < description
    assert words["facts"] in page.locator(".case-facts h2").inner_text()


def test_paging_moves_focus_and_view_to_the_results(live_server, browser, settings):
    settings.OPSI_PAGE_SIZE = 2
    for n in range(5):
        make_case(title=f"Paged case {n}")
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/cases/")
    next_link = page.locator(".pagination a[rel=next]")
    next_link.scroll_into_view_if_needed()
    next_link.click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator("#results-heading")).to_be_focused()
    top = page.locator("#results-heading").bounding_box()["y"]
    assert -2 <= top < 200


def test_long_groups_fold_and_countries_can_be_typed(live_server, browser):
    codes = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT", "DK", "SE", "FI", "NO", "PL"]
    for code in codes:
        make_case(title=f"Case in {code}", countries=(code,))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fr/cases/")
    country = page.locator("#facet-country")
    more = country.locator("details.more-options")
    assert more.evaluate("el => el.open") is False
    page.fill("#facet-country-filter", "norv")
    assert more.evaluate("el => el.open") is True
    visible = country.locator("li:visible")
    assert visible.count() == 1
    assert "Norvège" in visible.inner_text()
