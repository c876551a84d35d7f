"""A reader's suggested update in real Chromium: the reader corrects a published case
without an account, a moderator signs in (password and authenticator code), sees the
difference and accepts it, the case page shows the new text and the history both
versions."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import browser_sign_in, make_case, moderator_with_authenticator

OLD = "Ferries run to a timetable the riverside residents designed."
NEW = "Ferries run to a timetable that riverside residents and night workers designed."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_suggests_and_a_moderator_accepts(
    browser, live_server, settings, django_user_model
):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    case = make_case(title="River ferry timetable", summary=OLD)
    secret = moderator_with_authenticator(django_user_model)

    reader = browser.new_page()
    reader.set_default_timeout(15_000)
    reader.goto(f"{live_server.url}{case.get_absolute_url()}")
    reader.get_by_role("link", name="Suggest a correction or update").click()
    expect(reader.locator("#id_summary")).to_have_value(OLD)  # pre-filled
    reader.fill("#id_summary", NEW)
    reader.fill("#id_message", "The night workers took part too (council report, 2023).")
    reader.get_by_role("button", name="Send the suggestion").click()
    expect(reader.locator("h1")).to_contain_text("with the moderators")
    reader.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert OLD in reader.content()  # nothing changes before a moderator accepts

    moderator = browser.new_page()
    moderator.set_default_timeout(15_000)
    browser_sign_in(moderator, live_server.url, secret)
    moderator.get_by_role("link", name="1 suggested update waiting").click()
    moderator.get_by_role("link", name="River ferry timetable").click()
    expect(moderator.locator(".diff ins")).to_contain_text(["and night workers"])
    moderator.get_by_role("button", name="Accept and apply").click()
    moderator.wait_for_url(re.compile(r"/moderation/suggestions/$"))

    reader.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert NEW in reader.content()
    reader.get_by_role("link", name="History of this case").click()
    # Checked with expect, which waits: the click returns before the history page loads.
    versions = reader.locator("ol.versions > li")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("and night workers")
    expect(versions.last).to_contain_text("First version")
