"""The API's documentation page passes axe-core in Chromium, and needs no script."""

import pytest

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_api_docs_have_no_accessibility_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    make_case(title="Open budget")
    page = browser.new_page(java_script_enabled=True)
    response = page.goto(live_server.url + "/api/v1/docs")
    assert response.status == 200
    assert page.locator("script").count() == 0
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations] == []


def test_api_docs_fit_a_phone_without_sideways_scroll(live_server, browser):
    make_case(title="Open budget")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    assert page.goto(live_server.url + "/api/v1/docs").status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    label = page.locator(".api-operation td[data-label]").first
    assert label.evaluate("el => getComputedStyle(el, '::before').content") != "none"
