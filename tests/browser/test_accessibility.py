"""axe-core (run offline in Chromium) finds no violation on the main public pages."""

import pytest

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/",
    "/cases/",
    "/cases/?q=budget&sector=health&country=FR",
    "/cases/open-budget/",
    "/cases/featured/",
    "/sectors/",
    "/sectors/health/",
    "/approaches/competition/",
    "/enabling-factors/partnerships/",
    "/countries/",
    "/countries/FR/",
    "/data/",
    "/data/codebook/",
]


def test_public_pages_have_no_accessibility_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    make_case(title="Open budget", featured=True, featured_order=1)
    make_case(title="Budget clinic", sectors=("health",))
    page = browser.new_page()
    axe = Axe()
    found = {}
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    assert found == {}


def test_keyboard_focus_is_visible(live_server, browser):
    make_case(title="Open budget")
    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => getComputedStyle(el).left") == "0px"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
