"""axe-core (run offline in Chromium) finds no violation on the main public pages."""

from functools import partial

import pytest

from tests.factories import PageAudit, make_case

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


# A desktop and a phone (390 × 844, the width the issue was found at).
WIDTHS = [(1280, 900), (390, 844)]


def contributor_pages() -> list[str]:
    """The contributor's pages of a draft, one sent for review and a published case."""
    from innovations import services

    draft = make_case(title="Draft clinic", state="draft", language="es")
    sent = make_case(title="Sent clinic", state="submitted")
    public = make_case(title="Public clinic", contributor_email="c@example.org")
    token, sent_token = services.status_token(draft), services.status_token(sent)
    return [
        "/submit/",
        f"/submit/{token}/",
        f"/submit/{token}/preview/",
        f"/status/{token}/",
        f"/submit/{sent_token}/received/",
        f"/status/{services.status_token(public)}/",
    ]


@pytest.mark.parametrize("language", ["en", "fr", "es", "de"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_public_pages_have_no_accessibility_violations(
    live_server, browser, language, width, height
):
    """Every page type, in every language, on a desktop and on a phone; none
    scrolls sideways."""
    from axe_playwright_python.sync_playwright import Axe

    from innovations import services

    budget = make_case(title="Open budget", featured=True, featured_order=1)
    make_case(title="Budget clinic", sectors=("health",))
    services.innovation_edit(innovation=budget, data={"summary": "A new summary."}, actor=None)
    budgets = services.collection_save(title="Budgets", description="Open budgets.")
    services.collection_set_cases(collection=budgets, cases=[budget.pk])
    paths = PAGES + ["/insights/", "/insights/?sector=health", "/about/", "/about/research/"]
    paths += contributor_pages()
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page(viewport={"width": width, "height": height})
    axe = Axe()
    found, wide = {}, {}
    for path in paths:
        response = page.goto(live_server.url + prefix + path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == language, path
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    page.close()
    assert found == {}
    assert wide == {}


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
    with page.expect_navigation():  # axe reads the page the form answers, not the form
        page.get_by_role("button", name="Sign in").click()
    check("login with an error")
    page.fill("#id_password", "a-long-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile("/accounts/two-factor/setup/"))
    check("set-up")
    secret = page.locator(".secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"
    page.fill("#id_token", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    check("recovery codes")
    with page.expect_navigation():
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


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PICTURE_LABEL = {"en": "A picture", "fr": "Une image"}
SEND = {"en": "Send the suggestion", "fr": "Envoyer la proposition"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_suggestion_form_with_a_refused_picture_has_no_violations(
    live_server, browser, settings, tmp_path, language, width, height
):
    """The reader's suggestion form with its picture-or-video section, then after a
    refused upload (an SVG): the error is shown at the file, what was typed is kept, and
    neither state has an axe violation or scrolls sideways."""

    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    case = make_case(title="Open budget")
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    audit = PageAudit(width, language)
    check = partial(audit.check, page)

    response = page.goto(f"{live_server.url}{prefix}/cases/{case.slug}/suggest/")
    assert response.status == 200
    assert page.locator("#id_media-file").count() == 1
    check("form")
    page.get_by_label(PICTURE_LABEL[language], exact=True).check()
    page.fill("#id_media-title", "The budget assembly")
    page.fill("#id_media-alt_text", "Residents voting with coloured cards")
    page.fill("#id_media-credit", "City of Lyon, CC BY 4.0")
    page.set_input_files(
        "#id_media-file", {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": SVG}
    )
    page.get_by_role("button", name=SEND[language]).click()
    page.wait_for_selector(".form-errors")
    error = page.locator(".field-error").filter(has=page.locator("#id_media-file"))
    assert "SVG" in error.inner_text()
    assert page.input_value("#id_media-title") == "The budget assembly"
    assert page.input_value("#id_media-alt_text") == "Residents voting with coloured cards"
    assert page.locator("#id_media-file").get_attribute("aria-invalid") == "true"
    check("refused picture")
    page.close()
    assert (audit.found, audit.wide) == ({}, {})
