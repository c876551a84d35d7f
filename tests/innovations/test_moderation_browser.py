"""Moderation at scale in real Chromium: a moderator finds a submission through the
queue's search, merges it into the published case it repeats (picked from the review
page's possible duplicates), and tags ten cases at once from the queue, without
JavaScript of our own."""

import re

import pytest

from innovations.models import CaseEdit, Innovation
from tests.factories import browser_sign_in, make_case, moderator_with_authenticator

State = Innovation.State


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_moderator_searches_merges_and_bulk_tags(browser, live_server, django_user_model):
    kept = make_case(title="Harbour ferry timetable co-design in Dar")
    duplicate = make_case(title="Harbour ferry timetable co-design", state=State.SUBMITTED)
    libraries = [
        make_case(title=f"Library evening hours {n}", state=State.SUBMITTED, sectors=("health",))
        for n in range(10)
    ]
    make_case(title="Library evening hours elsewhere", state=State.SUBMITTED)  # not ticked
    secret = moderator_with_authenticator(django_user_model)

    page = browser.new_page()
    page.set_default_timeout(15_000)
    browser_sign_in(page, live_server.url, secret)

    # Found by the queue's search among a dozen submissions.
    page.get_by_label("Search title, summary and lead organisation").fill("harbour ferry")
    page.locator("form.queue-search").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=harbour"))
    rows = page.locator("table.queue-table tbody tr")
    assert rows.count() == 1
    page.get_by_role("link", name="Harbour ferry timetable co-design").click()

    # Merged into the published case the review page lists as a possible duplicate.
    duplicates = page.locator("ul.duplicates > li")
    assert "Harbour ferry timetable co-design in Dar" in duplicates.first.inner_text()
    duplicates.first.get_by_role("button", name=re.compile("^Merge this case into it")).click()
    page.wait_for_url(re.compile(rf"/moderation/cases/{kept.pk}/$"))
    assert "is merged into this case" in page.content()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == kept.pk and duplicate.state == State.UNPUBLISHED

    # Ten cases tagged at once.
    page.goto(f"{live_server.url}/moderation/?q=library+evening+hours")
    for case in libraries:
        page.check(f"#select-{case.pk}")
    page.select_option("#bulk-tag", "sector:education")
    page.get_by_role("button", name="Add the tag").click()
    page.wait_for_url(re.compile(r"q=library"))
    assert "10 cases changed." in page.content()
    tagged = Innovation.objects.filter(sectors__slug="education")
    assert set(tagged.values_list("pk", flat=True)) == {case.pk for case in libraries}
    edits = CaseEdit.objects.filter(innovation__in=libraries, actor__username="moderator")
    assert edits.count() == 10
