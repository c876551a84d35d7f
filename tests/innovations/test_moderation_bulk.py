"""Bulk actions on a selection of cases: each case changed through the services,
logged and versioned as a single edit, at most `MAX_BULK` at once, and the indexes equal
to a rebuild afterwards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import facets, search, services
from innovations.models import (
    CaseEdit,
    CaseVersion,
    CatalogueRevision,
    Innovation,
    Sector,
    StateChange,
)
from innovations.services.bulk import MAX_BULK, TooMany
from tests.factories import assert_true, make_case, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


@pytest.fixture
def watched():
    facets.current_index()
    return facets.stats["full_builds"]


def ids(cases) -> list[int]:
    return [case.pk for case in cases]


def test_adding_a_tag_changes_logs_and_versions_each_case(moderator, watched):
    cases = [make_case(sectors=("health",)) for _ in range(3)]
    education = Sector.objects.get(slug="education")
    versions = CaseVersion.objects.count()
    result = services.innovations_tag(
        innovations=ids(cases), tag=education, add=True, actor=moderator
    )
    assert sorted(result.changed) == ids(cases)
    for case in cases:
        assert set(case.sectors.values_list("slug", flat=True)) == {"health", "education"}
        edit = CaseEdit.objects.filter(innovation=case).last()
        assert edit.actor == moderator and edit.fields == ["sectors"]
    assert CaseVersion.objects.count() == versions + 3
    assert_true(full_builds=watched)
    assert set(search.matches("education")) >= set(ids(cases))


def test_a_case_that_already_has_the_tag_is_left_alone(moderator):
    case = make_case(sectors=("health",))
    edits = CaseEdit.objects.count()
    result = services.innovations_tag(
        innovations=[case.pk], tag=Sector.objects.get(slug="health"), add=True, actor=moderator
    )
    assert result.unchanged == [case.pk] and result.changed == []
    assert CaseEdit.objects.count() == edits


def test_removing_a_tag(moderator, watched):
    cases = [make_case(sectors=("health", "education")) for _ in range(2)]
    services.innovations_tag(
        innovations=ids(cases), tag=Sector.objects.get(slug="health"), add=False, actor=moderator
    )
    for case in cases:
        assert list(case.sectors.values_list("slug", flat=True)) == ["education"]
    assert_true(full_builds=watched)


def test_setting_the_sector_replaces_the_sectors(moderator, watched):
    cases = [make_case(sectors=("health", "education")) for _ in range(2)]
    services.innovations_set(
        innovations=ids(cases), field="sectors", value=Sector.objects.get(slug="education"),
        actor=moderator,
    )  # fmt: skip
    for case in cases:
        assert list(case.sectors.values_list("slug", flat=True)) == ["education"]
    assert_true(full_builds=watched)


def test_setting_the_level_of_government(moderator, watched):
    cases = [make_case(level="national"), make_case(state=State.SUBMITTED)]
    services.innovations_set(innovations=ids(cases), field="level", value="local", actor=moderator)
    assert set(Innovation.objects.filter(pk__in=ids(cases)).values_list("level", flat=True)) == {
        "local"
    }
    assert all(CaseEdit.objects.filter(innovation=c, fields=["level"]).exists() for c in cases)
    assert_true(full_builds=watched)


def test_an_unknown_level_is_refused(moderator):
    case = make_case()
    with pytest.raises(ValueError):
        services.innovations_set(innovations=[case.pk], field="level", value="x", actor=moderator)


def test_bulk_publish_publishes_what_can_be_and_reports_the_rest(moderator, watched):
    pending = [make_case(state=State.SUBMITTED, title=f"Lighthouse {n}") for n in range(2)]
    draft = make_case(state=State.DRAFT)
    result = services.innovations_publish(innovations=[*ids(pending), draft.pk], actor=moderator)
    assert sorted(result.changed) == ids(pending) and result.refused == [draft.pk]
    assert all(Innovation.objects.get(pk=c.pk).state == State.PUBLISHED for c in pending)
    assert StateChange.objects.filter(innovation__in=pending, to_state="published").count() == 2
    assert_true(full_builds=watched)
    assert set(search.matches("lighthouse")) == set(ids(pending))


def test_bulk_reject_needs_a_message_and_logs_it(moderator):
    cases = [make_case(state=State.SUBMITTED) for _ in range(2)]
    with pytest.raises(services.TransitionError):
        services.innovations_reject(innovations=ids(cases), actor=moderator, note=" ")
    services.innovations_reject(innovations=ids(cases), actor=moderator, note="Out of scope.")
    for case in cases:
        change = StateChange.objects.filter(innovation=case).last()
        assert (change.to_state, change.note) == ("rejected", "Out of scope.")
        assert change.actor == moderator


def test_more_than_the_cap_is_refused_and_nothing_changes(moderator):
    case = make_case(state=State.SUBMITTED)
    with pytest.raises(TooMany):
        services.innovations_publish(
            innovations=[case.pk, *range(10**6, 10**6 + MAX_BULK)], actor=moderator
        )
    assert Innovation.objects.get(pk=case.pk).state == State.SUBMITTED


def test_the_queue_form_adds_a_tag_to_the_ticked_cases(client, moderator):
    cases = [make_case(state=State.SUBMITTED, sectors=("health",)) for _ in range(3)]
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:bulk"),
        {"cases": ids(cases[:2]), "action": "add_tag", "tag": "sector:education"},
    )
    assert response.status_code == 302
    tagged = Innovation.objects.filter(sectors__slug="education")
    assert set(tagged.values_list("pk", flat=True)) == set(ids(cases[:2]))


def test_the_queue_form_sets_level_publishes_and_rejects(client, moderator):
    cases = [make_case(state=State.SUBMITTED) for _ in range(3)]
    sign_in(client, moderator)
    url = reverse("moderation:bulk")
    client.post(url, {"cases": ids(cases), "action": "set_level", "level": "regional"})
    client.post(url, {"cases": [cases[0].pk], "action": "publish"})
    client.post(url, {"cases": [cases[1].pk], "action": "reject", "note": "No."})
    states = dict(Innovation.objects.filter(pk__in=ids(cases)).values_list("pk", "state"))
    assert states == {cases[0].pk: "published", cases[1].pk: "rejected", cases[2].pk: "submitted"}
    assert set(Innovation.objects.filter(pk__in=ids(cases)).values_list("level", flat=True)) == {
        "regional"
    }


def test_the_bulk_form_is_for_moderators_only(client, django_user_model):
    case = make_case(state=State.SUBMITTED)
    user = django_user_model.objects.create_user("someone", password="pw")
    sign_in(client, user)
    response = client.post(reverse("moderation:bulk"), {"cases": [case.pk], "action": "publish"})
    assert response.status_code == 403
    assert Innovation.objects.get(pk=case.pk).state == State.SUBMITTED


def test_the_queue_shows_a_checkbox_per_case_and_the_bulk_actions(client, moderator):
    case = make_case(title="Ferry")
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue"), {"state": "published"}).content.decode()
    assert f'name="cases" value="{case.pk}"' in html
    assert 'value="add_tag"' in html and 'value="set_level"' in html


def bulk_queries(moderator, n: int) -> int:
    cases = [make_case(sectors=("health",), countries=("FR", "DE")).pk for _ in range(n)]
    education = Sector.objects.get(slug="education")
    with CaptureQueriesContext(connection) as captured:
        services.innovations_tag(innovations=cases, tag=education, add=True, actor=moderator)
    return len(captured)


def test_a_bulk_action_costs_a_fixed_number_of_queries_per_case(moderator):
    """Each case is locked, edited, logged and versioned (a fixed cost per case, measured
    at 20); the re-indexing is done once for the whole selection."""
    two, four, six = (bulk_queries(moderator, n) for n in (2, 4, 6))
    assert four - two == six - four <= 2 * 20, (two, four, six)


def test_a_bulk_action_moves_the_catalogue_revision_once(moderator):
    cases = [make_case() for _ in range(4)]
    before = CatalogueRevision.current()[1]
    services.innovations_set(innovations=ids(cases), field="level", value="local", actor=moderator)
    assert CatalogueRevision.current()[1] == before + 1
    assert_true()


def test_a_failing_bulk_action_changes_nothing(moderator, monkeypatch):
    cases = [make_case(level="national") for _ in range(3)]

    def broken(*args, **kwargs):
        raise RuntimeError("the index is down")

    monkeypatch.setattr("innovations.derived.search.index", broken)
    with pytest.raises(RuntimeError):
        services.innovations_set(
            innovations=ids(cases), field="level", value="local", actor=moderator
        )
    levels = set(Innovation.objects.filter(pk__in=ids(cases)).values_list("level", flat=True))
    assert levels == {"national"}
