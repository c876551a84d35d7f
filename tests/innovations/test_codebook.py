"""The codebook page, the whole-catalogue download and its Frictionless data package:
one source (`opendata.codebook`), so that they agree; published cases only."""

import frictionless
import pytest
from django.urls import reverse

from innovations.models import Innovation
from innovations.opendata import codebook, mapping
from tests.factories import make_case
from tests.opendata import _save_package

pytestmark = pytest.mark.django_db

HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]


@pytest.fixture
def catalogue():
    make_case(
        title="Visible case, with a comma",
        year_launched=2015,
        level="local",
        status="pilot",
        language="fr",
        summary="=1+1 is not a formula here.",
        countries=("FR", "BE"),
        parts={"coproduction": {"kind": "addition", "stage": ["design"]}},
    )
    make_case(title="Second visible case", description="Line one.\nLine two, “quoted”.")
    for state in HIDDEN:
        make_case(title=f"Hidden {state} case", state=state)


def test_every_column_has_a_title_a_description_and_a_type():
    for column in codebook.columns():
        assert column.title and column.description, column.name
        assert column.type in {"string", "integer", "datetime", "object"}


def test_table_schema_and_codebook_agree():
    columns = codebook.columns()
    fields = codebook.table_schema()["fields"]
    assert [f["name"] for f in fields] == [c.name for c in columns]
    for field, column in zip(fields, columns, strict=True):
        assert field["title"] == column.title and field["type"] == column.type
        assert field["description"].startswith(column.description)
        if column.values and not column.multiple:
            assert field["constraints"]["enum"] == [v for v, _label in column.values]


def test_codebook_descriptions_come_from_the_models():
    by_name = {c.name: c for c in codebook.columns()}
    field = Innovation._meta.get_field("innovative")
    assert by_name["innovative"].description == str(field.help_text)
    assert by_name["level"].values == [(v, str(label)) for v, label in Innovation.Level.choices]


def test_codebook_page_shows_columns_vocabularies_and_mappings(client):
    body = client.get(reverse("innovations:codebook")).content.decode()
    for column in codebook.columns():
        assert f'id="column-{column.name}"' in body
    assert "General public services" in body and "Prototyping and piloting" in body
    for source in mapping.SOURCES.values():
        assert source.name in body and source.licence in body
    assert "In development" in body and "participatory-design" in body


def test_download_page_links_every_file(client):
    body = client.get(reverse("innovations:data")).content.decode()
    for name in ("cases.csv", "cases.json", "cases.jsonl", "sectors.csv", "datapackage.json"):
        assert name in body
    assert "CC-BY-NC-SA-3.0" in body and "EUPL-1.2" in body


def test_data_package_is_valid_for_frictionless(client, catalogue, tmp_path):
    package = _save_package(client, tmp_path)
    assert [r["name"] for r in package["resources"]] == [
        "cases",
        "sectors",
        "approaches",
        "enabling-factors",
    ]
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_data_package_has_only_published_cases(client, catalogue, tmp_path):
    _save_package(client, tmp_path)
    body = (tmp_path / "cases.csv").read_text(encoding="utf-8")
    assert "Visible case, with a comma" in body and "Hidden" not in body
    for fmt in ("json", "jsonl"):
        response = client.get(reverse("innovations:data-cases", args=[fmt]))
        content = b"".join(response.streaming_content).decode()
        assert "Second visible case" in content and "Hidden" not in content


def test_catalogue_file_ignores_search_parameters_and_unknown_formats(client, catalogue):
    response = client.get(reverse("innovations:data-cases", args=["csv"]), {"q": "second"})
    assert b"Visible case, with a comma" in b"".join(response.streaming_content)
    assert client.get(reverse("innovations:data-cases", args=["xml"])).status_code == 404
    assert client.get("/data/nothing.csv").status_code == 404
