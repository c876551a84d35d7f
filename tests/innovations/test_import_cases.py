"""`manage.py import_cases`: the peers' data sets and our own exports, through the
services, idempotent, every rejected or changed row reported with its reason."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from innovations.models import CaseEdit, Innovation, StateChange
from innovations.opendata import importer
from tests.opendata import _jrc_file, _jrc_row

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
JRC_SAMPLE = FIXTURES / "sample_jrc_ipsx.csv"
PARTICIPEDIA_SAMPLE = FIXTURES / "sample_participedia.csv"


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as file:
        return sum(1 for _row in csv.DictReader(file))


def _import(path: Path, fmt: str, *args) -> str:
    out = io.StringIO()
    call_command(
        "import_cases", str(path), "--format", fmt, *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def test_jrc_sample_enters_the_moderation_queue_with_its_provenance():
    report = importer.run(JRC_SAMPLE, "jrc")
    held = report.outcomes["held"]
    assert report.accepted + report.outcomes["rejected"] + held == report.rows == _rows(JRC_SAMPLE)
    assert report.outcomes["created"] == report.accepted > 0
    cases = Innovation.objects.filter(source_dataset="jrc")
    assert cases.count() == report.accepted + held
    assert set(cases.values_list("state", flat=True)) == {Innovation.State.SUBMITTED}
    assert not Innovation.objects.published().exists()
    case = cases.get(source_record_id="10000")
    assert case.source_licence == "EUPL-1.2"
    assert "Joint Research Centre" in case.source_attribution
    assert [s.slug for s in case.sectors.all()] and case.summary and case.level


def test_importing_the_same_file_twice_changes_nothing():
    importer.run(JRC_SAMPLE, "jrc")
    edits, changes = CaseEdit.objects.count(), StateChange.objects.count()
    stamps = dict(Innovation.objects.values_list("pk", "updated_at"))
    again = importer.run(JRC_SAMPLE, "jrc")
    assert again.outcomes["unchanged"] == again.accepted and again.outcomes["created"] == 0
    assert (CaseEdit.objects.count(), StateChange.objects.count()) == (edits, changes)
    assert dict(Innovation.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_row_updates_its_case_with_a_logged_edit(tmp_path):
    importer.run(_jrc_file(tmp_path, [_jrc_row("1"), _jrc_row("2")]), "jrc")
    changed = _jrc_row("2", description="A new description of the chatbot.", status="Implemented")
    report = importer.run(_jrc_file(tmp_path, [_jrc_row("1"), changed]), "jrc")
    assert (report.outcomes["unchanged"], report.outcomes["updated"]) == (1, 1)
    case = Innovation.objects.get(source_record_id="2")
    assert case.description.startswith("A new description") and case.status == "implemented"
    edit = CaseEdit.objects.get(innovation=case)
    assert "description" in edit.fields and "status" in edit.fields
    assert [line["outcome"] for line in report.lines] == ["updated"]


def test_dirty_values_are_cleaned_or_reported_never_lost(tmp_path):
    rows = [
        _jrc_row("1", url="\xa0https://example.org/one", name="  Spaced title "),
        _jrc_row("2", url="not a url at all"),
        _jrc_row("3", name="   "),
        _jrc_row("3", name="Same id again"),
        _jrc_row("4", geocoverage="Atlantis", geocoverage_codes="ZZ"),
        _jrc_row("5", url="https://a.example.org/x https://b.example.org/y"),
        _jrc_row("", name="No id"),
    ]
    report = importer.run(_jrc_file(tmp_path, rows), "jrc")
    assert report.rows == 7 and report.accepted + report.outcomes["rejected"] == 7
    # The second "3" is taken: the first was rejected (no title) before its id counted.
    assert dict(report.rejected) == {"no_title": 1, "no_id": 1}
    one = Innovation.objects.get(source_record_id="1")
    assert one.title == "Spaced title" and one.source_url == "https://example.org/one"
    two = Innovation.objects.get(source_record_id="2")
    assert "not a url at all" in two.description and report.cleaned["bad_url"] == 1
    four = Innovation.objects.get(source_record_id="4")
    assert four.countries == [] and "Atlantis" in four.description
    five = Innovation.objects.get(source_record_id="5")
    assert five.source_url == "https://a.example.org/x" and "b.example.org" in five.description
    reasons = {(line["source_record_id"], line["reason"]) for line in report.lines}
    assert {("2", "bad_url"), ("4", "unknown_country"), ("5", "several_urls")} <= reasons


def test_a_duplicate_id_is_rejected_after_the_first(tmp_path):
    rows = [_jrc_row("7"), _jrc_row("7", name="Second with the same id")]
    report = importer.run(_jrc_file(tmp_path, rows), "jrc")
    assert dict(report.rejected) == {"duplicate_id": 1} and report.outcomes["created"] == 1
    assert Innovation.objects.get(source_record_id="7").title == "Case 7"


def test_dry_run_writes_nothing_but_reports_everything():
    out = _import(JRC_SAMPLE, "jrc", "--dry-run")
    assert not Innovation.objects.exists() and not StateChange.objects.exists()
    assert f"Rows read: {_rows(JRC_SAMPLE)}" in out and "Dry run" in out


def test_report_file_lists_every_rejected_or_changed_row(tmp_path):
    path = tmp_path / "report.csv"
    out = _import(PARTICIPEDIA_SAMPLE, "participedia", "--report", str(path))
    lines = list(csv.DictReader(path.open(encoding="utf-8")))
    rejected = [line for line in lines if line["outcome"] == "rejected"]
    assert rejected and all(line["reason"] == "no_description" for line in rejected)
    assert f"no_description: {len(rejected)}" in out
    assert Innovation.objects.count() == _rows(PARTICIPEDIA_SAMPLE) - len(rejected)


def test_participedia_countries_in_other_languages_are_mapped():
    importer.run(PARTICIPEDIA_SAMPLE, "participedia")
    codes = {str(c) for case in Innovation.objects.all() for c in case.countries}
    assert {"IT", "CN", "DE", "US", "GB", "CZ"} <= codes
    case = Innovation.objects.filter(source_dataset="participedia").first()
    assert case.title[0].isupper() and case.source_licence == "CC-BY-NC-SA-3.0"
    assert case.source_url.startswith("https://participedia.net/case/")


def test_publish_as_a_moderator_logs_the_publication(moderator, tmp_path):
    _import(_jrc_file(tmp_path, [_jrc_row("1")]), "jrc", "--publish", "--as", moderator.username)
    case = Innovation.objects.published().get(source_record_id="1")
    change = StateChange.objects.get(innovation=case)
    assert change.actor == moderator and change.to_state == Innovation.State.PUBLISHED


def test_publish_needs_a_moderator(django_user_model, tmp_path):
    path = _jrc_file(tmp_path, [_jrc_row("1")])
    with pytest.raises(CommandError):
        _import(path, "jrc", "--publish")
    django_user_model.objects.create_user("visitor", password="pw")
    with pytest.raises(CommandError):
        _import(path, "jrc", "--publish", "--as", "visitor")
    assert not Innovation.objects.exists()


def test_a_reimport_keeps_a_moderators_decision(moderator, tmp_path):
    path = _jrc_file(tmp_path, [_jrc_row("1")])
    importer.run(path, "jrc")
    from innovations import services

    case = Innovation.objects.get()
    services.innovation_reject(innovation=case, actor=moderator, note="Out of scope.")
    importer.run(path, "jrc", publish=True, actor=moderator)
    assert Innovation.objects.get().state == Innovation.State.REJECTED


def test_unreadable_lines_of_json_lines_are_rejected(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text('{"slug": "x"\n[1, 2]\n', encoding="utf-8")
    report = importer.run(path, "jsonl")
    assert report.rows == 2 and dict(report.rejected) == {"unreadable": 2}


CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"
FULL = [
    ("ipsx_jrc_innovative_public_services_2022.csv", "jrc"),
    ("participedia_cases_joined_2258.csv", "participedia"),
]


@pytest.mark.skipif(not CORPORA.is_dir(), reason="the real corpora are not beside the project")
@pytest.mark.parametrize(("name", "fmt"), FULL)
def test_full_corpus_every_row_is_accepted_or_rejected(name, fmt):
    path = CORPORA / name
    report = importer.run(path, fmt)
    assert report.rows == _rows(path)
    # Every row is accepted, rejected or held for review as a likely duplicate.
    held = report.outcomes["held"]
    assert report.accepted + report.outcomes["rejected"] + held == report.rows
    assert Innovation.objects.filter(source_dataset=fmt).count() == report.accepted + held
    assert sum(report.rejected.values()) == report.outcomes["rejected"]
    assert sum(report.held.values()) == held


def test_hostile_json_lines_are_reported_never_a_crash(tmp_path):
    import json

    base = {"summary": "S.", "description": "D.", "source_url": "https://example.org/x"}
    records = [
        {
            **base,
            "slug": "a-case",
            "title": "A case",
            "countries": "fr; BE",
            "sectors": ["health"],
            "published_at": "2020-01-02T03:04:05",
        },
        {"title": {"nested": 1}, "summary": [], "coproduction_stages": {"x": 1}},
        {**base, "title": "Bad sector", "sectors": ["nope"]},
        {**base, "title": "Bad level", "level": "galactic"},
        {**base, "title": "No summary", "summary": ""},
        {**base, "title": "Bad country", "countries": ["XX"]},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    report = importer.run(path, "jsonl")
    assert report.rows == 6 and report.outcomes["created"] == 1
    assert dict(report.rejected) == {"invalid": 3, "unknown_term": 1, "unknown_country": 1}
    case = Innovation.objects.get(slug="a-case")
    assert [c.code for c in case.countries] == ["BE", "FR"]
    assert case.state == Innovation.State.SUBMITTED
