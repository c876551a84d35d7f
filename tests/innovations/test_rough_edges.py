"""The rough edges a new user met (issue 21), each with its test: the API link after
filtering, the feed's rel="self", French punctuation, the moderators' history and
messages, the French mail, the co-production profile's definitions and links, and the
about pages' attributions."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from innovations import services
from innovations.models import CaseEdit
from tests.factories import make_case, sign_in

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
MULHERES = {
    "kind": "addition",
    "stages": ["delivery"],
    "reasons": ["improve-outcomes"],
    "hindering_factors": ["risk-aversion"],
    "enhancing_factors": ["political-commitment"],
}


def test_the_api_link_is_in_the_results_block_that_filtering_fetches(client):
    make_case(sectors=("health",))
    response = client.get("/cases/?sector=health&q=", headers={"X-Partial": "results"})
    html = response.content.decode()
    assert 'href="/api/v1/cases?sector=health"' in html


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_the_feed_of_a_search_names_itself_with_its_query(client, prefix):
    make_case(sectors=("health",))
    feed = ET.fromstring(client.get(f"{prefix}/cases/feed/?sector=health").content)
    (self_link,) = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == f"http://testserver{prefix}/cases/feed/?sector=health"


def test_the_feed_of_everything_names_itself_without_a_query(client):
    feed = ET.fromstring(client.get("/cases/feed/").content)
    (self_link,) = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://testserver/cases/feed/"


def test_french_chips_put_a_no_break_space_before_the_colon(client):
    make_case(sectors=("health",))
    html = client.get("/fr/cases/?sector=health").content.decode()
    chip = re.search(r'<a class="chip"[^>]*>(.*?)<span', html, re.S).group(1)
    assert "\u00a0:" in chip and " :" not in chip.replace("\u00a0:", "")
    english = client.get("/cases/?sector=health").content.decode()
    assert re.search(r'<a class="chip"[^>]*>Sector: Health', english)


def test_french_status_dates_put_a_no_break_space_before_the_colon(client):
    case = make_case(state="submitted")
    html = client.get(f"/fr/status/{services.status_token(case)}/").content.decode()
    assert re.search(r"</time>\u00a0: ", html)
    assert "</time>: " not in html


def test_the_moderators_history_names_fields_and_counts_properly(client, moderator):
    case = make_case(lead_organisation="Old name")
    services.innovation_edit(
        innovation=case, data={"lead_organisation": "New name"}, parts=None, actor=moderator
    )
    services.innovation_feature(innovation=case, actor=moderator, order=0)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    assert "Edited: Lead organisation" in html
    assert "lead_organisation" not in html.split('id="history-heading"')[1]
    assert CaseEdit.objects.filter(note="Featured on the home page (order 0).").exists()


def test_featuring_without_an_order_says_so_without_a_dash(moderator):
    case = make_case()
    services.innovation_feature(innovation=case, actor=moderator, order=None)
    assert case.edits.last().note == "Featured on the home page."


@pytest.mark.parametrize(("count", "text"), [(1, "1 case rejected"), (3, "3 cases rejected")])
def test_rejecting_spam_counts_with_a_proper_plural(client, moderator, count, text):
    cases = [make_case(state="submitted") for _ in range(count)]
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:reject-spam"), {"cases": [c.pk for c in cases]}, follow=True
    )
    html = response.content.decode()
    assert f"{text} as spam." in html and "case(s)" not in html


def test_the_french_confirmation_mail_names_the_site_properly():
    from innovations import tasks

    _subject, body = tasks._render("confirm", {"confirm_url": "https://example.org/x"}, "fr")
    assert f"au {settings.OPSI_SITE_NAME}" not in body
    assert f"à «\u00a0{settings.OPSI_SITE_NAME}\u00a0»" in body


def test_the_profile_links_its_values_and_defines_its_term_lists(client):
    case = make_case(parts={"coproduction": _profile_data()})
    html = client.get(case.get_absolute_url()).content.decode()
    section = html.split('class="coproduction"')[1].split("</section>")[0]
    assert '<a href="/cases/?cp_kind=addition">Addition to professional work</a>' in section
    assert '<a href="/cases/?cp_stage=delivery">Delivery</a>' in section
    assert '<a href="/cases/?cp_reason=improve-outcomes">Improve outcomes</a>' in section
    assert '<a href="/cases/?cp_hindering=risk-aversion">Risk aversion</a>' in section
    assert '<a href="/cases/?cp_enhancing=political-commitment">' in section
    for definition in (
        "Why the public organisation chose to co-produce the service.",
        "What stood in the way of co-production or limited it.",
        "What helped co-production to start, work or last.",
    ):
        assert definition in section


def test_each_profile_link_finds_the_case(client):
    case = make_case(title="Women of peace", parts={"coproduction": _profile_data()})
    make_case(title="Another case")
    html = client.get(case.get_absolute_url()).content.decode()
    section = html.split('class="coproduction"')[1].split("</section>")[0]
    links = re.findall(r'href="(/cases/\?cp_[^"]+)"', section)
    assert len(links) == 5
    for link in links:
        results = client.get(link.replace("&amp;", "&")).content.decode()
        assert "Women of peace" in results and "Another case" not in results, link


def _profile_data() -> dict:
    from coproduction import parts

    return parts.from_record({"coproduction": MULHERES})


def test_the_about_page_attributes_only_what_the_seed_says(client):
    html = client.get(reverse("innovations:about")).content.decode()
    assert "stages: planning, delivery, review and evaluation;" in html
    assert "planning, design, delivery" not in html
    assert "survey of governments" not in html
    assert "study&#x27;s own figures" not in html and "prevalence of enabling factors" not in html
    insights = client.get(reverse("innovations:insights")).content.decode()
    assert "as the OECD study found them" not in insights
    assert "Prevalence in the study" not in insights


def test_the_demo_mulheres_da_paz_case_states_the_impact_the_seed_gives():
    fixture = Path(settings.BASE_DIR) / "fixtures" / "demo_cases.json"
    (case,) = [c for c in json.loads(fixture.read_text()) if c["slug"] == "mulheres-da-paz"]
    assert (
        "reduced violence, and social and economic benefits for the community" in (case["results"])
    )
