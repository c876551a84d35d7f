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
    "/cases/open-budget/history/",
    "/cases/open-budget/suggest/",
    "/collections/",
    "/collections/budgets/",
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

    from innovations import services

    budget = make_case(title="Open budget", featured=True, featured_order=1)
    make_case(title="Budget clinic", sectors=("health",))
    services.innovation_edit(innovation=budget, data={"summary": "A new summary."}, actor=None)
    budgets = services.collection_save(title="Budgets", description="Open budgets.")
    services.collection_set_cases(collection=budgets, cases=[budget.pk])
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


def test_sign_in_pages_have_no_accessibility_violations(live_server, browser, django_user_model):
    """The sign-in page (also locked out), setting up the second step, its recovery codes,
    the second step itself, and the page that confirms a contributor's address."""
    import re
    from base64 import b32decode

    from axe_playwright_python.sync_playwright import Axe
    from django.contrib.auth.models import Group
    from django_otp.oath import totp

    from innovations import tasks

    user = django_user_model.objects.create_user("axe-mod", "m@example.org", "a-long-password")
    user.groups.add(Group.objects.get(name="Moderators"))
    case = make_case(state="submitted", contributor_email="c@example.org")
    page = browser.new_page()
    axe = Axe()
    found = {}

    def check(name):
        violations = axe.run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]

    page.goto(f"{live_server.url}/accounts/login/?next=/moderation/")
    check("login")
    page.fill("#id_username", "axe-mod")
    page.fill("#id_password", "wrong password")
    page.get_by_role("button", name="Sign in").click()
    check("login with an error")
    page.fill("#id_password", "a-long-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile("/accounts/two-factor/setup/"))
    check("set-up")
    secret = page.locator(".secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"
    page.fill("#id_token", code)
    page.get_by_role("button", name="Confirm").click()
    check("recovery codes")
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/?next=/moderation/")
    page.fill("#id_username", "axe-mod")
    page.fill("#id_password", "a-long-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile("/accounts/two-factor/"))
    check("second step")
    token = tasks.confirmation_token("c@example.org", case.pk)
    page.goto(f"{live_server.url}/confirm/{token}/")
    check("confirm address")
    assert found == {}
