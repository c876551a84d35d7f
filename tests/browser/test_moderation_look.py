"""The sign-in and moderation pages in Chromium: fields styled like the rest of the
site's forms, and the active tab's count readable (axe finds no violation)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import make_case, sign_in

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
