"""Caches that survive a change: cards and case pages keyed by the case's own version,
shared through Django's cache; ETags from the catalogue's state; full builds that run
in the background while readers go on."""

import io
import threading

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from innovations import facets, services
from innovations.models import Innovation, Sector
from innovations.views import cards
from tests.factories import make_case, sign_in

State = Innovation.State


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, [q["sql"] for q in captured]


@pytest.mark.django_db
def test_publishing_one_case_keeps_the_other_cards(client, moderator):
    kept = [make_case(title=f"Kept {n}") for n in range(3)]
    client.get(reverse("innovations:list"))
    index = facets.current_index()
    keys = [cards.card_key(index, "en", case.pk) for case in kept]
    assert all(key in cache for key in keys)
    new = make_case(state=State.SUBMITTED, title="Newcomer")
    services.innovation_publish(innovation=new, actor=moderator)
    response, sql = queries(client, reverse("innovations:list"))
    assert "Newcomer" in response.content.decode()
    assert all(key in cache for key in keys)
    rendered = [
        q for q in sql if '"innovations_innovation"."summary"' in q and 'AS "value"' not in q
    ]
    assert len(rendered) == 1 and f"IN ({new.pk})" in rendered[0]  # only the new card


@pytest.mark.django_db
def test_an_edited_case_gets_a_fresh_card_and_page(client, moderator):
    case = make_case(title="Before the edit")
    client.get(reverse("innovations:list"))
    client.get(case.get_absolute_url())
    services.innovation_edit(innovation=case, data={"title": "After the edit"}, actor=moderator)
    assert "After the edit" in client.get(reverse("innovations:list")).content.decode()
    assert "After the edit" in client.get(case.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_case_page_never_lists_a_similar_case_that_left(client, moderator):
    case = make_case(title="Tidal energy map")
    twin = make_case(title="Tidal energy atlas")
    assert "Tidal energy atlas" in client.get(case.get_absolute_url()).content.decode()
    services.innovation_unpublish(innovation=twin, actor=moderator)
    assert "Tidal energy atlas" not in client.get(case.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_unpublished_case_page_is_gone_at_once(client, moderator):
    case = make_case(title="Short-lived")
    assert client.get(case.get_absolute_url()).status_code == 200
    services.innovation_unpublish(innovation=case, actor=moderator)
    assert client.get(case.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "list", "featured", "feed", "sectors", "countries"])
def test_pages_answer_304_until_the_catalogue_changes(client, moderator, name):
    make_case()
    url = reverse(f"innovations:{name}")
    first = client.get(url)
    etag = first.headers["ETag"]
    again, sql = queries(client, url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and len(sql) == 1
    services.innovation_publish(innovation=make_case(state=State.SUBMITTED), actor=moderator)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


@pytest.mark.django_db
def test_head_and_304_carry_the_etag(client):
    make_case()
    head = client.head(reverse("innovations:list"))
    assert head.status_code == 200 and head.headers["ETag"]
    again = client.get(reverse("innovations:list"), headers={"If-None-Match": head["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == head.headers["ETag"]
    assert "X-Partial" in again.headers["Vary"]


@pytest.mark.django_db
def test_a_draft_save_keeps_the_etag(client):
    make_case()
    etag = client.get(reverse("innovations:list")).headers["ETag"]
    draft = make_case(state=State.DRAFT)
    services.innovation_save_draft(innovation=draft, data={"title": "Still a draft"})
    response = client.get(reverse("innovations:list"), headers={"If-None-Match": etag})
    assert response.status_code == 304


@pytest.mark.django_db
def test_the_case_page_etag_differs_for_a_signed_in_moderator(client, moderator):
    case = make_case()
    anonymous = client.get(case.get_absolute_url()).headers["ETag"]
    sign_in(client, moderator)
    assert client.get(case.get_absolute_url()).headers["ETag"] != anonymous


@pytest.fixture
def redis_cache():
    """Django's Redis cache on a database of its own, one per database vendor (CI runs
    the suite on both at once); skipped where no Redis runs."""
    import redis

    location = f"redis://127.0.0.1:6379/{14 if connection.vendor == 'sqlite' else 13}"
    try:
        redis.Redis.from_url(location).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    with override_settings(CACHES={"default": backend}):
        yield
        cache.clear()


@pytest.mark.django_db
def test_workers_share_cards_and_pages_through_redis(client, redis_cache):
    case = make_case(title="Shared through Redis")
    client.get(case.get_absolute_url())
    client.get(reverse("innovations:list"))
    facets.forget()  # another worker: an index of its own, the same cache
    facets.current_index()
    _, sql = queries(client, case.get_absolute_url())
    assert len(sql) == 1  # the revision only: the article came from Redis
    _, sql = queries(client, reverse("innovations:list"))
    assert len(sql) == 1  # and the cards too


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_vocabulary_change_is_built_in_the_background(monkeypatch):
    """Readers keep the current index while the new one builds, then get the new one."""
    monkeypatch.setattr(facets.worker, "REBUILD_IN_BACKGROUND", True)
    make_case(sectors=("health",))
    old = facets.current_index()
    old.text("health")
    release = threading.Event()
    build = facets.FacetIndex.build.__func__

    def slow_build(cls):
        release.wait(10)
        return build(cls)

    monkeypatch.setattr(facets.FacetIndex, "build", classmethod(slow_build))
    sector = Sector.objects.get(slug="health")
    sector.name = "Wellbeing"
    sector.save()
    during = facets.current_index()
    assert during is old  # not waiting for the build
    assert not during.texts  # but no stale text matches (the full-text index moved)
    assert dict(during.choices()["sector"])["health"] != "Wellbeing"
    release.set()
    facets.wait_for_build()
    after = facets.current_index()
    assert after.generation == old.generation + 1
    assert dict(after.choices()["sector"])["health"] == "Wellbeing"
    assert after.snapshot()["options"]["sector"] == old.snapshot()["options"]["sector"]


@pytest.mark.django_db
def test_a_starting_worker_loads_the_last_build_and_catches_up(settings, tmp_path, moderator):
    settings.OPSI_FACET_SNAPSHOTS = str(tmp_path)
    kept = make_case(title="Before the snapshot")
    built = facets.current_index()  # a full build, written to the snapshot
    assert list(tmp_path.iterdir())
    later = make_case(title="After the snapshot")
    services.innovation_unpublish(innovation=kept, actor=moderator)
    facets.forget()  # a new worker
    builds, loads = facets.stats["full_builds"], facets.stats["snapshot_loads"]
    index = facets.current_index()
    assert facets.stats["full_builds"] == builds  # no build of its own
    assert facets.stats["snapshot_loads"] == loads + 1
    assert index.revision > built.revision
    assert index.newest(index.everything) == [later.pk]
    assert index.snapshot() == facets.FacetIndex.build().snapshot()


@pytest.mark.django_db
def test_a_snapshot_written_before_the_servers_start_spares_their_first_build(settings, tmp_path):
    """`search_index facets` (a deploy step) writes the snapshot: the first worker to
    start loads it instead of building, and answers as a fresh build would."""
    settings.OPSI_FACET_SNAPSHOTS = str(tmp_path)
    case = make_case(title="Kept for the start")
    out = io.StringIO()
    call_command("search_index", "facets", stdout=out)
    assert "1 published case" in out.getvalue()
    facets.forget()  # the servers start
    builds, loads = facets.stats["full_builds"], facets.stats["snapshot_loads"]
    index = facets.current_index()
    assert (facets.stats["full_builds"], facets.stats["snapshot_loads"]) == (builds, loads + 1)
    assert index.newest(index.everything) == [case.pk]
    assert index.snapshot() == facets.FacetIndex.build().snapshot()


@pytest.mark.django_db
def test_snapshots_turned_off_are_said_so_by_the_deploy_step(settings):
    settings.OPSI_FACET_SNAPSHOTS = ""
    with pytest.raises(CommandError, match="OPSI_FACET_SNAPSHOTS"):
        call_command("search_index", "facets", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_deploy_step_on_a_catalogue_never_published_writes_nothing(settings, tmp_path):
    settings.OPSI_FACET_SNAPSHOTS = str(tmp_path)
    make_case(state=Innovation.State.SUBMITTED)
    out = io.StringIO()
    call_command("search_index", "facets", stdout=out)
    assert "Nothing has been published yet" in out.getvalue()
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_a_snapshot_of_another_generation_is_not_used(settings, tmp_path):
    settings.OPSI_FACET_SNAPSHOTS = str(tmp_path)
    make_case()
    facets.current_index()
    sector = Sector.objects.get(slug="health")
    sector.name = "Renamed"
    sector.save()  # a new generation
    facets.forget()
    builds = facets.stats["full_builds"]
    assert dict(facets.current_index().choices()["sector"])["health"] == "Renamed"
    assert facets.stats["full_builds"] == builds + 1


@pytest.mark.django_db
def test_a_card_speaks_the_pages_language(client):
    """A card's sector and country names are those of the page's language, its
    countries in that language's alphabetical order, and each language has its own."""
    sector = Sector.objects.get(slug="health")
    sector.name_fr = "Santé publique (essai)"
    sector.save()  # a vocabulary row, edited as the admin does (not a case write)
    make_case(title="Clinics by the sea", countries=("DE", "ES"), sectors=("health",))
    pages = {}
    for language in ("en", "fr", "de"):
        with translation.override(language):
            pages[language] = client.get(reverse("innovations:list")).content.decode()
    assert "Germany, Spain" in pages["en"] and ">Health<" in pages["en"]
    assert "Allemagne, Espagne" in pages["fr"] and "Santé publique (essai)" in pages["fr"]
    assert "Deutschland, Spanien" in pages["de"]


@pytest.mark.django_db
def test_a_worker_gives_freed_memory_back_every_so_many_requests(client, monkeypatch):
    client.get(reverse("innovations:list"))  # its index built (and trimmed after)
    trims = []
    monkeypatch.setattr(facets.worker, "TRIM_EVERY", 3)
    monkeypatch.setattr(facets.worker, "release_memory", lambda: trims.append(1))
    monkeypatch.setattr(facets.worker, "_requests", __import__("itertools").count(1))
    for _ in range(7):
        client.get(reverse("innovations:list"))
    assert len(trims) == 2


@pytest.mark.django_db
def test_a_worker_gives_back_the_memory_of_an_index_it_replaced(client, monkeypatch):
    """After a request that caught the index up with a write, the old index (its arrays,
    bitmaps and remembered answers) is freed: that request gives it back at its end."""
    client.get(reverse("innovations:list"))  # its index built
    trims = []
    monkeypatch.setattr(facets.worker, "TRIM_EVERY", 1000)
    monkeypatch.setattr(facets.worker, "release_memory", lambda: trims.append(1))
    client.get(reverse("innovations:list"))
    assert trims == []  # nothing replaced
    make_case(title="A change to catch up with")
    client.get(reverse("innovations:list"))  # caught up: a new index
    assert trims == [1]
    client.get(reverse("innovations:list"))
    assert trims == [1]


@pytest.mark.django_db
def test_an_index_that_earlier_pages_still_hold_is_freed_when_it_is_replaced(client, monkeypatch):
    """A page's template context is a reference cycle: what it held (the index among
    it) waits for the cyclic collector. The request that replaces the index runs it."""
    import gc
    import weakref

    client.get(reverse("innovations:list"))  # its index built
    monkeypatch.setattr(facets.worker, "TRIM_EVERY", 1000)
    monkeypatch.setattr(facets.worker, "_requests", __import__("itertools").count(1))
    old = facets.worker._current
    held_by_garbage = [old]
    held_by_garbage.append(held_by_garbage)  # a cycle, as a page's context is
    gone = weakref.ref(old)
    del old, held_by_garbage
    gc.disable()  # only the worker's own collection may free it
    try:
        client.get(reverse("innovations:list"))
        assert gone() is not None  # nothing replaced: not collected
        make_case(title="A change to catch up with")
        client.get(reverse("innovations:list"))  # caught up: a new index
        assert facets.worker._current is not gone()
        assert gone() is None
    finally:
        gc.enable()
