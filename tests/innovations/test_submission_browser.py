"""The contribution journey in real Chromium: draft, private link, submit, change request,
resubmit, publish, and the case found by the site search."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_moderator, totp_code

WORD = "Xylophonicity"


@pytest.fixture
def browser_moderator(django_user_model):
    return make_moderator(django_user_model, "moderator")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contributor_and_moderator_journey(browser, live_server, settings, browser_moderator):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    contributor = browser.new_page()
    contributor.set_default_timeout(15_000)

    # A draft with only a title, then back through the private link.
    contributor.goto(f"{live_server.url}/submit/")
    contributor.fill("#id_title", f"{WORD} river ferries")
    contributor.get_by_role("button", name="Save as draft").click()
    contributor.wait_for_url(re.compile(r"/submit/[^/]+/$"))
    status_url = contributor.locator(".private-url").first.get_attribute("href")
    assert "/status/" in status_url
    contributor.goto(status_url)
    assert "Draft" in contributor.locator(".state").inner_text()
    contributor.get_by_role("link", name="Continue your draft").click()
    expect(contributor.locator("#id_title")).to_have_value(f"{WORD} river ferries")

    # Everything else, then submit.
    for field, value in {
        "#id_summary": "Ferries run to a timetable the riverside residents designed.",
        "#id_description": "Residents and the port authority redesigned the ferry timetable.",
        "#id_innovative": "The port authority had never asked its passengers.",
        "#id_results": "Missed connections fell by a third.",
        "#id_challenges": "Reaching night-shift workers.",
        "#id_source_url": "https://example.org/ferries",
        "#id_lead_organisation": "Port authority",
        "#id_year_launched": "2020",
        "#id_contributor_name": "Asha",
        "#id_contributor_email": "asha@example.org",
    }.items():
        contributor.fill(field, value)
    contributor.select_option("#id_level", "local")
    contributor.select_option("#id_status", "implemented")
    # Countries are checkboxes with a filter box: type a few letters, tick the one.
    contributor.fill("#field-countries-filter", "tanz")
    contributor.check("input[name=countries][value=TZ]")
    contributor.locator("input[name=sectors]").first.check()
    contributor.check("#id_licence_consent")
    contributor.get_by_role("button", name="Submit for review").click()
    contributor.wait_for_url(re.compile(r"/received/$"))
    assert "OPSI-" in contributor.locator(".receipt-facts").inner_text()

    # The moderator (no staff status) signs in, sets up the authenticator app from the
    # key on the page, keeps the recovery codes, and asks for a change.
    moderator = browser.new_page()
    moderator.set_default_timeout(15_000)
    moderator.goto(f"{live_server.url}/moderation/")
    moderator.fill("#id_username", "moderator")
    moderator.fill("#id_password", "a-long-test-password")
    moderator.get_by_role("button", name="Sign in").click()
    moderator.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    secret = moderator.locator(".secret").inner_text().replace(" ", "")
    moderator.fill("#id_token", totp_code(secret))
    moderator.get_by_role("button", name="Confirm").click()
    expect(moderator.locator(".codes li")).to_have_count(10)
    moderator.get_by_role("link", name="I have saved them; continue").click()
    moderator.wait_for_url(re.compile(r"/moderation/$"))
    moderator.get_by_role("link", name=f"{WORD} river ferries").click()
    moderator.fill("#id_note", "Please give the number of passengers.")
    moderator.get_by_role("button", name="Request changes").click()
    moderator.wait_for_url(re.compile(r"/moderation/$"))

    # The contributor reads the message, edits and sends again.
    contributor.goto(status_url)
    assert "Please give the number of passengers." in contributor.content()
    contributor.get_by_role("link", name="Edit and send again").click()
    contributor.fill("#id_results", "Missed connections fell by a third, for 12,000 passengers.")
    contributor.get_by_role("button", name="Submit for review").click()
    contributor.wait_for_url(re.compile(r"/received/$"))

    # The moderator publishes.
    moderator.goto(f"{live_server.url}/moderation/")
    moderator.get_by_role("link", name=f"{WORD} river ferries").click()
    expect(moderator.locator("main")).to_contain_text("12,000 passengers")
    moderator.get_by_role("button", name="Publish").click()
    moderator.wait_for_url(re.compile(r"/moderation/$"))

    # Anyone finds it with the site search.
    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}/cases/?q={WORD.lower()}")
    visitor.get_by_role("link", name=f"{WORD} river ferries").first.click()
    expect(visitor.locator("main")).to_contain_text("12,000 passengers")
