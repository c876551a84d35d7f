"""The co-production app's hooks into `innovations.registry`: its case part (save,
from_record, export, columns, index_text), its case-page section, its facet groups and
its form section; and `innovations` never imports it."""

import ast
from pathlib import Path

import pytest

from coproduction import forms, parts
from coproduction.models import DIMENSIONS, CoproductionProfile, Reason
from innovations import services
from innovations.importing import RecordError
from innovations.registry import case_page, case_parts, facet_groups, submission_sections
from tests.factories import PROFILE, make_case

pytestmark = pytest.mark.django_db

INNOVATIONS = Path(__file__).resolve().parents[2] / "innovations"


def test_the_part_is_registered_with_every_hook():
    part = case_parts["coproduction"]
    assert part.save is parts.save and part.from_record is parts.from_record
    assert part.export is parts.export and part.columns is parts.columns
    assert part.index_text is parts.index_text


def test_the_case_page_prefetches_and_shows_the_profile(client):
    assert "coproduction" in case_page.prefetches
    assert "coproduction/profile_section.html" in case_page.sections
    case = make_case(parts=PROFILE)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Addition to professional work" in html
    assert "Fewer complaints." in html


def test_the_form_section_is_registered_and_builds_the_profiles_form():
    (section,) = [s for s in submission_sections if s.prefix == "coproduction"]
    assert section.build is forms.build
    case = make_case(parts=PROFILE)
    form = section.build(innovation=case)
    assert form.initial["kind"] == "addition"
    assert form.initial["stage"] == ["design", "delivery"]
    assert section.build().initial == {}


def test_one_facet_group_per_dimension_and_term_list():
    keys = [g.key for g in facet_groups if g.key.startswith("cp_")]
    assert keys == [
        *(f"cp_{d.name}" for d in DIMENSIONS),
        "cp_reason",
        "cp_hindering",
        "cp_enhancing",
    ]


def test_an_export_reads_back_as_the_same_profile():
    case = make_case(parts=PROFILE)
    exported = parts.export([case.pk])[case.pk]
    data = parts.from_record({"coproduction": exported})
    with services.writing("test: the part's own save, which the services call"):
        assert parts.save(case, data) == []


def test_a_record_with_a_value_outside_the_study_is_refused():
    with pytest.raises(RecordError):
        parts.from_record({"coproduction": {"kind": "takeover"}})
    with pytest.raises(RecordError):
        parts.from_record({"coproduction": {"reasons": ["no-such-reason"]}})
    assert parts.from_record({}) is None


def test_the_columns_are_named_after_the_part_and_carry_the_terms():
    columns = {c.name: c for c in parts.columns()}
    assert "coproduction_kind" in columns and "coproduction_stages" in columns
    assert columns["coproduction_stages"].multiple
    assert ("reduce-costs", "Reduce costs") in columns["coproduction_reasons"].values
    assert parts.columns(False)[-1].values == []


def test_the_index_text_holds_the_terms_in_english_and_french():
    reason = Reason.objects.get(slug="reduce-costs")
    case = make_case(parts={"coproduction": {"reasons": [reason]}})
    text = parts.index_text([case.pk])[case.pk]
    assert reason.name in text and reason.name_fr in text


def test_innovations_never_imports_coproduction():
    found = []
    for path in INNOVATIONS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coproduction"):
                found.append(str(path))
            elif isinstance(node, ast.Import):
                found += [str(path) for a in node.names if a.name.startswith("coproduction")]
    assert found == []


def test_a_deleted_case_takes_its_profile_with_it():
    from innovations import services

    case = make_case(parts=PROFILE)
    services.innovation_delete(innovation=case, actor=None)
    assert not CoproductionProfile.objects.exists()
