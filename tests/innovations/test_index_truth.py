"""After any write, through any door, the full-text index and the facet index equal a
fresh rebuild; writes the public cannot see touch neither.

`assert_true()` checks both: `search_index verify` finds no drift, and this worker's
facet index, kept current case by case, says exactly what a fresh build says.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduction.models import CoproductionProfile, Reason
from innovations import derived, facets, search, services
from innovations.models import (
    CaseEdit,
    CatalogueRevision,
    Innovation,
    InnovationCountry,
    Sector,
    StateChange,
)
from tests.factories import assert_true, make_case, sign_in
from tests.forms import form_data

pytestmark = pytest.mark.django_db
State = Innovation.State


@pytest.fixture
def watched():
    """An index built before the writes, and the number of full builds so far."""
    facets.current_index()
    return facets.stats["full_builds"]


def found(query: str) -> set[int]:
    return set(search.matches(query))


def test_publishing_editing_and_unpublishing_change_one_case_each(moderator, watched):
    cases = [make_case(title=f"Harbour {n}") for n in range(3)]
    draft = make_case(state=State.SUBMITTED, title="Lighthouse")
    assert_true(full_builds=watched)
    services.innovation_publish(innovation=draft, actor=moderator)
    services.innovation_edit(
        innovation=cases[0],
        data={"title": "Canal", "countries": ["US", "DE"], "sectors": Sector.objects.all()[:2]},
        actor=moderator,
    )
    services.innovation_unpublish(innovation=cases[1], actor=moderator)
    assert_true(full_builds=watched)
    assert found("lighthouse") == {draft.pk}
    assert found("canal united states america") == {cases[0].pk}
    assert found("harbour") == {cases[2].pk}


def test_a_republished_case_takes_its_old_place(moderator, watched):
    cases = [make_case() for _ in range(4)]
    services.innovation_unpublish(innovation=cases[1], actor=moderator)
    assert_true(full_builds=watched)
    services.innovation_publish(innovation=cases[1], actor=moderator)
    assert_true(full_builds=watched)
    assert facets.current_index().newest(facets.current_index().everything) == [
        c.pk for c in reversed(cases)
    ]


def test_a_case_published_with_an_earlier_date_is_slotted_in_order(moderator, watched):
    first, second = make_case(), make_case()
    earlier = make_case(state=State.SUBMITTED)
    services.innovation_publish(innovation=earlier, actor=moderator)
    with services.writing("test: an earlier publication date, which no door sets"):
        Innovation.objects.filter(pk=earlier.pk).update(published_at=first.published_at)
    derived.cases_changed([earlier.pk])
    index = facets.current_index()
    assert index.newest(index.everything) == [second.pk, earlier.pk, first.pk]
    assert_true(full_builds=watched)


def test_drafts_and_submissions_touch_no_index_and_no_cache(client, settings, watched):
    """A visitor re-saving a draft in a loop moves nothing the public sees."""
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 0}
    make_case(title="Public one")
    client.get(reverse("innovations:list") + "?q=public")
    index = facets.current_index()
    revision = CatalogueRevision.current()
    page = client.get(reverse("innovations:submit"))
    data = form_data(page.content, reverse("innovations:submit"))
    data.update(title=["Loop draft"], action=["draft"])
    response = client.post(reverse("innovations:submit"), data)
    edit_url = response.url
    for n in range(20):
        data = form_data(client.get(edit_url).content, edit_url)
        data.update(title=[f"Loop draft {n}"], action=["draft"])
        assert client.post(edit_url, data).status_code == 302
    assert Innovation.objects.get(state=State.DRAFT).title == "Loop draft 19"
    assert CatalogueRevision.current() == revision
    assert facets.current_index() is index  # the same object: no replay, no rebuild
    assert "public" in index.texts  # the text cache stays
    assert facets.stats["full_builds"] == watched
    assert_true()


def test_the_moderation_page_edit_is_indexed(client, moderator, watched):
    case = make_case(title="Old name", countries=("FR",))
    sign_in(client, moderator)
    url = reverse("moderation:review", args=[case.pk])
    data = form_data(client.get(url).content, url)
    data.update(title=["New name"], countries=["US"])
    data["coproduction-reasons"] = [str(Reason.objects.first().pk)]
    data["coproduction-kind"] = ["addition"]
    assert client.post(url, data).status_code == 302
    assert_true(full_builds=watched)
    assert found("new name united states") == {case.pk}
    assert found("old") == set()
    assert found(Reason.objects.first().name) == {case.pk}
    index = facets.current_index()
    assert index.newest(index.mask("cp_kind", ["addition"])) == [case.pk]
    edit = CaseEdit.objects.get(innovation=case)
    assert edit.actor == moderator
    assert set(edit.fields) == {"title", "countries", "coproduction"}


def test_the_admin_saves_through_the_services(admin_client, admin_user, watched):
    case = make_case(title="Admin before", countries=("FR",))
    url = reverse("admin:innovations_innovation_change", args=[case.pk])
    data = form_data(admin_client.get(url).content, "innovation_form")
    data.update(title=["Admin after"], countries=["US", "FR"])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_true(full_builds=watched)
    assert found("admin after united states") == {case.pk}
    edit = CaseEdit.objects.get(innovation=case)
    assert (edit.actor, set(edit.fields)) == (admin_user, {"title", "countries"})


def test_the_admin_adds_a_draft_and_deletes_through_the_services(admin_client, watched):
    page = admin_client.get(reverse("admin:innovations_innovation_add"))
    data = form_data(page.content, "innovation_form")
    data.update(
        title=["Added in admin"],
        slug=["added-in-admin"],
        summary=["S."],
        description=["D."],
        source_url=["https://example.org/a"],
        sectors=[str(Sector.objects.first().pk)],
        countries=["NO"],
    )
    response = admin_client.post(reverse("admin:innovations_innovation_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Innovation.objects.get(slug="added-in-admin")
    assert added.state == State.DRAFT and [c.code for c in added.countries] == ["NO"]
    assert StateChange.objects.get(innovation=added).to_state == State.DRAFT
    assert_true(full_builds=watched)


def test_deleting_a_case_in_the_admin_takes_it_out_of_the_index(admin_client, watched):
    public = make_case(title="Deleted for good")
    other = make_case(title="Deleted in bulk")
    url = reverse("admin:innovations_innovation_delete", args=[public.pk])
    assert "Are you sure" in admin_client.get(url).content.decode()  # its logs go with it
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    changelist = reverse("admin:innovations_innovation_changelist")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )
    assert not Innovation.objects.filter(pk__in=[public.pk, other.pk]).exists()
    assert found("deleted") == set()
    assert_true(full_builds=watched)


def test_the_admin_cannot_feature_an_unpublished_case(admin_client):
    draft = make_case(state=State.SUBMITTED)
    public = make_case()
    changelist = reverse("admin:innovations_innovation_changelist")
    admin_client.post(changelist, {"action": "feature", "_selected_action": [draft.pk, public.pk]})
    assert list(Innovation.objects.featured()) == [public]
    page = admin_client.get(reverse("admin:innovations_innovation_change", args=[draft.pk]))
    assert 'name="featured"' not in page.content.decode()


def test_the_admin_feature_action_keeps_places_and_adds_at_the_end(admin_client):
    first = make_case(featured=True, featured_order=1)
    second = make_case(featured=True, featured_order=5)
    new = make_case()
    changelist = reverse("admin:innovations_innovation_changelist")
    selected = [first.pk, new.pk]
    admin_client.post(changelist, {"action": "feature", "_selected_action": selected})
    assert list(Innovation.objects.featured()) == [first, second, new]
    assert Innovation.objects.get(pk=new.pk).featured_order == 6
    assert (
        not CaseEdit.objects.filter(innovation=first).exclude(actor_label="Contributor").exists()
    )  # already there: nothing changed, nothing logged


def test_an_unchanged_form_sent_again_changes_and_logs_nothing(client, moderator):
    case = make_case(description="Line one.\nLine two.")
    sign_in(client, moderator)
    url = reverse("moderation:review", args=[case.pk])
    data = form_data(client.get(url).content, url)
    data["description"] = ["Line one.\r\nLine two."]  # as a browser sends a textarea
    assert client.post(url, data).status_code == 302
    assert not CaseEdit.objects.filter(innovation=case).exists()


def test_a_published_case_keeps_its_slug(client, moderator):
    case = make_case(title="Fixed address")
    with pytest.raises(services.TransitionError):
        services.innovation_edit(innovation=case, data={"slug": "moved"}, actor=moderator)
    sign_in(client, moderator)
    url = reverse("moderation:review", args=[case.pk])
    data = form_data(client.get(url).content, url)
    assert "slug" not in data  # shown, but disabled
    data["slug"] = ["moved"]
    assert client.post(url, data).status_code == 302
    assert Innovation.objects.get(pk=case.pk).slug == case.slug


def test_a_slug_a_moderator_chose_survives_publication(moderator):
    case = make_case(state=State.SUBMITTED, title="Heronsgate ferry forum")
    services.innovation_edit(innovation=case, data={"slug": "heronsgate"}, actor=moderator)
    case = services.innovation_publish(innovation=case, actor=moderator)
    assert case.slug == "heronsgate"


def test_the_admin_bulk_actions_keep_the_index_true(admin_client, watched):
    cases = [make_case() for _ in range(3)]
    changelist = reverse("admin:innovations_innovation_changelist")
    selected = [c.pk for c in cases[:2]]
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": selected})
    assert_true(full_builds=watched)
    admin_client.post(changelist, {"action": "publish", "_selected_action": selected})
    assert_true(full_builds=watched)
    admin_client.post(changelist, {"action": "feature", "_selected_action": selected})
    assert Innovation.objects.featured().count() == 2
    assert_true(full_builds=watched)


def test_the_demo_import_indexes_every_country(watched):
    call_command("load_demo", stdout=io.StringIO())
    assert_true()
    us = InnovationCountry.objects.filter(country="US").values_list("innovation_id", flat=True)
    assert us and set(us) <= found("United States of America")
    assert all(
        StateChange.objects.filter(innovation=c, to_state=State.PUBLISHED).exists()
        for c in Innovation.objects.all()
    )
    call_command("load_demo", stdout=io.StringIO())  # again: nothing changes
    assert not CaseEdit.objects.exclude(fields=["featured", "featured_order"]).exists()
    assert_true()


def test_renaming_a_tag_renames_it_in_search_and_facets(admin_client):
    case = make_case(sectors=("health",))
    facets.current_index()
    sector = Sector.objects.get(slug="health")
    url = reverse("admin:innovations_sector_change", args=[sector.pk])
    data = form_data(admin_client.get(url).content, "sector_form")
    data["name"] = ["Wellbeing"]
    assert admin_client.post(url, data).status_code == 302
    assert found("wellbeing") == {case.pk}
    assert case.pk not in found("health")
    labels = dict(facets.current_index().choices()["sector"])
    assert labels["health"] == "Wellbeing"
    assert_true()


def test_renaming_or_removing_a_coproduction_term_reindexes_its_cases(moderator):
    reason = Reason.objects.first()
    case = make_case(parts={"coproduction": {"kind": "addition", "reasons": [reason]}})
    assert found(reason.name) == {case.pk}
    reason.name = "Zyxwv motive"
    reason.save()
    assert found("zyxwv") == {case.pk}
    assert_true()
    reason.delete()
    assert found("zyxwv") == set()
    assert CoproductionProfile.objects.get(innovation=case).reasons.count() == 0
    assert_true()


def test_verify_lists_drift_and_rebuild_repairs_it():
    case = make_case(title="Drifting")
    other = make_case(title="Hidden", state=State.DRAFT)
    # Writes that bypass the services (a shell, a raw SQL fix) are what verify is for.
    with services.writing("test: the drift verify is there to find"):
        Innovation.objects.filter(pk=case.pk).update(title="Moved away")
        Innovation.objects.filter(pk=other.pk).update(state=State.PUBLISHED)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 differences"):
        call_command("search_index", "verify", stdout=out, stderr=io.StringIO())
    assert f"case {case.pk}: its indexed text is out of date" in out.getvalue()
    assert f"case {other.pk}: published but not in the index" in out.getvalue()
    generation = CatalogueRevision.current()[0]
    call_command("search_index", "rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    assert CatalogueRevision.current()[0] == generation + 1
    call_command("search_index", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    assert_true()


def test_a_rollback_undoes_the_index_with_the_case(moderator):
    from django.db import transaction

    case = make_case(title="Rolled")
    facets.current_index()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.innovation_edit(innovation=case, data={"title": "Never"}, actor=moderator)
        raise RuntimeError
    assert found("never") == set() and found("rolled") == {case.pk}
    assert_true()
