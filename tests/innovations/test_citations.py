"""Citations for reference managers: BibTeX, RIS and CSL-JSON downloads, the page's
embedded citation metadata, and the "How to cite" text in every state."""

import json
import re

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovations import services
from innovations.models import Innovation
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State

TRICKY = "R&D {at 50%} for $5 #1: a_b ~ ^ \\ “quoted” São Paulo"


def _download(client, case, fmt):
    return client.get(reverse("innovations:cite", args=[case.slug, fmt]))


def _render_csl(items) -> str:
    """The bibliography citeproc-py renders from CSL-JSON, in the Harvard style."""
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(entry) for entry in bibliography.bibliography())


def test_bibtex_of_a_published_case_parses(client):
    case = make_case(title=TRICKY, lead_organisation="Ministry of Justice & Peace")
    response = _download(client, case, "bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{case.slug}.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == case.slug
    assert entry["author"] == r"{Ministry of Justice \& Peace}"
    assert entry["year"] == str(case.published_at.year)
    assert entry["url"] == f"http://testserver/cases/{case.slug}/"
    assert entry["urldate"] == timezone.localdate().isoformat()
    assert entry["title"].count("{") == entry["title"].count("}")
    assert r"\%" in entry["title"] and r"\&" in entry["title"]


def test_ris_of_a_published_case_reads(client):
    case = make_case(title=TRICKY, summary="Two lines.\nSecond line.")
    response = _download(client, case, "ris")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    (record,) = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == TRICKY
    assert record["authors"] == ["OPSI catalogue contributors"]
    assert record["urls"] == [f"http://testserver/cases/{case.slug}/"]
    assert record["abstract"] == "Two lines. Second line."
    assert record["access_date"] == timezone.localdate().strftime("%Y/%m/%d")
    assert "Health" in record["keywords"]


def test_csl_json_of_a_published_case_renders_with_citeproc(client):
    case = make_case(title="Health Buddy", lead_organisation="NHS Scotland")
    response = _download(client, case, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    assert items[0]["type"] == "webpage"
    assert items[0]["author"] == [{"literal": "NHS Scotland"}]
    text = _render_csl(items)
    assert "NHS Scotland" in text and "Health Buddy" in text
    assert str(case.published_at.year) in text


@pytest.mark.filterwarnings("ignore:Unsupported BibTeX field")
def test_bibtex_renders_with_citeproc_too(client, tmp_path):
    from citeproc.source.bibtex import BibTeX

    case = make_case(title="Mulheres da Paz", lead_organisation="Ministry of Justice")
    path = tmp_path / "case.bib"
    path.write_bytes(_download(client, case, "bib").content)
    source = BibTeX(str(path), encoding="utf-8")
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(case.slug)]))
    text = str(bibliography.bibliography()[0])
    assert "Mulheres da Paz" in text


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.REJECTED, State.UNPUBLISHED],
)
@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_a_case_that_is_not_published_has_no_citation(client, state, fmt):
    case = make_case(state=state)
    assert _download(client, case, fmt).status_code == 404


def test_an_unknown_format_is_not_found(client):
    case = make_case()
    assert _download(client, case, "docx").status_code == 404


def test_the_case_page_links_every_format_and_embeds_highwire_tags(client):
    case = make_case(title="Health Buddy", lead_organisation="NHS Scotland")
    html = client.get(case.get_absolute_url()).content.decode()
    for fmt in ("bib", "ris", "json"):
        assert f'href="/cases/{case.slug}/cite.{fmt}"' in html
    assert '<meta name="citation_title" content="Health Buddy">' in html
    assert '<meta name="citation_author" content="NHS Scotland">' in html
    published = case.published_at.strftime("%Y/%m/%d")
    assert f'<meta name="citation_publication_date" content="{published}">' in html
    assert '<meta name="citation_publisher" content="OPSI catalogue">' in html
    assert f'<meta name="DC.identifier" content="http://testserver/cases/{case.slug}/">' in html


def test_the_french_page_links_the_french_address(client):
    case = make_case()
    html = client.get(f"/fr/cases/{case.slug}/").content.decode()
    assert f'href="/fr/cases/{case.slug}/cite.bib"' in html
    url = f"http://testserver/fr/cases/{case.slug}/"
    assert f'<meta name="citation_public_url" content="{url}">' in html


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_json_ld_gives_the_texts_language_not_the_initiatives(client):
    case = make_case(language="da")
    data = _json_ld(client.get(case.get_absolute_url()).content.decode())
    assert data["inLanguage"] == "en"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_json_ld_gives_an_imported_texts_own_licence(client):
    case = make_case(
        source_dataset="participedia",
        source_record_id="42",
        source_licence="CC-BY-NC-SA-3.0",
        source_attribution="Participedia",
    )
    data = _json_ld(client.get(case.get_absolute_url()).content.decode())
    assert data["license"] == "https://creativecommons.org/licenses/by-nc-sa/3.0/"


def _cite_text(html: str) -> str:
    section = re.search(r'<section class="cite".*?</section>', html, re.S).group()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))


@pytest.mark.parametrize("page", ["moderation:preview", "moderation:review"])
def test_the_moderators_preview_cites_with_the_date_accessed(client, moderator, page):
    case = make_case(state=State.SUBMITTED)
    sign_in(client, moderator)
    html = client.get(reverse(page, args=[case.pk])).content.decode()
    today = timezone.localdate()
    text = _cite_text(html)
    assert f"(accessed {today.day} {today:%B} {today.year})" in text
    assert f"http://testserver/cases/{case.slug}/" in text
    assert "cite.bib" not in html  # no download for a case that is not public
    assert "citation_title" not in html


def test_the_contributors_preview_cites_with_the_date_accessed(client):
    case = make_case(state=State.DRAFT)
    url = reverse("innovations:submit-preview", args=[services.status_token(case)])
    html = client.get(url).content.decode()
    assert f"(accessed {timezone.localdate().day} " in _cite_text(html)


def test_a_citation_costs_a_constant_number_of_queries(client):
    few = make_case(sectors=("health",), factors=())
    many = make_case(
        sectors=("health", "education", "social-protection"),
        factors=("partnerships", "user-involvement", "online-technologies"),
    )
    counts = []
    for case in (few, many):
        _download(client, case, "bib")
        with CaptureQueriesContext(connection) as queries:
            assert _download(client, case, "bib").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
