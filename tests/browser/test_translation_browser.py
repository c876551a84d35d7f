"""A French reader in real Chromium, on a phone: a case written in English says it has
no French translation yet; the reader suggests one through the link, a moderator
accepts it, and the French page shows it, marked as a translation, while the English
page stays the original and offers the French. axe finds nothing on either page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from innovations import services
from innovations.models import Suggestion
from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _violations(page) -> list:
    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in found]


def test_a_french_reader_suggests_a_translation_shown_once_accepted(
    browser, live_server, settings, moderator
):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    case = make_case(title="River ferry timetable", summary="Residents designed it.")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15_000)
    url = f"{live_server.url}/fr/cases/{case.slug}/"
    page.goto(url)
    assert page.locator("h1").get_attribute("lang") == "en"
    assert _violations(page) == []
    page.get_by_role("link", name="Proposer une traduction").click()
    expect(page.locator("#id_translation_language")).to_have_value("fr")  # offered
    page.fill("#id_translation_title", "Horaires du bac fluvial")
    page.fill("#id_translation_summary", "Les riverains les ont conçus.")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_load_state()

    services.suggestion_accept(suggestion=Suggestion.objects.get(), actor=moderator)
    page.goto(url)
    assert page.locator("h1").inner_text() == "Horaires du bac fluvial"
    assert page.locator("h1").get_attribute("lang") is None  # the page's own language
    assert "Texte traduit (original en anglais)" in page.locator(".case-language").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _violations(page) == []
    page.goto(f"{live_server.url}/cases/{case.slug}/")
    assert page.locator("h1").inner_text() == "River ferry timetable"
    page.get_by_role("link", name="French").click()
    expect(page.locator("h1")).to_have_text("Horaires du bac fluvial")
