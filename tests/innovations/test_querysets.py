import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.models import Innovation
from tests.factories import image, make_case, video

pytestmark = pytest.mark.django_db

S = Innovation.State


def test_published_returns_only_published_cases():
    visible = make_case()
    for state in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.UNPUBLISHED):
        make_case(state=state)
    assert list(Innovation.objects.published()) == [visible]


def test_featured_follows_the_moderators_order():
    second = make_case(featured=True, featured_order=2)
    first = make_case(featured=True, featured_order=1)
    unordered = make_case(featured=True)
    make_case()  # published, not featured
    assert list(Innovation.objects.featured()) == [first, second, unordered]


def test_featured_never_includes_an_unpublished_case():
    make_case(state=S.UNPUBLISHED, featured=True, featured_order=1)
    assert not Innovation.objects.featured().exists()


def test_newest_puts_the_latest_publication_first():
    older = make_case()
    newer = make_case()
    assert list(Innovation.objects.published().newest()) == [newer, older]


def test_for_listing_fetches_cards_in_constant_queries():
    for _ in range(5):
        make_case(sectors=("health", "education"), countries=("FR", "DE"))
    with CaptureQueriesContext(connection) as queries:
        for case in Innovation.objects.published().for_listing():
            [s.name for s in case.sectors.all()]
            [c.name for c in case.countries]
            [a.name for a in case.approaches.all()]
            [m.url for m in case.media.all()]
    assert len(queries) == 6  # cases + sectors + approaches + factors + countries + media


def test_thumbnails_give_each_case_s_first_picture_in_the_cases_own_query(media_in_tmp):
    pictured = make_case(media=[video(), image(alt_text="First"), image(alt_text="Second")])
    plain = make_case(media=[video()])
    with CaptureQueriesContext(connection) as queries:
        cases = Innovation.objects.annotate(thumbnail=Innovation.objects.thumbnails())
        found = dict(cases.values_list("pk", "thumbnail"))
    assert len(queries) == 1
    assert found[plain.pk] is None
    first = pictured.media.get(alt_text="First")
    picture = dict(found[pictured.pk])
    copies = picture.pop("renditions")  # SQLite's JSON functions give the list as text
    assert picture == {"pk": first.pk, "alt": "First", "width": 40, "height": 30}
    assert (json.loads(copies) if isinstance(copies, str) else copies) == []
