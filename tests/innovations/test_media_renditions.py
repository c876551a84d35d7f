"""Smaller copies of a picture: made when it is accepted (never larger than it, re-encoded
without metadata, under random names), offered by the case page's `srcset` and used by
the cards; served at the same doors as the picture, and removed with it."""

from importlib import import_module
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from innovations import facets, services
from innovations.models import CaseMedia, Innovation
from innovations.views import cards
from tests.factories import image, make_case, sign_in, video

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
State = Innovation.State


def rendition_url(media: CaseMedia, width: int) -> str:
    return reverse("innovations:media-rendition", args=[media.pk, width])


def file_url(media: CaseMedia) -> str:
    return reverse("innovations:media-file", args=[media.pk])


def wide(**fields) -> dict:
    return image(width=1200, height=800, **fields)


def test_a_wide_picture_gets_smaller_copies_without_metadata_under_random_names():
    case = make_case(state=State.DRAFT, media=[wide()])
    media = CaseMedia.objects.get(innovation=case)
    assert [(r["width"], r["height"]) for r in media.renditions] == [(240, 160), (960, 640)]
    names = {media.file.name, *(r["name"] for r in media.renditions)}
    assert len(names) == 3 and all(n.startswith("case-media/") for n in names)
    for rendition in media.renditions:
        stored = Image.open(BytesIO(default_storage.open(rendition["name"]).read()))
        assert stored.size == (rendition["width"], rendition["height"])
        assert stored.format == "JPEG" and "exif" not in stored.info


def test_a_picture_is_never_enlarged():
    case = make_case(state=State.DRAFT, media=[image(width=300, height=200), image()])
    middle, small = CaseMedia.objects.filter(innovation=case).order_by("pk")
    assert [r["width"] for r in middle.renditions] == [240]
    assert small.renditions == []


def test_the_case_page_offers_the_copies_in_srcset(client):
    case = make_case(media=[wide()])
    media = CaseMedia.objects.get(innovation=case)
    page = client.get(case.get_absolute_url()).content.decode()
    srcset = (
        f'srcset="{rendition_url(media, 240)} 240w, {rendition_url(media, 960)} 960w, '
        f'{file_url(media)} 1200w"'
    )
    assert srcset in page and 'sizes="(max-width: 48rem) 100vw, 48rem"' in page
    assert f'src="{file_url(media)}"' in page


def test_a_card_shows_the_small_copy_with_its_size(client):
    case = make_case(media=[wide()])
    media = CaseMedia.objects.get(innovation=case)
    html = cards.cards(facets.current_index(), [case.pk])[0].html
    assert f'src="{rendition_url(media, 240)}"' in html
    assert 'width="240" height="160"' in html and f'src="{file_url(media)}"' not in html


def test_copies_are_served_only_where_the_picture_is(client, moderator):
    case = make_case(state=State.DRAFT, media=[wide()])
    token = services.status_token(case)
    media = CaseMedia.objects.get(innovation=case)
    url = rendition_url(media, 240)
    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url + "?key=forged").status_code == 404
    assert anonymous.get(url + f"?key={token}").status_code == 200
    assert sign_in(client.__class__(), moderator).get(url).status_code == 200
    services.innovation_submit(innovation=case)
    assert anonymous.get(url).status_code == 404
    services.innovation_publish(innovation=case, actor=None)
    response = anonymous.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert anonymous.get(rendition_url(media, 500)).status_code == 404  # no such copy
    services.innovation_unpublish(innovation=case, actor=None)
    assert anonymous.get(url).status_code == 404


def test_copies_go_with_a_rejected_or_deleted_case(django_capture_on_commit_callbacks):
    rejected = make_case(state=State.SUBMITTED, media=[wide()])
    deleted = make_case(state=State.DRAFT, media=[wide()])
    names = [r["name"] for m in CaseMedia.objects.all() for r in m.renditions]
    assert len(names) == 4 and all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_reject(innovation=rejected, actor=None, note="Out of scope.")
    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_delete(innovation=deleted, actor=None)
    assert not any(default_storage.exists(n) for n in names)


def _forget_copies(media: CaseMedia) -> list[str]:
    names = [r["name"] for r in media.renditions]
    for name in names:
        default_storage.delete(name)
    CaseMedia.objects.filter(pk=media.pk).update(renditions=[])
    return names


def test_without_copies_the_original_is_shown(client):
    case = make_case(media=[wide()])
    media = CaseMedia.objects.get(innovation=case)
    _forget_copies(media)
    services.innovation_unpublish(innovation=case, actor=None)  # new version of the card
    case = services.innovation_publish(innovation=case, actor=None)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'src="{file_url(media)}"' in page and "srcset" not in page
    html = cards.cards(facets.current_index(), [case.pk])[0].html
    assert f'src="{file_url(media)}"' in html and 'width="1200" height="800"' in html


def test_the_command_makes_missing_copies_once_and_renews_the_cards(client):
    case = make_case(media=[wide()])
    media = CaseMedia.objects.get(innovation=case)
    cards.cards(facets.current_index(), [case.pk])  # a card with the small copy, cached
    _forget_copies(media)
    CaseMedia.objects.filter(pk=media.pk).update(stored_bytes=media.size)
    call_command("media_renditions", verbosity=0)
    media.refresh_from_db()
    made = [r["name"] for r in media.renditions]
    assert [r["width"] for r in media.renditions] == [240, 960]
    assert all(default_storage.exists(n) for n in made)
    assert media.stored_bytes == media.size + sum(default_storage.size(n) for n in made)
    call_command("media_renditions", verbosity=0)  # idempotent
    media.refresh_from_db()
    assert [r["name"] for r in media.renditions] == made
    html = client.get(reverse("innovations:list")).content.decode()
    assert f'src="{rendition_url(media, 240)}"' in html


def test_the_migration_measures_what_earlier_pictures_store():
    from django.apps import apps

    measure = import_module("innovations.migrations.0028_media_stored_bytes").measure
    case = make_case(media=[wide(), video()])
    picture = CaseMedia.objects.get(innovation=case, kind="image")
    expected = picture.stored_bytes
    copies = [r["name"] for r in picture.renditions]
    assert expected == picture.size + sum(default_storage.size(n) for n in copies)
    CaseMedia.objects.update(stored_bytes=0)
    measure(apps, None)
    assert CaseMedia.objects.get(pk=picture.pk).stored_bytes == expected
    assert CaseMedia.objects.get(kind="video").stored_bytes == 0
