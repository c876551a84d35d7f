"""The contributor's sign-in journey in real Chromium, on a desktop and a phone, in
English and French: ask for a link, open it from the mail, sign in, see "my cases",
save a search from the search page; axe finds no violation on the new pages. Then the
whole journey of the issue, from a sign-in link to a reader's alert, on a phone in
French and on a desktop in English."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [(1280, 900), (390, 844)]
SIGN_IN = {"en": "Mail me a sign-in link", "fr": "M’envoyer un lien de connexion"}
BUTTON = {"en": "Sign in", "fr": "Se connecter"}
SAVE_LINK = {"en": "E-mail me new cases of this search", "fr": "Recevoir par courriel"}
SAVE = {"en": "Save", "fr": "Enregistrer"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_contributor_signs_in_by_link_and_sees_their_cases(
    live_server, browser, settings, language, width, height
):
    from axe_playwright_python.sync_playwright import Axe

    make_case(title="Asha's draft clinic", state="draft", contributor_email="asha@example.org")
    make_case(title="Asha's public clinic", contributor_email="Asha@example.org")
    make_case(title="Someone else's clinic", state="draft", contributor_email="bo@example.org")
    prefix = "/fr" if language == "fr" else ""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    axe, found, wide = Axe(), {}, {}

    def check(name):
        assert page.evaluate("document.documentElement.lang") == language, name
        violations = axe.run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide[name] = True

    mail.outbox.clear()
    page.goto(f"{live_server.url}{prefix}/mine/")  # not signed in: the sign-in page
    assert "/mine/sign-in/" in page.url
    check("sign-in")
    page.fill("#id_email", "asha@example.org")
    page.get_by_role("button", name=SIGN_IN[language]).click()
    page.wait_for_selector("h1")
    check("sent")
    assert "asha@example.org" in page.locator("main").inner_text()

    link = re.search(r"https?://\S+/mine/sign-in/\S+/", mail.outbox[-1].body).group(0)
    assert link.startswith(live_server.url)  # the address the site is served on
    page.goto(link)
    check("link")
    page.get_by_role("button", name=BUTTON[language], exact=True).click()
    page.wait_for_url(re.compile(r"/mine/$"))
    check("my cases")
    text = page.locator("main").inner_text()
    assert "Asha's draft clinic" in text and "Asha's public clinic" in text
    assert "Someone else" not in text

    page.goto(f"{live_server.url}{prefix}/cases/?sector=health")
    page.get_by_role("link", name=re.compile(SAVE_LINK[language])).click()
    page.wait_for_url(re.compile(r"/mine/searches/save/"))
    check("save search")
    page.get_by_role("button", name=SAVE[language], exact=True).click()
    page.wait_for_url(re.compile(r"/mine/$"))
    assert page.locator(".mine-searches li").count() == 1
    check("my cases with a search")
    page.close()
    assert found == {}
    assert wide == {}


MEDIA_BUTTON = {"en": "Add to my case", "fr": "Ajouter à mon cas"}
IMAGE_LABEL = {"en": "Image", "fr": "Image"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_contributor_adds_an_image_shown_once_the_case_is_published(
    live_server, browser, settings, tmp_path, language, width, height
):
    from io import BytesIO

    from axe_playwright_python.sync_playwright import Axe
    from PIL import Image

    from innovations import services

    settings.MEDIA_ROOT = str(tmp_path / "media")
    case = make_case(title="Ferry clinic", state="draft", contributor_email="a@example.org")
    token = services.status_token(case)
    image = BytesIO()
    Image.new("RGB", (64, 48), "teal").save(image, "PNG")
    prefix = "/fr" if language == "fr" else ""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    axe, found = Axe(), {}

    def check(name):
        violations = axe.run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name

    page.goto(f"{live_server.url}{prefix}/submit/{token}/media/")
    check("media page")
    page.get_by_label(IMAGE_LABEL[language], exact=True).check()
    page.fill("#id_title", "The timetable workshop")
    page.fill("#id_alt_text", "Residents around a ferry map")
    page.fill("#id_credit", "Port authority, CC BY 4.0")
    page.set_input_files(
        "#id_file", {"name": "photo.png", "mimeType": "image/png", "buffer": image.getvalue()}
    )
    page.get_by_role("button", name=MEDIA_BUTTON[language]).click()
    page.wait_for_selector(".case-media-list img")
    check("media page with an image")
    # The contributor's own copy loads; the public one does not exist yet.
    assert page.evaluate("document.querySelector('.case-media-list img').naturalWidth") == 64

    services.innovation_submit(innovation=case)
    case = services.innovation_publish(innovation=case, actor=None)
    page.goto(f"{live_server.url}{prefix}{case.get_absolute_url().removeprefix(prefix)}")
    figure = page.locator(".case-figure img")
    assert figure.get_attribute("alt") == "Residents around a ferry map"
    # Polled by Playwright's own script: a string predicate is eval'd, which the CSP forbids.
    expect(figure).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('.case-figure img').naturalWidth") == 64
    assert "Port authority, CC BY 4.0" in page.locator(".case-figure").inner_text()
    check("case page with an image")
    page.close()
    assert found == {}


EDIT = {"en": "Edit", "fr": "Modifier"}
MEDIA_LINK = {"en": "Pictures, documents and videos", "fr": "Images, documents et vidéos"}
BACK_TO_CASE = {"en": "Back to your case", "fr": "Retour à votre cas"}
SUBMIT = {"en": "Submit for review", "fr": "Soumettre pour relecture"}
# Each language once and each width once: the pairs that matter, at half the cost.
JOURNEYS = [("en", 1280, 900), ("fr", 390, 844)]


def sign_in_by_link(page, base: str, email: str, language: str) -> None:
    """Ask for a sign-in link, open it from the mail and sign in: ends on "my cases"."""
    prefix = "/fr" if language == "fr" else ""
    page.goto(f"{base}{prefix}/mine/sign-in/")
    page.fill("#id_email", email)
    page.get_by_role("button", name=SIGN_IN[language]).click()
    page.wait_for_selector("h1")
    sent = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/mine/sign-in/\S+/", sent[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=BUTTON[language], exact=True).click()
    page.wait_for_url(re.compile(r"/mine/$"))


def png(width: int = 64, height: int = 48) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("language,width,height", JOURNEYS)
def test_the_whole_journey_from_a_sign_in_link_to_the_alert(
    live_server, browser, settings, tmp_path, django_user_model, language, width, height
):
    """A reader saves a search; a contributor signs in by link, finds their draft in "my
    cases", adds a picture with its alternative text and submits; a moderator sees the
    picture on the review page and publishes; the case page shows it; the reader's
    digest, sent through the database task queue, lists the case."""

    from django.core.management import call_command

    from tests.factories import a_week_passes, browser_sign_in, moderator_with_authenticator

    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_case(
        title="Asha's ferry clinic", state="draft", contributor_email="asha@example.org",
        sectors=("health",), licence_consent=True, innovative="Passengers designed it.",
        results="Fewer missed boats.", challenges="Night shifts.", level="local",
        lead_organisation="Port authority", year_launched=2021, status="implemented",
        contributor_name="Asha",
    )  # fmt: skip
    make_case(title="An older health case", sectors=("health",))
    secret = moderator_with_authenticator(django_user_model)
    base, prefix = live_server.url, "/fr" if language == "fr" else ""
    mail.outbox.clear()

    reader = browser.new_page(viewport={"width": width, "height": height})
    reader.set_default_timeout(15_000)
    sign_in_by_link(reader, base, "reader@example.org", language)
    reader.goto(f"{base}{prefix}/cases/?sector=health")
    reader.get_by_role("link", name=re.compile(SAVE_LINK[language])).click()
    reader.get_by_role("button", name=SAVE[language], exact=True).click()
    reader.wait_for_url(re.compile(r"/mine/$"))

    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(15_000)
    sign_in_by_link(page, base, "asha@example.org", language)
    page.get_by_role("link", name=re.compile(EDIT[language])).first.click()
    page.get_by_role("link", name=MEDIA_LINK[language]).click()
    page.get_by_label(IMAGE_LABEL[language], exact=True).check()
    page.fill("#id_title", "The timetable workshop")
    page.fill("#id_alt_text", "Residents around a ferry map")
    page.fill("#id_credit", "Port authority, CC BY 4.0")
    page.set_input_files(
        "#id_file", {"name": "photo.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name=MEDIA_BUTTON[language]).click()
    page.wait_for_selector(".case-media-list img")
    page.get_by_role("link", name=BACK_TO_CASE[language]).click()
    page.get_by_role("button", name=SUBMIT[language]).click()
    page.wait_for_url(re.compile(r"/received/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    moderator = browser.new_page()
    moderator.set_default_timeout(15_000)
    browser_sign_in(moderator, base, secret)
    moderator.get_by_role("link", name="Asha's ferry clinic").click()
    figure = moderator.locator(".case-figure img")
    assert figure.get_attribute("alt") == "Residents around a ferry map"
    figure.scroll_into_view_if_needed()  # a lazy picture loads once in view
    # The moderation pages allow no string-eval (strict CSP): the picture's own promise.
    assert figure.evaluate("img => img.decode().then(() => img.naturalWidth)") == 64
    moderator.get_by_role("button", name="Publish").click()
    moderator.wait_for_url(re.compile(r"/moderation/$"))

    page.goto(f"{base}{prefix}/mine/")
    page.get_by_role("link", name=re.compile("Asha's ferry clinic")).first.click()
    shown = page.locator(".case-figure img")
    assert shown.get_attribute("alt") == "Residents around a ferry map"
    shown.scroll_into_view_if_needed()
    assert shown.evaluate("img => img.decode().then(() => img.naturalWidth)") == 64
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A week later, the digest goes through the database queue that production runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    a_week_passes()
    call_command("send_search_alerts", verbosity=0)
    assert not [m for m in mail.outbox if "reader@example.org" in m.to and "ferry" in m.body]
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
    (alert,) = [
        m
        for m in mail.outbox
        if m.to == ["reader@example.org"] and "List-Unsubscribe" in m.extra_headers
    ]
    assert "Asha's ferry clinic" in alert.body and "older health case" not in alert.body
    for other in (reader, page, moderator):
        other.close()
