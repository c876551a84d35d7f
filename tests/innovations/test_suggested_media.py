"""A suggested update may add a picture (with alternative text and credit) or a video
link: checked as the contributor's uploads are, shown to the moderators with the
suggestion, attached through the services when accepted, its file removed when declined."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import facets, services
from innovations.models import CaseMedia, Innovation, Suggestion
from innovations.views import cards
from tests.factories import image, make_case, png_bytes, sign_in, video
from tests.forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
State = Innovation.State

PICTURE = {
    "media-kind": "image",
    "media-title": "The quay in winter",
    "media-alt_text": "A ferry at a snowy quay",
    "media-credit": "Port authority, CC BY 4.0",
}


@pytest.fixture(autouse=True)
def _no_antispam(settings):
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "ENABLED": False}


def post(client, case, content: bytes | None = None, **fields):
    url = reverse("innovations:suggest", args=[case.slug])
    data = form_data(client.get(url).content.decode(), url)
    data.update(fields)
    if content is not None:
        data["media-file"] = SimpleUploadedFile("photo.png", content)
    return client.post(url, data)


def test_the_form_accepts_a_picture_with_its_text(client):
    case = make_case(title="Ferries")
    page = client.get(reverse("innovations:suggest", args=[case.slug])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="media-file"' in page
    response = post(client, case, png_bytes(600, 400), message="Our photo.", **PICTURE)
    assert response.status_code == 200 and "with the moderators" in response.content.decode()
    found = Suggestion.objects.get()
    assert found.changes == {}
    assert found.media["alt_text"] == "A ferry at a snowy quay"
    assert (found.media["width"], found.media["height"]) == (600, 400)
    assert found.media_file.name.startswith("suggested-media/")
    assert default_storage.exists(found.media_file.name)
    assert not CaseMedia.objects.exists()  # nothing on the case before a moderator


def test_a_picture_the_case_has_no_room_for_is_refused_when_sent(client, settings):
    """The per-case cap (with the smaller copies the site would make) is checked when the
    reader sends the picture, not only when a moderator accepts it."""
    from innovations import uploads

    case = make_case(title="Ferries")
    content = png_bytes(1200, 800)
    checked = uploads.check_image(SimpleUploadedFile("photo.png", content))
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "CASE_BYTES": len(checked.data)}
    typed = {"title": "Ferries, corrected", "message": "See the port's site."}
    response = post(client, case, content, **{**PICTURE, **typed})
    html = response.content.decode()
    assert response.status_code == 200 and "with the smaller copies made of its pictures" in html
    assert 'value="Ferries, corrected"' in html and "See the port&#x27;s site." in html
    for name in ("media-title", "media-alt_text", "media-credit"):
        assert f'value="{PICTURE[name]}"' in html
    assert not Suggestion.objects.exists()
    assert not default_storage.exists("suggested-media")


@pytest.mark.parametrize(
    ("content", "fields", "message"),
    [
        (png_bytes() + b"<script>alert(1)</script>", {}, "web page code"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', {}, "SVG"),
        (b"", {}, "empty"),
        (png_bytes(), {"media-alt_text": ""}, "An image needs this."),
        (png_bytes(), {"media-credit": " "}, "An image needs this."),
        (None, {}, "Choose a file."),
    ],
)
def test_a_bad_picture_is_a_form_error_that_keeps_what_was_typed(client, content, fields, message):
    case = make_case(title="Ferries")
    typed = {"title": "Ferries, corrected", "message": "See the port's site."}
    response = post(client, case, content, **{**PICTURE, **typed, **fields})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Ferries, corrected"' in html and "See the port&#x27;s site." in html
    kept = {k: v for k, v in {**PICTURE, **fields}.items() if k != "media-kind" and v.strip()}
    for value in kept.values():
        assert f'value="{value}"' in html
    assert not Suggestion.objects.exists()


def test_a_video_must_be_a_link_to_a_known_host(client):
    case = make_case()
    bad = post(client, case, **{"media-kind": "video", "media-title": "Film",
                                "media-url": "https://evil.example/v"})  # fmt: skip
    assert "Give an https:// link" in bad.content.decode()
    assert not Suggestion.objects.exists()
    post(client, case, **{"media-kind": "video", "media-title": "Film",
                          "media-url": "https://vimeo.com/12345"})  # fmt: skip
    assert Suggestion.objects.get().media["url"] == "https://vimeo.com/12345"


def test_moderators_see_the_picture_and_no_one_else(client, moderator):
    case = make_case()
    post(client, case, png_bytes(600, 400), **PICTURE)
    found = Suggestion.objects.get()
    url = reverse("moderation:suggestion-media", args=[found.pk])
    assert client.__class__().get(url).status_code in (302, 403, 404)
    moderating = sign_in(client.__class__(), moderator)
    page = moderating.get(reverse("moderation:suggestion", args=[found.pk])).content.decode()
    assert f'src="{url}"' in page and 'alt="A ferry at a snowy quay"' in page
    assert "Port authority, CC BY 4.0" in page
    response = moderating.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_accepting_attaches_the_picture_through_the_services(
    client, moderator, django_capture_on_commit_callbacks
):
    case = make_case(media=[video()])
    cards.cards(facets.current_index(), [case.pk])  # a cached card without a picture
    found = services.suggestion_create(
        innovation=case, changes={}, media=image(title="Quay", width=600, height=400)
    )
    held = found.media_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_accept(suggestion=found, actor=moderator)
    media = CaseMedia.objects.get(innovation=case, kind="image")
    assert (media.title, media.width, media.alt_text) == ("Quay", 600, "Residents around a map")
    assert media.file.name.startswith("case-media/") and default_storage.exists(media.file.name)
    assert [r["width"] for r in media.renditions] == [240]
    assert not default_storage.exists(held)
    found.refresh_from_db()
    assert found.state == Suggestion.Decision.ACCEPTED and not found.media_file
    html = client.get(case.get_absolute_url()).content.decode()
    assert reverse("innovations:media-file", args=[media.pk]) in html
    card = cards.cards(facets.current_index(), [case.pk])[0].html
    assert reverse("innovations:media-rendition", args=[media.pk, 240]) in card


def test_accepting_a_video_link(moderator):
    case = make_case()
    found = services.suggestion_create(innovation=case, changes={}, media=video())
    services.suggestion_accept(suggestion=found, actor=moderator)
    assert CaseMedia.objects.get(innovation=case).url == "https://vimeo.com/12345"


def test_declining_removes_the_file(moderator, django_capture_on_commit_callbacks):
    case = make_case()
    found = services.suggestion_create(innovation=case, changes={}, media=image())
    held = found.media_file.name
    assert default_storage.exists(held)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_decline(suggestion=found, actor=moderator, reason="Not ours.")
    assert not default_storage.exists(held) and not CaseMedia.objects.exists()


def test_a_deleted_case_takes_its_suggested_files(moderator, django_capture_on_commit_callbacks):
    case = make_case()
    held = services.suggestion_create(innovation=case, changes={}, media=image()).media_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_delete(innovation=case, actor=None)
    assert not default_storage.exists(held)


def test_a_full_case_refuses_the_picture_and_changes_nothing(moderator, settings):
    case = make_case(media=[video()])
    found = services.suggestion_create(
        innovation=case, changes={"title": "New title"}, media=image()
    )
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "PER_CASE": 1}  # full since it was sent
    with pytest.raises(services.TransitionError):
        services.suggestion_accept(suggestion=found, actor=moderator)
    case.refresh_from_db()
    assert case.title != "New title" and CaseMedia.objects.filter(innovation=case).count() == 1


def test_the_list_of_suggestions_names_the_picture_in_the_same_queries(client, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moderating = sign_in(client, moderator)
    url = reverse("moderation:suggestions")

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert moderating.get(url).status_code == 200
        return len(done)

    services.suggestion_create(innovation=make_case(), changes={}, media=image())
    one = queries()
    for _n in range(3):
        services.suggestion_create(innovation=make_case(), changes={}, media=video())
    assert queries() == one
    html = moderating.get(url).content.decode()
    assert html.count("A picture") == 1 and html.count("A video link") == 3


def test_a_lost_file_is_an_error_and_nothing_is_applied(moderator):
    case = make_case(title="Kept")
    found = services.suggestion_create(innovation=case, changes={"title": "New"}, media=image())
    default_storage.delete(found.media_file.name)
    with pytest.raises(services.TransitionError, match="missing"):
        services.suggestion_accept(suggestion=found, actor=moderator)
    case.refresh_from_db()
    assert case.title == "Kept" and not CaseMedia.objects.exists()
