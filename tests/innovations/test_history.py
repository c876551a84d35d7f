"""Every change of a case's public record is kept as a version; a revert restores one
exactly (content, tags, countries, co-production profile), through the services, and
the search and facet indexes equal a fresh rebuild afterwards."""

import pytest

from coproduction.models import CoproductionProfile, Reason
from innovations import services, versions
from innovations.models import CaseEdit, CaseVersion, Innovation, Sector
from tests.factories import assert_true, make_case

pytestmark = pytest.mark.django_db
State = Innovation.State
PROFILE = {"coproduction": {"kind": "addition", "stage": ["design"], "impact_evidence": "Less."}}


def public_record(case):
    return versions.record(Innovation.objects.get(pk=case.pk))


def test_creation_publication_and_each_edit_are_versions(moderator):
    case = make_case(contributor_name="Secret Person", contributor_email="secret@example.org")
    services.innovation_edit(
        innovation=case, data={"title": "Renamed", "countries": ["DK"]}, actor=moderator
    )
    found = list(case.versions.order_by("number"))
    assert [(v.number, v.state) for v in found] == [
        (1, State.DRAFT),
        (2, State.PUBLISHED),
        (3, State.PUBLISHED),
    ]
    assert found[1].fields == []  # publication changes no content
    assert sorted(found[2].fields) == ["countries", "title"]
    assert found[2].actor == moderator and found[2].actor_label == "mod"
    assert found[1].record["title"] == case.title and found[2].record["title"] == "Renamed"
    assert found[2].record["countries"] == ["DK"]
    changes = {c.name: (c.old, c.new) for c in versions.diff(found[1].record, found[2].record)}
    assert changes == {"title": (case.title, "Renamed"), "countries": ("FR", "DK")}


def test_a_version_holds_no_personal_data_of_the_contributor():
    case = make_case(contributor_name="Secret Person", contributor_email="secret@example.org")
    text = str(list(case.versions.values_list("record", flat=True)))
    assert "Secret" not in text and "secret@" not in text


def test_an_unchanged_edit_records_no_version(moderator):
    case = make_case()
    before = case.versions.count()
    services.innovation_edit(innovation=case, data={"title": case.title}, actor=moderator)
    assert case.versions.count() == before


def test_a_revert_restores_content_tags_countries_and_profile_exactly(moderator):
    reason = Reason.objects.first()
    parts = {"coproduction": {**PROFILE["coproduction"], "reasons": [reason]}}
    case = make_case(parts=parts, countries=("FR", "DE"), year_launched=2015, level="local")
    old = case.versions.order_by("-number").first()
    before = public_record(case)
    services.innovation_edit(
        innovation=case,
        data={
            "title": "Changed",
            "summary": "Another summary.",
            "year_launched": None,
            "level": "",
            "sectors": Sector.objects.exclude(slug="health")[:2],
            "approaches": [],
            "countries": ["US"],
        },
        parts={"coproduction": {"kind": "substitution", "stage": ["delivery", "planning"]}},
        actor=moderator,
    )
    assert public_record(case) != before
    assert_true()
    services.innovation_revert(innovation=case, version=old, actor=moderator)
    assert public_record(case) == before
    assert CoproductionProfile.objects.get(innovation=case).reasons.get() == reason
    assert_true()
    edit = case.edits.latest("at", "pk")
    assert edit.event == CaseEdit.Event.REVERT and "version" in edit.note
    latest = case.versions.order_by("-number").first()
    assert latest.record == before and latest.actor == moderator


def test_reverting_to_a_version_without_profile_removes_it(moderator):
    case = make_case()
    first = case.versions.order_by("-number").first()
    services.innovation_edit(innovation=case, data={}, parts=PROFILE, actor=moderator)
    assert CoproductionProfile.objects.filter(innovation=case).exists()
    services.innovation_revert(innovation=case, version=first, actor=moderator)
    assert not CoproductionProfile.objects.filter(innovation=case).exists()
    assert_true()


def test_a_version_of_another_case_cannot_be_reverted_to(moderator):
    case, other = make_case(), make_case()
    with pytest.raises(CaseVersion.DoesNotExist):
        services.innovation_revert(innovation=case, version=other.versions.first(), actor=moderator)


def test_an_import_records_its_versions():
    data = {
        "slug": "imported-case",
        "title": "Imported",
        "summary": "S.",
        "description": "D.",
        "source_url": "https://example.org/i",
        "sectors": Sector.objects.filter(slug="health"),
        "countries": ["FR"],
    }
    case, created = services.innovation_import(data=data)
    assert created and case.versions.get().state == State.PUBLISHED
    services.innovation_import(data={**data, "title": "Imported again"})
    latest = case.versions.order_by("-number").first()
    assert latest.fields == ["title"] and latest.actor_label == "Import"
    assert case.edits.get().event == CaseEdit.Event.IMPORT


def test_a_case_from_before_history_gets_a_baseline_at_its_first_edit(moderator):
    case = make_case()
    CaseVersion.objects.filter(innovation=case)._raw_delete(CaseVersion.objects.db)
    services.innovation_edit(innovation=case, data={"title": "After"}, actor=moderator)
    baseline, edit = case.versions.order_by("number")
    assert baseline.record["title"] != "After" and edit.record["title"] == "After"
    assert edit.fields == ["title"]


def test_versions_cannot_be_edited_or_deleted():
    version = make_case().versions.first()
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        version.delete()
