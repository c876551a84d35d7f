"""Pictures, documents and video links of a case: every bad upload gets a form error that
keeps what was typed (never a 500), images are rebuilt from their pixels, and a file is
reachable only once its case is published (or by its contributor and the moderators)."""

import os
import zlib
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovations import services, uploads
from innovations.models import CaseMedia, Innovation
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def png(width=40, height=30, mode="RGB", **save) -> bytes:
    out = BytesIO()
    Image.new(mode, (width, height), "teal" if mode == "RGB" else 1).save(out, "PNG", **save)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image, out = Image.new("RGB", (40, 30), "orange"), BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Secret description"  # ImageDescription
    exif[0x8825] = {2: (48, 51, 0)}  # GPS
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf(body: bytes = b"") -> bytes:
    objects = b"1 0 obj << /Type /Catalog /Pages 2 0 R " + body + b">> endobj\n"
    objects += b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    return b"%PDF-1.7\n" + objects + b"xref\n0 3\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def compressed_pdf(inner: bytes) -> bytes:
    stream = zlib.compress(inner)
    body = b"3 0 obj << /Type /ObjStm /Filter /FlateDecode >> stream\n" + stream
    return pdf(b"/X 3 0 R") + body + b"\nendstream endobj\n"


FIELDS = {
    "title": "Ferry timetable workshop",
    "alt_text": "Residents around a map",
    "credit": "Port authority, CC BY 4.0",
}


@pytest.fixture
def draft():
    case = make_case(title="Draft ferries", state=State.DRAFT, contributor_email="a@example.org")
    return case, services.status_token(case)


def upload(client, token, content: bytes, name="photo.png", kind="image", **fields):
    data = {**FIELDS, "kind": kind, **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("innovations:case-media", args=[token]), data)


def test_a_good_image_is_rebuilt_without_its_metadata_under_a_random_name(client, draft):
    case, token = draft
    response = upload(client, token, jpeg_with_exif(), name="../../etc/evil name.png")
    assert response.status_code == 302
    media = CaseMedia.objects.get()
    assert (media.width, media.height, media.content_type) == (40, 30, "image/jpeg")
    assert media.file.name.startswith("case-media/") and "evil" not in media.file.name
    stored = default_storage.open(media.file.name).read()
    assert b"Secret description" not in stored
    assert "exif" not in Image.open(BytesIO(stored)).info


def test_a_transparent_png_stays_a_png(client, draft):
    _case, token = draft
    assert upload(client, token, png(mode="RGBA")).status_code == 302
    assert CaseMedia.objects.get().content_type == "image/png"


BAD_IMAGES = {
    "oversize": (b"\x89PNG" + b"\0" * (5 * 1024 * 1024 + 10), "photo.png", "too large"),
    "bomb": (png(12000, 12000, mode="1", optimize=True), "bomb.png", "too many pixels"),
    "polyglot": (png() + b"<script>alert(1)</script>", "photo.png", "web page code"),
    "html in a gif": (b"GIF89a<html><body>hi</body></html>", "photo.gif", "web page code"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg", "SVG"),
    "wrong extension": (pdf(), "photo.png", "not an image"),
    "text named jpg": (b"just some text", "photo.jpg", "not an image"),
    "truncated": (png(400, 300)[:200], "photo.png", "damaged"),
    "empty": (b"", "photo.png", "empty"),
}


@pytest.mark.parametrize("name", BAD_IMAGES)
def test_every_bad_image_gets_a_form_error_keeping_what_was_typed(client, draft, name):
    _case, token = draft
    content, filename, message = BAD_IMAGES[name]
    response = upload(client, token, content, name=filename)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    for value in FIELDS.values():
        assert f'value="{value}"' in html
    assert not CaseMedia.objects.exists()


def test_an_image_needs_alternative_text_and_credit(client, draft):
    _case, token = draft
    response = upload(client, token, png(), alt_text="", credit=" ")
    assert response.status_code == 400
    assert response.content.decode().count("An image needs this.") == 2


BAD_PDFS = {
    "javascript": (pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "scripts"),
    "escaped name": (pdf(b"/OpenAction << /S /J#61vaScript >>"), "scripts"),
    "compressed script": (compressed_pdf(b"<< /S /JavaScript /JS (x) >>"), "scripts"),
    "launch": (pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "scripts"),
    "not a pdf": (png(), "not a PDF"),
    "truncated": (pdf()[:40], "not a PDF"),
    "empty": (b"", "empty"),
}


@pytest.mark.parametrize("name", BAD_PDFS)
def test_every_bad_pdf_is_refused(client, draft, name):
    _case, token = draft
    content, message = BAD_PDFS[name]
    response = upload(client, token, content, name="report.pdf", kind="document")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CaseMedia.objects.exists()


def test_videos_are_links_to_known_hosts_only(client, draft):
    _case, token = draft
    for bad in ("http://www.youtube.com/watch?v=x", "https://evil.example/v", "javascript:x"):
        response = upload(client, token, None, kind="video", url=bad)
        assert response.status_code == 400
        assert "Give an https:// link" in response.content.decode()
    good = upload(client, token, None, kind="video", url="https://vimeo.com/12345")
    assert good.status_code == 302
    assert CaseMedia.objects.get().url == "https://vimeo.com/12345"


def test_caps_per_case(client, draft, settings):
    _case, token = draft
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "PER_CASE": 2}
    assert upload(client, token, png()).status_code == 302
    assert upload(client, token, png()).status_code == 302
    response = upload(client, token, png())
    assert response.status_code == 400
    assert "at most 2" in response.content.decode()


def noisy_png(width=1200, height=800) -> bytes:
    """A wide picture that compresses badly, so that its smaller copies weigh something."""
    out = BytesIO()
    Image.effect_noise((width, height), 64).convert("RGB").save(out, "PNG")
    return out.getvalue()


def stored_bytes(*names: str) -> int:
    return sum(default_storage.size(name) for name in names)


def test_a_picture_counts_with_its_smaller_copies(client, draft):
    case, token = draft
    assert upload(client, token, noisy_png()).status_code == 302
    media = CaseMedia.objects.get()
    copies = [r["name"] for r in media.renditions]
    assert len(copies) == 2
    assert media.size == stored_bytes(media.file.name)
    assert media.stored_bytes == stored_bytes(media.file.name, *copies) > media.size


def test_the_case_cap_bounds_the_originals_and_their_copies(client, draft, settings):
    _case, token = draft
    content = noisy_png()
    checked = uploads.check_image(SimpleUploadedFile("photo.png", content))
    copies = uploads.resized(checked, settings.OPSI_MEDIA["RENDITION_WIDTHS"])
    # The original alone fits; with the copies the site would store, it does not.
    cap = len(checked.data) + sum(len(c.data) for c in copies) - 1
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "CASE_BYTES": cap}
    response = upload(client, token, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "with the smaller copies made of its pictures" in html
    for value in FIELDS.values():
        assert f'value="{value}"' in html
    assert not CaseMedia.objects.exists()
    assert not any(files for _, _, files in os.walk(settings.MEDIA_ROOT))  # nothing stored
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "CASE_BYTES": cap + 1}
    assert upload(client, token, content).status_code == 302
    assert CaseMedia.objects.get().stored_bytes == cap + 1


def test_an_accepted_suggestion_is_refused_past_the_cap_with_its_copies(settings):
    case = make_case(contributor_email="a@example.org")
    content = noisy_png()
    checked = uploads.check_image(SimpleUploadedFile("photo.png", content))
    found = services.suggestion_create(
        innovation=case, changes={}, media={**FIELDS, "kind": "image", "checked": checked}
    )
    # Room when it was sent; none when accepted (the cap, or the case, changed since).
    settings.OPSI_MEDIA = {**settings.OPSI_MEDIA, "CASE_BYTES": len(checked.data)}
    with pytest.raises(services.TransitionError, match="smaller copies"):
        services.suggestion_accept(suggestion=found, actor=None)
    assert not CaseMedia.objects.exists()


def test_a_file_is_public_only_once_its_case_is_published(client, draft, moderator):
    case, token = draft
    upload(client, token, png())
    upload(client, token, pdf(), name="report.pdf", kind="document", title="Report")
    image, document = CaseMedia.objects.order_by("pk")
    url = reverse("innovations:media-file", args=[image.pk])
    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url + "?key=forged").status_code == 404
    assert anonymous.get(url + f"?key={token}").status_code == 200  # the contributor
    assert sign_in(client.__class__(), moderator).get(url).status_code == 200
    # Not on the public page of anything, nor the API, while a draft.
    services.innovation_submit(innovation=case)
    assert anonymous.get(url).status_code == 404
    case = services.innovation_publish(innovation=case, actor=None)
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Type"] == "image/jpeg"  # an opaque PNG becomes a JPEG
    pdf_response = anonymous.get(reverse("innovations:media-file", args=[document.pk]))
    assert pdf_response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    page = anonymous.get(case.get_absolute_url()).content.decode()
    assert f'src="{url}"' in page and 'alt="Residents around a map"' in page
    assert "Port authority, CC BY 4.0" in page


def test_a_published_case_s_media_cannot_change(client, draft):
    case, token = draft
    upload(client, token, png())
    services.innovation_submit(innovation=case)
    response = upload(client, token, png())
    assert response.status_code == 302  # to the status page
    assert CaseMedia.objects.count() == 1


def test_a_rejected_or_deleted_case_s_files_are_removed(
    client, draft, django_capture_on_commit_callbacks
):
    case, token = draft
    upload(client, token, png())
    name = CaseMedia.objects.get().file.name
    assert default_storage.exists(name)
    services.innovation_submit(innovation=case)
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_reject(innovation=case, actor=None, note="Out of scope.")
    assert not CaseMedia.objects.exists()
    assert not default_storage.exists(name)

    other = make_case(state=State.DRAFT)
    other_token = services.status_token(other)
    upload(client, other_token, png())
    name = CaseMedia.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_delete(innovation=other, actor=None)
    assert not default_storage.exists(name)


def test_removing_a_medium(client, draft, django_capture_on_commit_callbacks):
    _case, token = draft
    upload(client, token, png())
    media = CaseMedia.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("innovations:case-media-remove", args=[token, media.pk]))
    assert not CaseMedia.objects.exists()
    assert not default_storage.exists(media.file.name)


def test_the_media_page_and_the_case_page_take_the_same_queries_for_one_or_five(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts(n: int) -> tuple[int, int]:
        case = make_case(state=State.DRAFT)
        token = services.status_token(case)
        for _ in range(n):
            assert upload(client, token, png()).status_code == 302
        with CaptureQueriesContext(connection) as media_page:
            assert client.get(reverse("innovations:case-media", args=[token])).status_code == 200
        services.innovation_submit(innovation=case)
        case = services.innovation_publish(innovation=case, actor=None)
        cache.clear()
        with CaptureQueriesContext(connection) as case_page:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(media_page), len(case_page)

    counts(0)  # warm up what every first request reads once
    assert counts(1) == counts(5)
