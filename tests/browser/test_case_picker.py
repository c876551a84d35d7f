"""The case picker in Chromium: a moderator types a few letters, the results come in
without a page load (and are read out), the keyboard reaches the "Add" button, and the
case joins the collection; the pages with results pass axe on a desktop and a phone."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from innovations import services
from innovations.models import Innovation
from tests.factories import make_case, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
State = Innovation.State


def _moderator_page(live_server, browser, django_user_model, **options):
    user = django_user_model.objects.create_user("picker-mod", "m@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client = sign_in(Client(), user)
    page = browser.new_page(**options)
    page.set_default_timeout(15_000)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_a_moderator_types_into_the_picker_and_adds_a_case_with_the_keyboard(
    live_server, browser, django_user_model
):
    for n in range(12):
        make_case(title=f"Library evening hours {n}")
    wanted = make_case(title="Harbour ferry timetables", state=State.SUBMITTED)
    make_case(title="Harbour cranes", state=State.UNPUBLISHED)
    collection = services.collection_save(title="Ferries")
    page = _moderator_page(live_server, browser, django_user_model)
    page.goto(f"{live_server.url}/moderation/collections/{collection.pk}/")
    page.evaluate("window.stillHere = true")  # gone if the page reloads

    page.locator("#pick").press_sequentially("harbour fer", delay=60)
    results = page.locator("#picker-results li")
    results.first.wait_for()
    assert results.count() == 1
    assert "Harbour ferry timetables" in results.first.inner_text()
    assert "Submitted" in results.first.inner_text()
    # Not wait_for_function: a string predicate is eval'd, which the CSP forbids.
    expect(page.locator("#picker-status")).to_contain_text("1 case found")
    assert page.evaluate("window.stillHere") is True
    assert "pick=harbour+fer" in page.url

    page.locator("#pick").press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("Add") and "Harbour ferry timetables" in focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"\?pick=harbour(\+|%20)fer#picker$", page.url)
    assert "“Harbour ferry timetables” is added to the collection." in page.content()
    assert list(collection.items.values_list("innovation_id", flat=True)) == [wanted.pk]
    assert "Already in the collection" in page.locator("#picker-results").inner_text()
    assert page.locator("#pick").input_value() == "harbour fer"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_pages_with_picker_results_pass_axe_on_a_desktop_and_a_phone(
    live_server, browser, django_user_model, width, height
):
    from axe_playwright_python.sync_playwright import Axe

    case = make_case(title="Harbour ferry timetables in Dar es Salaam", countries=("TZ", "KE"))
    member = make_case(title="Harbour ferry night service", year_launched=2019)
    make_case(title="Harbour ferry tickets", state=State.SUBMITTED)
    collection = services.collection_save(title="Ferries")
    services.collection_add_case(collection=collection, case=member)
    page = _moderator_page(
        live_server, browser, django_user_model, viewport={"width": width, "height": height}
    )
    found, wide = {}, {}
    for name, path in {
        "collection": f"collections/{collection.pk}/?pick=harbour+ferry",
        "review": f"cases/{case.pk}/?pick=harbour+ferry",
    }.items():
        page.goto(f"{live_server.url}/moderation/{path}")
        assert page.locator("#picker-results li").count() >= 2, name
        violations = Axe().run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], v["nodes"][0]["target"]) for v in violations]
        if (scroll := page.evaluate("document.documentElement.scrollWidth")) > width:
            wide[name] = scroll
    assert found == {}
    assert wide == {}
