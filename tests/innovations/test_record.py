"""The case record (`innovations.record`): every field it declares flows through the
form, versions, exports, the API and the codebook; what a case's doors read is the
record; labels come from the model; the form's year and the language list are read
when used."""

import json
from dataclasses import fields

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.text import capfirst

from innovations import quality, services, versions
from innovations import record as case_record
from innovations.forms import ModerationForm, SubmissionForm, SuggestionForm
from innovations.models import Innovation
from innovations.models import languages as innovation_model
from innovations.opendata import codebook
from innovations.record import CONTENT_FIELDS, FIELDS, PROVENANCE_FIELDS, CaseRecord
from innovations.translations import TRANSLATED
from opsi.api import schemas
from tests.factories import make_case

pytestmark = pytest.mark.django_db

PROFILE = {
    "coproduction": {
        "kind": "addition",
        "initiative": "prompted",
        "stage": ["design"],
        "tool": ["ict"],
        "impact_evidence": "Fewer complaints.",
    }
}


def _full_case():
    return make_case(
        title="Open budget portal",
        sectors=("general-public-services", "health"),
        countries=("FR", "DK"),
        parts=PROFILE,
        innovative="New.",
        results="Better.",
        challenges="Hard.",
        website_url="https://example.org/site",
        level="national",
        lead_organisation="Ministry",
        partners="Others",
        year_launched=2012,
        status="scaled",
        language="fr",
        text_language="en",
        translations={"fr": {"title": "Portail du budget ouvert", "summary": "En bref."}},
        source_dataset="jrc",
        source_record_id="42",
        source_licence="EUPL-1.2",
        source_attribution="JRC",
    )


def test_record_declares_every_content_and_provenance_field_of_the_model():
    for name in FIELDS:
        Innovation._meta.get_field(name)  # raises if the model has no such field
    assert [*CONTENT_FIELDS, *PROVENANCE_FIELDS] == FIELDS
    assert "contributor_email" not in {f.name for f in fields(CaseRecord)}


def test_every_content_field_is_in_the_forms_labelled_by_the_model():
    # Translations are edited one language at a time, by fields of their own.
    one_translation = {f"translation_{name}" for name in ["language", *TRANSLATED]}
    for form in (SubmissionForm(), ModerationForm()):
        for name in set(CONTENT_FIELDS) - {"translations"}:
            model_field = Innovation._meta.get_field(name)
            assert form.fields[name].label == capfirst(model_field.verbose_name), name
            assert form.fields[name].help_text == model_field.help_text, name
        assert one_translation <= set(form.fields)
    suggestion = SuggestionForm()
    left_out = {"language", "text_language", "translations"}
    assert set(CONTENT_FIELDS) - set(suggestion.fields) == left_out
    assert one_translation <= set(suggestion.fields)


def test_every_field_is_in_a_version():
    case = _full_case()
    saved = case.versions.order_by("-number").first().record
    assert set(FIELDS) <= set(saved)
    assert saved == versions.record(case) == case_record.read(case).as_version()


def test_every_field_is_in_the_exports_with_the_records_values(client):
    case = _full_case()
    record = case_record.read(case)
    body = b"".join(client.get(reverse("innovations:export-json")).streaming_content)
    (exported,) = json.loads(body)
    for name in FIELDS:
        assert exported[name] == getattr(record, name), name
    assert exported["sectors"] == record.sectors == ["general-public-services", "health"]
    assert exported["countries"] == record.countries == ["DK", "FR"]
    assert exported["coproduction_kind"] == "addition"


def test_every_field_is_in_the_api_with_the_records_values(client):
    case = _full_case()
    record = case_record.read(case)
    body = client.get(f"/api/v1/cases/{case.slug}").json()
    for name in FIELDS:
        assert body[name] == getattr(record, name), name
    assert set(FIELDS) <= set(schemas.Case.model_fields)


def test_every_field_is_in_the_codebook(client):
    names = {column.name for column in codebook.columns(values=False)}
    assert set(FIELDS) <= names
    page = client.get(reverse("innovations:codebook")).content.decode()
    for name in FIELDS:
        assert f'id="column-{name}"' in page, name


def test_a_version_gives_the_same_record_back_through_the_services():
    case = _full_case()
    before = case_record.read(case)
    services.innovation_edit(
        innovation=case,
        data={"title": "Renamed", "year_launched": 2013, "countries": ["KE"]},
        parts={"coproduction": None},
        actor=None,
    )
    data, parts = CaseRecord.from_dict(before.as_version()).service_input(strict=False)
    services.innovation_edit(innovation=case, data=data, parts=parts, actor=None)
    after = case_record.read(case)
    assert after.as_version() == before.as_version()


def test_an_import_record_with_an_unknown_tag_is_refused():
    record = CaseRecord.from_dict({"slug": "x", "title": "X", "sectors": ["no-such-sector"]})
    with pytest.raises(case_record.RecordError):
        record.service_input()
    data, _parts = record.service_input(strict=False)
    assert data["sectors"] == []


def test_reading_many_records_takes_a_constant_number_of_queries(django_assert_num_queries):
    ids = [_full_case().pk, make_case().pk, make_case(parts=PROFILE).pk]
    with django_assert_num_queries(9):  # fields, 3 tag lists, countries, 4 for the profile
        found = case_record.read_many(ids)
    assert set(found) == set(ids)


def test_missing_fields_are_named_by_the_models_verbose_names():
    case = Innovation.objects.for_detail().get(pk=make_case().pk)
    missing = quality.completeness(case).missing
    assert str(Innovation._meta.get_field("lead_organisation").verbose_name) in missing
    assert str(Innovation._meta.get_field("year_launched").verbose_name) in missing


def test_the_latest_year_is_read_when_the_form_is_made(monkeypatch):
    from datetime import date

    form = SubmissionForm(submitting=False)
    assert form.fields["year_launched"].max_value == date.today().year + 1
    monkeypatch.setattr("innovations.forms.timezone.localdate", lambda: date(2101, 1, 1))
    later = SubmissionForm({"year_launched": "2102"}, submitting=False)
    assert later.fields["year_launched"].max_value == 2102
    assert "year_launched" not in later.errors
    too_late = SubmissionForm({"year_launched": "2103"}, submitting=False)
    assert "year_launched" in too_late.errors


def test_a_new_language_needs_no_migration(monkeypatch):
    languages = [*innovation_model.LANGUAGES, ("zz", "Test language")]
    monkeypatch.setattr(innovation_model, "LANGUAGES", languages)
    form = SubmissionForm({"language": "zz"}, submitting=False)
    assert "zz" in dict(form.fields["language"].choices)
    assert "language" not in form.errors
    call_command("makemigrations", "innovations", check=True, dry_run=True, verbosity=0)


def test_every_content_field_is_in_the_admins_form(admin_client):
    case = make_case()
    page = admin_client.get(reverse("admin:innovations_innovation_change", args=[case.pk]))
    html = page.content.decode()
    for name in CONTENT_FIELDS:
        assert f'name="{name}"' in html, name
