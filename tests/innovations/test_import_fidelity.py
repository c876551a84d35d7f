"""What the importers put into the cases, checked field by field against hand-checked
rows of the corpus samples in fixtures/ (issue 18): the level of government from who
leads the case, no data set's page as a source, no tag whose only evidence is the data
set's theme, the peers' own terms kept, Participedia's titles re-cased, repeated rows
held for review, and a re-import that publishes what is still waiting."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from innovations import duplicates, services
from innovations.models import Innovation
from innovations.opendata import casing, importer
from innovations.opendata.mapping import JRC
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
JRC_SAMPLE = FIXTURES / "sample_jrc_ipsx.csv"
PARTICIPEDIA_SAMPLE = FIXTURES / "sample_participedia.csv"
State = Innovation.State


def _case(dataset: str, record_id: str) -> Innovation:
    return Innovation.objects.get(source_dataset=dataset, source_record_id=record_id)


def _reasons(report, record_id: str) -> set[str]:
    return {line["reason"] for line in report.lines if line["source_record_id"] == record_id}


# -- level of government: who leads, not the service's extent --------------------------


@pytest.mark.parametrize(
    ("record_id", "level"),
    [
        ("10000", "national"),  # Central-Government, National
        ("10013", "national"),  # Central-Government, geoextent Regional
        ("10003", "local"),  # Local Government, geoextent Regional
        ("10005", "local"),  # Local Government, geoextent Regional
        ("10002", ""),  # Private sector
        ("10004", ""),  # Private sector, geoextent Local
        ("10017", ""),  # "Governmental": no level said
    ],
)
def test_jrc_level_is_who_leads_the_case(record_id, level):
    importer.run(JRC_SAMPLE, "jrc")
    assert _case("jrc", record_id).level == level


def test_a_jrc_row_without_a_level_is_reported():
    report = importer.run(JRC_SAMPLE, "jrc")
    assert "no_level" in _reasons(report, "10002")
    assert "no_level" not in _reasons(report, "10000")


# -- sources ---------------------------------------------------------------------------


def test_a_jrc_case_without_a_usable_url_has_no_source():
    report = importer.run(JRC_SAMPLE, "jrc")
    assert _case("jrc", "10008").source_url == ""
    assert "no_url" in _reasons(report, "10008")
    assert not Innovation.objects.filter(source_url=JRC.url).exists()


def test_row_10349_keeps_the_url_that_stands_on_its_own():
    report = importer.run(JRC_SAMPLE, "jrc")
    case = _case("jrc", "10349")
    assert case.source_url == (
        "https://www.nissewaard.nl/werk-en-inkomen/werk-en-inkomen_to/"
        "voorspelmodel-bijstandsfraude.htm"
    )
    assert "url_among_words" in _reasons(report, "10349")
    assert "Opgevraagd van" in case.description  # the whole cell is kept in the text


def test_the_first_url_of_a_clean_row_is_its_source():
    importer.run(JRC_SAMPLE, "jrc")
    assert _case("jrc", "10004").source_url == "https://acpaas.digipolis.be/nl/home"


# -- tags and the peers' own terms -----------------------------------------------------


def test_no_jrc_case_is_tagged_online_technologies_for_the_data_sets_theme():
    importer.run(JRC_SAMPLE, "jrc")
    cases = Innovation.objects.filter(source_dataset="jrc")
    assert not cases.filter(enabling_factors__slug="online-technologies").exists()
    case = _case("jrc", "10000")
    assert case.source_terms == {
        "jrc:technology": ["Artificial intelligence"],
        "jrc:service_type": ["Service personalisation (various)"],
    }


def test_participedia_consultation_is_not_user_involvement():
    importer.run(PARTICIPEDIA_SAMPLE, "participedia")
    first = _case("participedia", "1")  # direct, cogovernance, consultation
    assert not first.enabling_factors.exists() and not first.approaches.exists()
    assert first.source_terms["participedia:purposes"] == ["direct", "cogovernance", "consultation"]
    assert first.source_terms["participedia:methods"] == ["deliberative"]
    second = _case("participedia", "2")
    assert second.source_terms["participedia:city"] == ["Minneapolis"]


# -- casing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record_id", "title"),
    [
        ("1", "British Columbia Citizens' Assembly on Electoral Reform"),
        ("2", "Minneapolis Neighborhood Revitalization Program"),
        ("3", "Wenling City Deliberative Poll"),
        ("7425", "Decidim: Participatory Budgeting in Barcelona"),
        ("5008", "Participatory Budgeting in Paris, France"),
    ],
)
def test_participedia_titles_are_recased(record_id, title):
    report = importer.run(PARTICIPEDIA_SAMPLE, "participedia")
    assert _case("participedia", record_id).title == title
    original = [
        line["detail"]
        for line in report.lines
        if line["source_record_id"] == record_id and line["reason"] == "title_recased"
    ]
    assert original == [title.lower()]


def test_casing_takes_acronyms_from_the_rows_own_text():
    text = "the minneapolis neighborhood revitalization program (nrp) was established"
    assert casing.restore("the nrp in minneapolis", [text]).text == "The NRP in Minneapolis"


def test_casing_flags_what_it_cannot_tell_and_leaves_it():
    found = casing.restore("participatory budgeting in greensboro, nc")
    assert found.text == "Participatory Budgeting in Greensboro, nc" and found.unsure == ["nc"]


def test_casing_leaves_a_title_that_has_capitals_alone():
    assert casing.restore("vTaiwan and the g0v community").text == "vTaiwan and the g0v community"


def test_names_keep_the_rows_own_spelling():
    found = casing.restore("town meeting in mcallen", ["", "McAllen", "United States"])
    assert found.text == "Town Meeting in McAllen"


def test_titles_sort_without_their_leading_quotes():
    titles = ["“the auckland plan”", "Zurich", "'Baltimore'", "Aarhus"]
    assert sorted(titles, key=casing.sort_key) == [
        "Aarhus",
        "'Baltimore'",
        "“the auckland plan”",
        "Zurich",
    ]


# -- duplicates ------------------------------------------------------------------------


def test_identical_descriptions_are_held_for_review_even_with_publish(moderator):
    report = importer.run(PARTICIPEDIA_SAMPLE, "participedia", publish=True, actor=moderator)
    assert _case("participedia", "6011").state == State.PUBLISHED
    assert _case("participedia", "6013").state == State.SUBMITTED
    held = [line for line in report.lines if line["reason"] in ("same_text", "same_initiative")]
    assert [(line["source_record_id"], line["reason"]) for line in held] == [("6013", "same_text")]
    assert "6011" in held[0]["detail"]
    assert report.rows == report.accepted + report.outcomes["rejected"] + report.outcomes["held"]


def test_jrc_rows_with_the_same_description_are_held():
    report = importer.run(JRC_SAMPLE, "jrc")
    assert "same_text" in _reasons(report, "10402")
    assert report.held == {"same_text": 1}


def test_rows_that_are_demo_cases_are_held_not_published(moderator):
    call_command("load_demo", stdout=io.StringIO())
    report = importer.run(PARTICIPEDIA_SAMPLE, "participedia", publish=True, actor=moderator)
    for record_id, demo in [
        ("5524", "porto-alegre-participatory-budgeting"),
        ("7425", "decidim-barcelona"),
        ("5008", "paris-participatory-budget"),
        ("6064", "vtaiwan"),
        ("1233", "korea-e-people"),
    ]:
        assert _case("participedia", record_id).state == State.SUBMITTED, record_id
        line = next(
            line
            for line in report.lines
            if line["source_record_id"] == record_id and line["outcome"] == "held"
        )
        assert line["reason"] == "same_initiative" and demo in line["detail"]
    # A city's budget in a country whose national budget is a demo case is another one.
    assert _case("participedia", "5126").state == State.PUBLISHED


def test_a_held_row_stays_held_when_imported_again_with_publish(moderator):
    importer.run(PARTICIPEDIA_SAMPLE, "participedia")
    again = importer.run(PARTICIPEDIA_SAMPLE, "participedia", publish=True, actor=moderator)
    assert _case("participedia", "6013").state == State.SUBMITTED
    assert _case("participedia", "6011").state == State.PUBLISHED
    assert again.outcomes["held"] == 1


def test_the_review_page_flags_every_kind_of_duplicate(client, moderator):
    call_command("load_demo", stdout=io.StringIO())
    importer.run(PARTICIPEDIA_SAMPLE, "participedia")
    same_text = _case("participedia", "6013")
    found = {c.case.source_record_id: c.reasons for c in duplicates.candidates(same_text)}
    assert "same text" in found["6011"]
    demo = Innovation.objects.get(slug="decidim-barcelona")
    row = _case("participedia", "7425")
    assert row.pk in {c.case.pk for c in duplicates.candidates(demo)}
    assert demo.pk in {c.case.pk for c in duplicates.candidates(row)}
    sign_in(client, moderator)
    body = client.get(reverse("moderation:review", args=[row.pk])).content.decode()
    assert demo.title in body and "same initiative" in body


# -- import traps ----------------------------------------------------------------------


def test_a_reimport_with_publish_publishes_what_an_earlier_import_left_waiting(moderator):
    importer.run(JRC_SAMPLE, "jrc")
    report = importer.run(JRC_SAMPLE, "jrc", publish=True, actor=moderator)
    assert _case("jrc", "10000").state == State.PUBLISHED
    assert report.outcomes["published"] == report.accepted > 0
    assert "published" in report.summary()[0]


def test_a_reimport_with_publish_says_why_it_leaves_a_rejected_case(moderator):
    importer.run(JRC_SAMPLE, "jrc")
    case = _case("jrc", "10000")
    services.innovation_reject(innovation=case, actor=moderator, note="Out of scope.")
    report = importer.run(JRC_SAMPLE, "jrc", publish=True, actor=moderator)
    assert _case("jrc", "10000").state == State.REJECTED
    assert "not_published" in _reasons(report, "10000")


def test_load_demo_keeps_a_moderators_edit(moderator):
    call_command("load_demo", stdout=io.StringIO())
    case = Innovation.objects.get(slug="decidim-barcelona")
    services.innovation_edit(
        innovation=case, data={"title": "Decidim (Barcelona)"}, actor=moderator
    )
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Innovation.objects.get(slug="decidim-barcelona").title == "Decidim (Barcelona)"
    assert "kept (changed by a moderator since): decidim-barcelona" in out.getvalue()


def test_load_demo_if_empty_loads_nothing_into_a_catalogue_with_cases():
    importer.run(JRC_SAMPLE, "jrc")
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert not Innovation.objects.filter(source_dataset="").exists()
    assert "not loaded" in out.getvalue()


def test_serve_loads_the_demo_only_into_an_empty_catalogue():
    script = (Path(settings.BASE_DIR) / ".ci" / "dev").read_text(encoding="utf-8")
    assert "manage.py load_demo --if-empty" in script


# -- the data package tells the truth ---------------------------------------------------


def _package_with_row(client, tmp_path, change) -> bool:
    """Whether frictionless accepts the catalogue's package after `change` to a row."""
    import csv as csv_module

    import frictionless

    from tests.opendata import _save_package

    _save_package(client, tmp_path)
    path = tmp_path / "cases.csv"
    rows = list(csv_module.DictReader(path.open(encoding="utf-8", newline="")))
    change(rows[0])
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv_module.DictWriter(file, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return frictionless.validate(tmp_path / "datapackage.json").valid


@pytest.fixture
def imported_catalogue(moderator):
    importer.run(JRC_SAMPLE, "jrc", publish=True, actor=moderator)
    importer.run(PARTICIPEDIA_SAMPLE, "participedia", publish=True, actor=moderator)


@pytest.mark.parametrize(
    ("column", "value"),
    [("sectors", "narnia"), ("countries", "XX"), ("year_launched", "3000"), ("level", "galactic")],
)
def test_frictionless_refuses_a_row_outside_the_vocabularies(
    client, imported_catalogue, tmp_path, column, value
):
    assert _package_with_row(client, tmp_path, lambda row: None)
    assert not _package_with_row(client, tmp_path, lambda row: row.update({column: value}))


def test_data_package_names_every_licence_with_its_attribution(client):
    package = client.get(reverse("innovations:datapackage")).json()
    names = [licence["name"] for licence in package["licenses"]]
    assert names == ["CC-BY-4.0", "EUPL-1.2", "CC-BY-NC-SA-3.0"]
    assert "Joint Research Centre" in package["licenses"][1]["title"]
    cases = package["resources"][0]
    assert cases["licenses"] == package["licenses"]
    fields = {field["name"]: field for field in cases["schema"]["fields"]}
    assert fields["year_launched"]["constraints"] == {"minimum": 1900, "maximum": 2100}
    assert "pattern" in fields["sectors"]["constraints"]
    assert "pattern" in fields["countries"]["constraints"]


def test_source_terms_are_exported_and_come_back_through_an_import(client, moderator, tmp_path):
    import json

    importer.run(JRC_SAMPLE, "jrc", publish=True, actor=moderator)
    response = client.get(reverse("innovations:data-cases", args=["jsonl"]))
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = {json.loads(line)["source_record_id"]: json.loads(line) for line in lines}
    assert records["10000"]["source_terms"]["jrc:technology"] == ["Artificial intelligence"]
    csv_body = b"".join(
        client.get(reverse("innovations:data-cases", args=["csv"])).streaming_content
    ).decode()
    assert '""jrc:technology"": [""Artificial intelligence""]' in csv_body
    path = tmp_path / "cases.csv"
    path.write_text(csv_body, encoding="utf-8")
    with services.writing("test: the terms lost, as by an older export"):
        Innovation.objects.filter(source_record_id="10000").update(source_terms={})
    importer.run(path, "csv")
    assert _case("jrc", "10000").source_terms["jrc:technology"] == ["Artificial intelligence"]


def test_the_case_page_shows_the_data_set_and_its_terms(client, moderator):
    importer.run(JRC_SAMPLE, "jrc", publish=True, actor=moderator)
    case = _case("jrc", "10008")
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Type of service (JRC)" in body and "Artificial intelligence" in body
    assert JRC.url in body and 'href=""' not in body


@pytest.mark.parametrize(
    "title,names,expected",
    [
        ("eu citizens' dialogue in the hague", ["The Hague", "Netherlands"],
         "EU Citizens' Dialogue in The Hague"),
        ("participatory budgeting in la marsa, tunisia", ["La Marsa", "Tunisia"],
         "Participatory Budgeting in La Marsa, Tunisia"),
        ("commission on the truth for el salvador", ["", "El Salvador"],
         "Commission on the Truth for El Salvador"),
        ("beach plan (forte dei marmi, italy)", ["Forte dei Marmi", "Italy"],
         "Beach Plan (Forte dei Marmi, Italy)"),
        ("empowering lgbtqia+ groups in uganda", ["", "Uganda"],
         "Empowering LGBTQIA+ Groups in Uganda"),
    ],
)  # fmt: skip
def test_casing_spells_the_rows_city_and_country_as_the_row_does(title, names, expected):
    """Found by checking 20 random Participedia rows field by field against the file."""
    assert casing.restore(title, [], names).text == expected
