"""On a phone, in English, French and Spanish: search, filter (by script), shortlist three
cases, compare them side by side and download their citations; axe finds nothing on
the shortlist and the comparison at 390 and 1280 px, and nothing scrolls sideways."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = {
    "en": {"add": "Add to shortlist", "compare": "Compare the ticked cases"},
    "fr": {"add": "Ajouter à ma sélection", "compare": "Comparer les cas cochés"},
    "es": {"add": "Añadir a mi selección", "compare": "Comparar los casos marcados"},
}


def _violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in found]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_phone_user_shortlists_three_cases_compares_and_cites_them(live_server, browser, language):
    words, prefix = WORDS[language], "" if language == "en" else f"/{language}"
    titles = ["Telehealth for veterans", "Health buddies", "Clinic open data"]
    for title in titles:
        make_case(title=title, sectors=("health",))
    make_case(title="Remote schooling", sectors=("education",))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{prefix}/cases/")

    # Filter with the script (the results block is fetched), then add from that list.
    page.locator("summary.filters-toggle").click()
    page.locator("#f-sector-health").check()
    expect(page.locator(".cards-list .card")).to_have_count(3)
    for title in titles:
        page.get_by_role("button", name=f"{words['add']} ({title})").click()
        page.wait_for_load_state()
        assert "sector=health" in page.url  # back to the filtered list
        expect(page.locator(".message-success")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}{prefix}/shortlist/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _violations(page) == []
    page.get_by_role("button", name=words["compare"]).click()
    page.wait_for_url(re.compile(r"/compare/\?case="))
    for title in titles:
        head = page.locator(".compare-table thead")
        expect(head.get_by_role("link", name=title, exact=True)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.count("@misc{") == 3

    page.set_viewport_size({"width": 1280, "height": 900})
    assert _violations(page) == []


def test_adding_works_without_javascript(live_server, browser):
    make_case(title="Plain case")
    page = browser.new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("button", name="Add to shortlist (Plain case)").click()
    page.goto(f"{live_server.url}/shortlist/")
    expect(page.get_by_label("Plain case")).to_be_checked()


def test_the_embed_may_be_framed_by_another_site_and_the_search_page_may_not(live_server, browser):
    """A host page frames the embed of a search, which shows, and the search page,
    which the browser refuses (DENY, frame-ancestors 'none'); the embed passes axe at a
    phone's width. (The host page has the live server's origin: Chromium's local
    network checks block a frame from another local name; the headers' values for other
    origins are tested without a browser.)"""
    make_case(title="Framed case", sectors=("health",))
    own = other = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    found, current = {}, {}

    def fulfil(route):
        route.fulfill(status=200, content_type="text/html", body=current["host"])

    page.route(f"{other}/framing-test/", fulfil)
    for name, src in [("embed", f"{own}/embed/cases/?sector=health"), ("page", f"{own}/cases/")]:
        current["host"] = (
            f'<html lang="en"><title>Host</title><iframe src="{src}" title="Cases"></iframe>'
        )
        page.goto(f"{other}/framing-test/")
        page.wait_for_timeout(1500)
        frame = page.frames[-1]
        found[name] = frame.url.startswith(own) and "Framed case" in frame.content()
    assert found == {"embed": True, "page": False}
    page.goto(f"{own}/embed/cases/?sector=health")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _violations(page) == []
