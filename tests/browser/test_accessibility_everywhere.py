"""axe-core finds no violation, and nothing scrolls sideways, on the page types the other
browser tests leave out in some language or width: signing in (every step), every
moderation page (queue tabs, a bulk action's answer, a case's review with duplicates and
its history, a merge's answer, the preview, versions, suggestions, one suggestion,
collections, one collection), the contributor's sign-in by link, "my cases", saved
searches and their alerts, adding pictures, a suggestion's form and receipt, the
shortlist and the comparison, both embeds, the error pages (400, 403, a refused form,
404, a locked-out sign-in) and the API's documentation; in English, French, Spanish
and German, on a desktop and on a phone.

One browser page per language and width visits them all (others only for the second
sign-in step and a user who is no moderator); each page's problems are collected, then
asserted at the end."""

import re

import pytest

from tests.factories import (
    PASSWORD,
    PROFILE,
    PageAudit,
    image,
    make_case,
    make_moderator,
    totp_code,
    video,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [(1280, 900), (390, 844)]


def _catalogue():
    """The cases, suggestion, collection and saved search the pages show; returns the
    addresses (without a language prefix) that need their keys."""
    from innovations import contributor_services as contributors
    from innovations import services, tasks

    waiting = make_case(
        title="Mobile health clinic", state="submitted", contributor_email="asha@example.org"
    )
    twin = make_case(title="Mobile health clinics", state="submitted")
    make_case(title="Rejected clinic", state="rejected")
    returned = make_case(title="Returned clinic", state="changes_requested")
    pictured = make_case(title="Ferry timetable", parts=PROFILE, media=[image(), video()])
    draft = make_case(title="Ferry clinic", state="draft", contributor_email="asha@example.org")
    budget = make_case(title="Open budget", featured=True, featured_order=0)
    services.innovation_edit(innovation=budget, data={"summary": "A new summary."}, actor=None)
    cases = [budget] + [make_case(title=f"Health buddies {n}") for n in (1, 2)]
    suggestion = services.suggestion_create(
        innovation=budget,
        changes={"summary": "A better summary."},
        message="The city's report says so.",
        email="asha@example.org",
        media=video(),
    )
    budgets = services.collection_save(title="Budgets", description="Open budgets.")
    services.collection_set_cases(collection=budgets, cases=[c.pk for c in cases])
    saved = contributors.saved_search_save(
        email="asha@example.org", query="sector=health", frequency="weekly"
    )
    link = contributors.sign_in_link_request(email="asha@example.org")
    return {
        "waiting": waiting.pk,
        "twin": twin.pk,
        "budget": budget.pk,
        "suggestion": suggestion.pk,
        "collection": budgets.pk,
        "slugs": [c.slug for c in cases],
        "media": f"/submit/{services.status_token(draft)}/media/",
        "returned": f"/status/{services.status_token(returned)}/",
        "pictured": f"/cases/{pictured.slug}/",
        "confirm": f"/confirm/{tasks.confirmation_token('asha@example.org', waiting.pk)}/",
        "alert": f"/mine/alerts/stop/{contributors.unsubscribe_token(saved)}/",
        "sign-in link": f"/mine/sign-in/{contributors.sign_in_token(link)}/",
    }


@pytest.mark.parametrize("language", ["en", "fr", "es", "de"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_every_other_page_type_has_no_accessibility_violations(
    live_server, browser, django_user_model, settings, media_in_tmp, language, width, height
):

    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    make_moderator(django_user_model, "axe-mod")
    django_user_model.objects.create_user("reader", "r@example.org", PASSWORD)
    keys = _catalogue()
    prefix = "" if language == "en" else f"/{language}"
    site = live_server.url + prefix
    audit = PageAudit(width, language)
    check = audit.check

    def visit(page, name, path, status=200):
        response = page.goto(site + path)
        assert response.status == status, name
        check(page, name)

    def submit(page, selector):
        with page.expect_navigation() as navigation:
            page.locator(selector).click()
        return navigation.value.status

    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)

    # A reader: an unknown address, a request too odd to answer, a case with pictures
    # and a co-production profile, a suggestion (refused, then received), the
    # shortlist, the comparison and both embeds.
    visit(page, "404", "/no-such-page/", status=404)
    visit(page, "404 of a case", "/cases/no-such-case/", status=404)
    visit(page, "400", "/cases/?" + "&".join(f"f{n}=1" for n in range(1001)), status=400)
    visit(page, "case with pictures and a profile", keys["pictured"])
    visit(page, "status, changes requested", keys["returned"])
    visit(page, "suggest", f"/cases/{keys['slugs'][0]}/suggest/")
    page.fill("#id_summary", "")
    submit(page, "form.case-form button[type=submit]")
    check(page, "suggest with errors")
    page.fill("#id_summary", "A summary the reader corrected.")
    submit(page, "form.case-form button[type=submit]")
    check(page, "suggestion received")
    visit(page, "empty shortlist", "/shortlist/")
    page.goto(f"{site}/cases/?sector=health")
    for button in page.locator("button.shortlist-add").all():
        submit(page, f"button.shortlist-add[value='{button.get_attribute('value')}']")
    check(page, "search with a shortlist message")
    visit(page, "shortlist", "/shortlist/")
    visit(page, "compare", "/compare/?" + "&".join(f"case={s}" for s in keys["slugs"]))
    visit(page, "embed of a search", "/embed/cases/?sector=health")
    visit(page, "embed of a collection", "/embed/collections/budgets/")

    # A contributor: pictures, confirming an address, signing in by link, "my cases",
    # saving a search, stopping its alerts.
    visit(page, "case media", keys["media"])
    visit(page, "confirm address", keys["confirm"])
    visit(page, "sign-in by link", "/mine/sign-in/")
    visit(page, "sign-in link refused", "/mine/sign-in/not-a-token/", status=404)
    page.fill("#id_email", "nobody")
    submit(page, "main form button[type=submit]")
    check(page, "sign-in by link with an error")
    page.fill("#id_email", "asha@example.org")
    submit(page, "main form button[type=submit]")
    check(page, "sign-in link sent")
    visit(page, "sign-in link", keys["sign-in link"])
    submit(page, "main form button[type=submit]")
    check(page, "my cases")
    visit(page, "save a search", "/mine/searches/save/?sector=health&country=FR")
    visit(page, "stop alerts", keys["alert"])
    submit(page, "main form button[type=submit]")
    check(page, "alerts stopped")

    if language == "en":  # the API's documentation has one, unprefixed, address
        assert page.goto(live_server.url + "/api/v1/docs").status == 200
        check(page, "API documentation")

    # A moderator signs in (password, then setting up the second step) and moderates.
    visit(page, "sign-in", f"/accounts/login/?next={prefix}/moderation/")
    page.fill("#id_username", "axe-mod")
    page.fill("#id_password", "wrong password")
    submit(page, "form.account-form button[type=submit]")
    check(page, "sign-in with an error")
    page.fill("#id_password", PASSWORD)
    submit(page, "form.account-form button[type=submit]")
    page.wait_for_url(re.compile("/accounts/two-factor/setup/"))
    check(page, "second step set-up")
    secret = page.locator(".secret").inner_text().replace(" ", "")
    page.fill("#id_token", totp_code(secret))
    submit(page, "form.account-form button[type=submit]")
    check(page, "recovery codes")
    moderation = {
        "queue": "",
        "queue, published": "?state=published",
        "queue, rejected, filtered": "?state=rejected&sector=health&level=local",
        "review": f"cases/{keys['waiting']}/",
        "review of a published case": f"cases/{keys['budget']}/",
        "preview": f"cases/{keys['waiting']}/preview/",
        "versions": f"cases/{keys['budget']}/versions/",
        "suggestions": "suggestions/",
        "suggestion": f"suggestions/{keys['suggestion']}/",
        "collections": "collections/",
        "collection": f"collections/{keys['collection']}/",
    }
    for name, path in moderation.items():
        visit(page, name, f"/moderation/{path}")
    page.goto(f"{site}/moderation/")
    page.check(f"#select-{keys['twin']}")
    page.select_option("#bulk-level", "local")
    submit(page, "button[name=action][value=set_level]")
    check(page, "queue after a bulk action")
    page.goto(f"{site}/moderation/cases/{keys['twin']}/")
    kept = f"input[name=kept][value='{keys['waiting']}']"
    submit(page, f"form[action$='/cases/{keys['twin']}/merge/']:has({kept}) button")
    check(page, "review after a merge")
    page.close()

    # The second step, at the next sign-in.
    again = browser.new_page(viewport={"width": width, "height": height})
    again.goto(f"{site}/accounts/login/?next={prefix}/moderation/")
    again.fill("#id_username", "axe-mod")
    again.fill("#id_password", PASSWORD)
    submit(again, "form.account-form button[type=submit]")
    again.wait_for_url(re.compile("/accounts/two-factor/\\?"))
    check(again, "second step")
    again.close()

    # Someone signed in without the moderators' permission, a form sent without its
    # cookie, then a locked-out sign-in.
    other = browser.new_page(viewport={"width": width, "height": height})
    other.goto(f"{site}/accounts/login/?next={prefix}/moderation/")
    other.fill("#id_username", "reader")
    other.fill("#id_password", PASSWORD)
    assert submit(other, "form.account-form button[type=submit]") == 403
    check(other, "403")
    other.context.clear_cookies()
    other.goto(f"{site}/accounts/login/")
    other.context.clear_cookies()
    other.fill("#id_username", "reader")
    other.fill("#id_password", PASSWORD)
    assert submit(other, "form.account-form button[type=submit]") == 403
    check(other, "form refused by the CSRF check")
    statuses = []
    for _n in range(settings.AXES_FAILURE_LIMIT):
        other.goto(f"{site}/accounts/login/")
        other.fill("#id_username", "reader")
        other.fill("#id_password", "wrong password")
        statuses.append(submit(other, "form.account-form button[type=submit]"))
    assert statuses[-1] == 429
    check(other, "sign-in locked out")
    other.close()
    assert (audit.found, audit.wide) == ({}, {})
