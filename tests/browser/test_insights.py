"""The insights page, the map and the about pages in Chromium: no axe-core violation,
keyboard reach, and a bar that leads to its search and back."""

import re

import pytest

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/insights/",
    "/insights/?sector=health&country=FR",
    "/insights/?q=nothing-matches-this",
    "/countries/FR/",
    "/about/",
    "/about/research/",
]


def some_cases():
    make_case(title="Open budget", sectors=("health",), countries=("FR",), year_launched=2012,
              parts={"coproduction": {"kind": "addition", "stage": ["design"]}})  # fmt: skip
    make_case(title="Budget clinic", sectors=("education",), countries=("DE", "FR"),
              year_launched=2003, level="local", status="pilot")  # fmt: skip
    make_case(title="Hidden draft", state="draft", sectors=("defence",), countries=("NZ",))


def test_insights_map_and_about_pages_have_no_accessibility_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    some_cases()
    page = browser.new_page()
    axe = Axe()
    found = {}
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.locator("details").evaluate_all("els => els.forEach(el => el.open = true)")
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    assert found == {}


def test_visitor_follows_a_bar_to_its_search_and_comes_back(live_server, browser):
    some_cases()
    page = browser.new_page()
    page.goto(live_server.url + "/cases/")
    page.get_by_role("link", name="Charts of these 2 cases").click()
    page.wait_for_url(re.compile(r"/insights/"))
    bar = page.get_by_role("link", name=re.compile(r"^Education: 1 \(50\.0 % of cases\)"))
    bar.click()
    page.wait_for_url(re.compile(r"/cases/\?sector=education$"))
    assert page.locator("#results-heading").inner_text() == "1 case"
    assert "Budget clinic" in page.locator(".results").inner_text()
    page.go_back()
    page.wait_for_url(re.compile(r"/insights/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Insights"


def test_keyboard_reaches_every_country_with_cases_on_the_map(live_server, browser):
    some_cases()
    page = browser.new_page()
    page.goto(live_server.url + "/insights/")
    names = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "document.activeElement.closest('.world-map') ? "
            "document.activeElement.getAttribute('aria-label') : null"
        )
        if label:
            names.add(label)
        if len(names) == 2:
            break
    assert names == {"France: 2 cases", "Germany: 1 case"}
