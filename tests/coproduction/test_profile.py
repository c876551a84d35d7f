"""The co-production profile: written with its case through the services, read back the
same way by versions, exports and the API, refused by the database when a value is not
one of the study's, and removed when emptied."""

import pytest
from django.db import IntegrityError, transaction

from coproduction import parts
from coproduction.models import DIMENSIONS, CoproductionProfile, Reason
from innovations import record as case_record
from innovations import services
from tests.factories import PROFILE, make_case

pytestmark = pytest.mark.django_db

DIMENSION = {d.name: d for d in DIMENSIONS}


def test_a_case_written_with_a_profile_has_it():
    case = make_case(parts=PROFILE)
    profile = CoproductionProfile.objects.get(innovation=case)
    assert profile.kind == "addition"
    assert profile.values(DIMENSION["stage"]) == ["design", "delivery"]
    assert profile.values(DIMENSION["tool"]) == ["ict"]
    assert profile.impact_evidence == "Fewer complaints."
    assert str(profile) == f"Co-production profile of {case.title}"


def test_the_profile_is_part_of_the_case_record():
    case = make_case(parts=PROFILE)
    saved = case_record.read(case).parts["coproduction"]
    assert saved["kind"] == "addition"
    assert saved["stages"] == ["design", "delivery"]
    assert saved["reasons"] == []
    assert case_record.read(make_case()).parts["coproduction"] is None


def test_an_edit_of_one_dimension_changes_only_it():
    case = make_case(parts=PROFILE)
    reason = Reason.objects.get(slug="reduce-costs")
    data = {**PROFILE["coproduction"], "kind": "substitution", "reasons": [reason]}
    services.innovation_edit(innovation=case, data={}, parts={"coproduction": data}, actor=None)
    profile = CoproductionProfile.objects.get(innovation=case)
    assert profile.kind == "substitution"
    assert profile.values(DIMENSION["stage"]) == ["design", "delivery"]
    assert list(profile.reasons.values_list("slug", flat=True)) == ["reduce-costs"]


def test_saving_the_same_profile_again_changes_nothing():
    case = make_case(parts=PROFILE)
    with services.writing("test: the part's own save, which the services call"):
        assert parts.save(case, PROFILE["coproduction"]) == []


def test_an_empty_profile_removes_it():
    case = make_case(parts=PROFILE)
    services.innovation_edit(innovation=case, data={}, parts={"coproduction": {}}, actor=None)
    assert not CoproductionProfile.objects.filter(innovation=case).exists()


def test_the_database_refuses_a_value_outside_the_study():
    case = make_case(parts=PROFILE)
    for dimension in DIMENSIONS:
        if dimension.multiple:
            continue
        refused = pytest.raises(IntegrityError)
        with refused, transaction.atomic(), services.writing("test: a write no door makes"):
            CoproductionProfile.objects.filter(innovation=case).update(**{dimension.name: "x"})


def test_rows_give_every_dimension_with_its_chosen_labels():
    profile = CoproductionProfile.objects.get(innovation=make_case(parts=PROFILE))
    rows = {row["dimension"].name: row["labels"] for row in profile.rows()}
    assert list(rows) == [d.name for d in DIMENSIONS]
    assert rows["kind"] == ["Addition to professional work"]
    assert rows["risk"] == []
