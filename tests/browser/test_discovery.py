"""A visitor's journeys in real Chromium (Debian's), through Playwright."""

import re

import pytest

from tests.factories import make_case

# serialized_rollback: the vocabularies seeded by migrations survive the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_opens_a_featured_case_from_the_home_page(live_server, browser):
    make_case(
        title="NemID",
        summary="Denmark's shared digital identity.",
        countries=("DK",),
        featured=True,
        featured_order=1,
    )
    make_case(title="Not featured")
    page = browser.new_page()
    page.goto(live_server.url + "/")
    featured = page.get_by_role("region", name="Featured innovations")
    featured.get_by_role("link", name="NemID").click()
    page.wait_for_url(re.compile(r"/cases/nemid/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "NemID"
    assert "Denmark" in page.locator(".case-facts").inner_text()


def test_researcher_filters_opens_a_result_and_comes_back(live_server, browser):
    make_case(
        title="Telehealth for veterans",
        description="remote monitoring",
        sectors=("health",),
        countries=("US",),
    )
    make_case(
        title="Telehealth in schools",
        description="remote monitoring",
        sectors=("education",),
        countries=("US",),
    )
    make_case(
        title="Telehealth in Denmark",
        description="remote monitoring",
        sectors=("health",),
        countries=("DK",),
    )
    make_case(
        title="Remote courts",
        description="remote hearings",
        sectors=("public-order-and-safety",),
        countries=("US",),
    )
    page = browser.new_page()
    page.goto(live_server.url + "/cases/")
    page.get_by_label("Search words").fill("telehealth")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_url(re.compile(r"q=telehealth"))
    assert page.locator("#results-heading").inner_text() == "3 cases"

    # Ticking a filter refreshes the results in place and the URL follows.
    page.locator("#f-sector-health").check()
    page.wait_for_url(re.compile(r"sector=health"))
    page.locator("#f-sector-education").check()
    page.wait_for_url(re.compile(r"sector=education"))
    us = page.locator("#f-country-US")
    assert "(2)" in page.locator("label[for=f-country-US]").inner_text()
    us.check()
    page.wait_for_url(re.compile(r"country=US"))
    assert page.locator("#results-heading").inner_text() == "2 cases"
    filtered_url = page.url

    page.get_by_role("link", name="Telehealth for veterans").click()
    page.wait_for_url(re.compile(r"/cases/telehealth-for-veterans/$"))
    page.go_back()
    page.wait_for_url(filtered_url)
    assert page.locator("#results-heading").inner_text() == "2 cases"
    assert page.locator("#f-sector-health").is_checked()
    assert page.locator("#f-country-US").is_checked()


def test_search_works_without_javascript(live_server, browser):
    make_case(title="Health case", sectors=("health",))
    make_case(title="Education case", sectors=("education",))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/cases/")
    page.locator("#f-sector-health").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"sector=health"))
    assert page.locator("#results-heading").inner_text() == "1 case"
    page.get_by_role("link", name="Remove filter Sector: Health").click()
    page.wait_for_url(re.compile(r"/cases/\?"))
    assert page.locator("#results-heading").inner_text() == "2 cases"
    context.close()
