"""The sign-in and moderation pages in Chromium: fields styled like the rest of the
site's forms, and the active tab's count readable (axe finds no violation)."""

from functools import partial

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import PageAudit, make_case, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIELD_STYLE = "el => [getComputedStyle(el).borderTopWidth, getComputedStyle(el).paddingLeft]"


def test_the_password_field_is_styled_like_the_username_field(live_server, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    username = page.locator("#id_username").evaluate(FIELD_STYLE)
    password = page.locator("#id_password").evaluate(FIELD_STYLE)
    assert password == username
    assert password[1] != "0px" and password[1] != "1px"


def _moderator_page(live_server, browser, django_user_model):
    user = django_user_model.objects.create_user("look-mod", "m@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client = sign_in(Client(), user)
    page = browser.new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_the_queue_and_collection_forms_pass_axe_and_are_styled(
    live_server, browser, django_user_model
):
    from axe_playwright_python.sync_playwright import Axe

    make_case(state="submitted")
    page = _moderator_page(live_server, browser, django_user_model)
    page.goto(f"{live_server.url}/moderation/")
    count = page.locator('.tabs a[aria-current="page"] .count')
    assert count.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["nodes"][0]["target"]) for v in violations] == []

    page.goto(f"{live_server.url}/moderation/collections/")
    title = page.locator("#new-title")
    assert title.evaluate(FIELD_STYLE)[0] == "1px"
    assert title.evaluate("el => el.getBoundingClientRect().width") > 200
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["nodes"][0]["target"]) for v in violations] == []


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_sign_in_and_moderation_pass_axe_in_spanish_and_german(
    live_server, browser, django_user_model, language, width, height
):
    """The sign-in page and the moderation pages under /es/ and /de/, on a desktop and a
    phone: in the page's language, no axe violation, no sideways scroll."""

    from innovations import services

    waiting = make_case(title="Clínica móvil de salud", state="submitted")
    published = make_case(title="Presupuesto abierto")
    services.suggestion_create(
        innovation=published, changes={"summary": "Un resumen nuevo."}, message="Mejor así."
    )
    services.collection_save(title="Presupuestos", description="Casos de presupuestos.")
    audit = PageAudit(width, language)
    check = audit.check

    visitor = browser.new_page(viewport={"width": width, "height": height})
    visitor.goto(f"{live_server.url}/{language}/accounts/login/?next=/{language}/moderation/")
    check(visitor, "sign-in")
    visitor.fill("#id_username", "nobody")
    visitor.fill("#id_password", "wrong password")
    with visitor.expect_navigation():
        visitor.locator("form.account-form button[type=submit]").click()
    check(visitor, "sign-in with an error")
    visitor.close()

    page = _moderator_page(live_server, browser, django_user_model)
    page.set_viewport_size({"width": width, "height": height})
    pages = {
        "queue": "",
        "queue, searched": "?q=salud",
        "review": f"cases/{waiting.pk}/",
        "versions": f"cases/{published.pk}/versions/",
        "suggestions": "suggestions/",
        "collections": "collections/",
    }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}/{language}/moderation/{path}")
        assert response.status == 200, name
        check(page, name)
    assert (audit.found, audit.wide) == ({}, {})


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_the_second_step_passes_axe_in_spanish_and_german(
    live_server, browser, django_user_model, language, width, height
):
    """Signing in under /es/ or /de/ through every step: setting up the second step (and
    a wrong code), the recovery codes, the second step at the next sign-in; each in the
    page's language, with no axe violation and no sideways scroll."""
    import re
    from base64 import b32decode

    from django_otp.oath import totp

    user = django_user_model.objects.create_user("axe-mod", "m@example.org", "a-long-password")
    user.groups.add(Group.objects.get(name="Moderators"))
    page = browser.new_page(viewport={"width": width, "height": height})
    audit = PageAudit(width, language)
    check = partial(audit.check, page)

    def submit():
        with page.expect_navigation():
            page.locator("form.account-form button[type=submit]").click()

    def sign_in_with_password():
        page.goto(f"{live_server.url}/{language}/accounts/login/?next=/{language}/moderation/")
        page.fill("#id_username", "axe-mod")
        page.fill("#id_password", "a-long-password")
        submit()

    sign_in_with_password()
    page.wait_for_url(re.compile(f"/{language}/accounts/two-factor/setup/"))
    check("set-up")
    page.fill("#id_token", "000000")
    submit()
    check("set-up with a wrong code")
    page.wait_for_timeout(1500)  # django-otp makes the next try wait a second
    secret = page.locator(".secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"
    page.fill("#id_token", code)
    submit()
    check("recovery codes")
    with page.expect_navigation():
        page.locator(".site-header form.nav-form button").click()
    page.wait_for_url(re.compile(f"/{language}/$"))
    sign_in_with_password()
    page.wait_for_url(re.compile(f"/{language}/accounts/two-factor/\\?"))
    check("second step")
    page.close()
    assert (audit.found, audit.wide) == ({}, {})
