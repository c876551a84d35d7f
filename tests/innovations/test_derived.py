"""Every derived store follows a change on the very next request: a case renamed,
unpublished or deleted is shown anew (or no more) by every page, card, API entry and
feed that showed it, including another case's page that links to it or lists it as
similar, and the collection pages; a new release id makes every cached fragment new."""

from collections import OrderedDict

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from innovations import derived, facets, services
from innovations.models import CatalogueRevision, Innovation
from innovations.views import cards
from opsi.api import docs
from tests.factories import REAL_TRANSACTIONS, make_case

OLD, NEW = "Zorblat", "Quillon"


@pytest.fixture
def shown(moderator):
    """A case shown everywhere: in listings, the API, the feeds, a collection, the page
    of a case linked to it and the page of a case that lists it as similar."""
    target = make_case(title=f"Tidal kelp registry {OLD}", summary="Tidal kelp farms mapped.")
    twin = make_case(title="Tidal kelp nursery", summary="Tidal kelp farms seeded.")
    # Nothing in common with the target but the link: it is not among its similar cases.
    linker = make_case(
        title="Schoolyard chess league",
        summary="Pupils compete online.",
        sectors=("education",),
        approaches=("competition",),
        factors=("online-technologies",),
        countries=("JP",),
    )
    services.case_link(source=linker, target=target, kind="inspired_by")
    collection = services.collection_save(title="Blue economy")
    services.collection_set_cases(collection=collection, cases=[target.pk, twin.pk])
    return {"target": target, "twin": twin, "linker": linker, "collection": collection}


def urls(shown) -> dict[str, str]:
    slug = shown["collection"].slug
    return {
        "list": reverse("innovations:list"),
        "home": reverse("innovations:home"),
        "feed": reverse("innovations:feed"),
        "api-list": reverse("api-v1:cases"),
        "linker-page": shown["linker"].get_absolute_url(),
        "twin-page": shown["twin"].get_absolute_url(),
        "collection": reverse("innovations:collection", args=[slug]),
        "collection-feed": reverse("innovations:collection-feed", args=[slug]),
    }


def texts(client, shown) -> dict[str, str]:
    return {name: client.get(url).content.decode() for name, url in urls(shown).items()}


def warm(client, shown) -> None:
    """Every page read once (caches filled), each showing the case."""
    for name, text in texts(client, shown).items():
        assert OLD in text, name
    assert OLD in client.get(shown["target"].get_absolute_url()).content.decode()
    assert OLD in client.get(reverse("api-v1:case", args=[shown["target"].slug])).content.decode()


@pytest.mark.django_db
def test_a_renamed_case_is_renamed_everywhere_at_once(client, moderator, shown):
    warm(client, shown)
    target = shown["target"]
    services.innovation_edit(
        innovation=target, data={"title": f"Tidal kelp registry {NEW}"}, actor=moderator
    )
    for name, text in texts(client, shown).items():
        assert OLD not in text and NEW in text, name
    assert NEW in client.get(target.get_absolute_url()).content.decode()
    assert NEW in client.get(reverse("api-v1:case", args=[target.slug])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_a_case_that_leaves_is_shown_nowhere_at_once(client, moderator, shown, action):
    warm(client, shown)
    target = shown["target"]
    if action == "unpublish":
        services.innovation_unpublish(innovation=target, actor=moderator)
    else:
        services.innovation_delete(innovation=target, actor=moderator)
    for name, text in texts(client, shown).items():
        assert OLD not in text and target.get_absolute_url() not in text, name
    assert client.get(target.get_absolute_url()).status_code == 404
    assert client.get(reverse("api-v1:case", args=[target.slug])).status_code == 404


@pytest.mark.django_db
def test_a_change_gives_the_cases_linked_to_it_a_new_version(moderator, shown):
    linker, twin = shown["linker"], shown["twin"]
    before = dict(Innovation.objects.values_list("pk", "updated_at"))
    services.innovation_edit(
        innovation=shown["target"], data={"title": f"Renamed {NEW}"}, actor=moderator
    )
    after = dict(Innovation.objects.values_list("pk", "updated_at"))
    assert after[linker.pk] != before[linker.pk]  # its page shows the link's title
    assert after[twin.pk] == before[twin.pk]  # only a collection in common: not shown
    assert derived.dependents([shown["target"].pk]) == {linker.pk}


@pytest.mark.django_db
def test_a_deleted_case_moves_the_version_of_the_cases_that_linked_to_it(moderator, shown):
    linker = shown["linker"]
    before = Innovation.objects.get(pk=linker.pk).updated_at
    services.innovation_delete(innovation=shown["target"], actor=moderator)
    assert Innovation.objects.get(pk=linker.pk).updated_at != before


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


@pytest.mark.django_db
def test_a_new_release_id_makes_every_cached_fragment_new(client, shown):
    case = shown["target"]
    pages = [case.get_absolute_url(), reverse("innovations:list"), reverse("api-v1:cases")]
    for url in pages:
        client.get(url)
    index = facets.current_index()
    old_key = cards.card_key(index, "en", case.pk)
    old_etag = client.get(pages[1]).headers["ETag"]
    assert old_key in cache and [_queries(client, url) for url in pages[:2]] == [1, 1]
    with override_settings(OPSI_RELEASE="next-deploy"):
        assert cards.card_key(index, "en", case.pk) != old_key
        assert cards.card_key(index, "en", case.pk).startswith("opsi:next-deploy:")
        # Nothing of the old release is read: the page and the cards are made again.
        assert all(_queries(client, url) > 1 for url in pages[:2])
        assert client.get(pages[1], headers={"If-None-Match": old_etag}).status_code == 200
        assert client.get(pages[1]).headers["ETag"] != old_etag


@pytest.mark.django_db
def test_keys_start_with_the_release_and_the_generation():
    generation = CatalogueRevision.current()[0]
    with override_settings(OPSI_RELEASE="r1"):
        assert derived.key("card", "en", 7, generation=generation) == (
            f"opsi:r1:{generation}:card:en:7"
        )


def test_the_default_release_is_a_hash_of_the_templates(tmp_path, monkeypatch):
    template = tmp_path / "templates" / "card.html"
    template.parent.mkdir()
    template.write_text("<p>{{ case.title }}</p>")
    monkeypatch.setattr(derived, "ROOT", tmp_path)
    derived.code_release.cache_clear()
    try:
        before = derived.code_release()
        template.write_text("<p class=card>{{ case.title }}</p>")
        derived.code_release.cache_clear()
        assert derived.code_release() != before
    finally:
        derived.code_release.cache_clear()


@pytest.mark.django_db
def test_the_snapshot_is_named_by_the_catalogue_not_the_database(settings, tmp_path):
    settings.OPSI_FACET_SNAPSHOTS = str(tmp_path)
    make_case()
    generation = CatalogueRevision.current()[0]
    snapshot = CatalogueRevision.objects.get(pk=1).snapshot
    assert derived.snapshot_name(generation).startswith(f"facets-{snapshot}-")
    facets.current_index()
    assert [p.name for p in tmp_path.iterdir()] == [derived.snapshot_name(generation)]
    # A flush empties the row: the next catalogue gets a new id, so a new file.
    CatalogueRevision.objects.all().delete()
    make_case()
    assert CatalogueRevision.objects.get(pk=1).snapshot != snapshot
    derived.renew(generation + 1)  # a restore: new id and generation
    assert derived.snapshot_name(generation + 1) != derived.snapshot_name(generation)


@pytest.mark.django_db
def test_the_openapi_schema_is_kept_once_per_language(client, monkeypatch):
    make_case()
    built = []
    original = docs.api.get_openapi_schema

    def counting(*args, **kwargs):
        built.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(docs.api, "get_openapi_schema", counting)
    docs._built.clear()
    for language in ["en", "fr", "en", "fr"]:
        with translation.override(language):
            docs.openapi_schema()
    assert built == ["en", "fr"]


@pytest.mark.django_db
def test_text_matches_are_cleared_under_their_lock(monkeypatch):
    make_case()
    index = facets.current_index()
    held = []

    class Watched(OrderedDict):
        def clear(self):
            held.append(facets.worker.lock._is_owned())
            super().clear()

    index.texts, index.ranks = Watched(), Watched()
    monkeypatch.setattr(facets.worker, "REBUILD_IN_BACKGROUND", True)
    monkeypatch.setattr(facets.worker, "_build_in_background", lambda: None)
    CatalogueRevision.new_generation()  # a vocabulary changed: the old matches go
    facets.current_index()
    assert held == [True, True]


@REAL_TRANSACTIONS
def test_a_linked_case_held_by_another_writer_is_not_waited_for(moderator):
    """PostgreSQL: two writers of linked cases would deadlock if each waited for the
    other's row; the dependent's new version is skipped instead (its page still
    notices, through the versions it recorded)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: no row is ever held")
    import psycopg

    target, linker = make_case(title="Held target"), make_case(title="Held linker")
    services.case_link(source=linker, target=target, kind="same_programme")
    before = Innovation.objects.get(pk=linker.pk).updated_at
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    try:
        other.execute(f"SELECT 1 FROM innovations_innovation WHERE id = {linker.pk} FOR UPDATE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # a wait fails the test, not hangs it
        services.innovation_edit(innovation=target, data={"title": "Moved"}, actor=moderator)
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert Innovation.objects.get(pk=linker.pk).updated_at == before
    assert Innovation.objects.get(pk=target.pk).title == "Moved"
