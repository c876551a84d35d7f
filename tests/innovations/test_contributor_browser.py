"""The contributor's sign-in journey in real Chromium, on a desktop and a phone, in
English and French: ask for a link, open it from the mail, sign in, see "my cases",
save a search from the search page; axe finds no violation on the new pages."""

import re

import pytest
from django.core import mail

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
    page.wait_for_function("document.querySelector('.case-figure img').complete")
    assert page.evaluate("document.querySelector('.case-figure img').naturalWidth") == 64
    assert "Port authority, CC BY 4.0" in page.locator(".case-figure").inner_text()
    check("case page with an image")
    page.close()
    assert found == {}
