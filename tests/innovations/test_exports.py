"""Exports of any search (CSV, JSON, JSON Lines): every public field with the codebook's
column names, published cases only, formulas neutralised, and a round trip through
`import_cases` that gives the same file back."""

import csv
import io
import json

import pytest
from django.urls import reverse

from coproduction.models import Reason
from innovations import services
from innovations.models import Innovation
from innovations.opendata import codebook, importer
from tests.factories import make_case

pytestmark = pytest.mark.django_db

HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]
URLS = {
    "csv": reverse("innovations:export"),
    "json": reverse("innovations:export-json"),
    "jsonl": reverse("innovations:export-jsonl"),
}


def _body(client, fmt: str, params=None) -> str:
    response = client.get(URLS[fmt], params or {})
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


def _records(client, fmt: str, params=None) -> list[dict]:
    body = _body(client, fmt, params)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body)))
    if fmt == "json":
        return json.loads(body)
    return [json.loads(line) for line in body.splitlines()]


@pytest.fixture
def catalogue():
    reason = Reason.objects.get(slug="reduce-costs")
    make_case(
        title="Visible health case",
        sectors=("health",),
        countries=("DK", "SE"),
        description="The whole description.\n\nWith two paragraphs.",
        results="Fewer waiting days.",
        year_launched=2019,
        level="local",
        source_dataset="jrc",
        source_record_id="10001",
        source_licence="EUPL-1.2",
        source_attribution="European Commission, Joint Research Centre",
        parts={
            "coproduction": {
                "kind": "addition",
                "stage": ["design", "delivery"],
                "impact_evidence": "A survey.",
                "reasons": [reason],
            }
        },
    )
    make_case(title="Visible school case", sectors=("education",))
    for state in HIDDEN:
        make_case(title=f"Hidden {state} case", state=state, sectors=("health",))


@pytest.mark.parametrize("fmt", URLS)
def test_export_has_only_published_cases(client, catalogue, fmt):
    body = _body(client, fmt)
    assert "Visible school case" in body and "Visible health case" in body
    assert "Hidden" not in body


@pytest.mark.parametrize("fmt", URLS)
def test_export_follows_the_search(client, catalogue, fmt):
    records = _records(client, fmt, {"sector": "health"})
    assert [r["title"] for r in records] == ["Visible health case"]
    records = _records(client, fmt, {"q": "school"})
    assert [r["title"] for r in records] == ["Visible school case"]


@pytest.mark.parametrize("fmt", URLS)
def test_export_has_every_column_of_the_codebook(client, catalogue, fmt):
    names = [c.name for c in codebook.columns()]
    records = _records(client, fmt, {"sector": "health"})
    assert list(records[0]) == names
    record = records[0]
    assert record["description"] == "The whole description.\n\nWith two paragraphs."
    assert record["results"] == "Fewer waiting days."
    assert record["source_licence"] == "EUPL-1.2" and record["source_record_id"] == "10001"
    if fmt == "csv":
        assert record["countries"] == "DK; SE"
        assert record["coproduction_stages"] == "design; delivery"
        assert record["year_launched"] == "2019"
    else:
        assert record["countries"] == ["DK", "SE"]
        assert record["coproduction_stages"] == ["design", "delivery"]
        assert record["coproduction_reasons"] == ["reduce-costs"]
        assert record["year_launched"] == 2019
    assert record["coproduction_kind"] == "addition"
    assert record["coproduction_impact_evidence"] == "A survey."


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(client):
    make_case(
        title='=HYPERLINK("https://example.org")',
        summary="@SUM(A1:A2)",
        lead_organisation="+44 ministry",
        partners="-1 partner",
        challenges="\tTabbed",
        results="'quoted already",
    )
    record = _records(client, "csv")[0]
    assert record["title"] == '\'=HYPERLINK("https://example.org")'
    assert record["summary"] == "'@SUM(A1:A2)"
    assert record["lead_organisation"] == "'+44 ministry"
    assert record["partners"] == "'-1 partner"
    assert record["challenges"] == "'\tTabbed"
    assert record["results"] == "''quoted already"
    assert _records(client, "json")[0]["title"] == '=HYPERLINK("https://example.org")'


def test_neutralise_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert codebook.neutralise(start + "1") == "'" + start + "1"
        assert codebook.unneutralise(codebook.neutralise(start + "1")) == start + "1"
    assert codebook.neutralise("plain") == "plain" and codebook.neutralise(3) == 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_round_trip_through_an_empty_catalogue_gives_the_same_file(
    client, catalogue, moderator, tmp_path, fmt
):
    for n in range(3):
        make_case(title=f"Another case {n}", countries=("FR", "BE"), year_launched=2000 + n)
    first = _body(client, fmt)
    for case in Innovation.objects.all():
        services.innovation_delete(innovation=case, actor=moderator)
    path = tmp_path / f"cases.{fmt}"
    path.write_text(first, encoding="utf-8")
    report = importer.run(path, fmt, publish=True, actor=moderator)
    assert report.outcomes["created"] == report.rows == 5
    assert _body(client, fmt) == first


def test_case_page_shows_the_provenance_and_licence_of_an_imported_text(client):
    case = make_case(
        title="Imported case",
        source_dataset="participedia",
        source_record_id="4",
        source_licence="CC-BY-NC-SA-3.0",
        source_attribution="Participedia contributors (participedia.net)",
    )
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Text from Participedia contributors (participedia.net)" in body
    assert "CC-BY-NC-SA-3.0" in body and "#import-participedia" in body
    own = make_case(title="Our own case")
    assert "Source of this text" not in client.get(own.get_absolute_url()).content.decode()
