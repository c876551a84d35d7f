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
