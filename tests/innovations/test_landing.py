import json
import re

import pytest
from django.urls import reverse

from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_sector_landing_page_describes_counts_and_lists(client):
    make_case(title="Clinic case", sectors=("health",))
    make_case(title="School case", sectors=("education",))
    response = client.get(reverse("innovations:sector", args=["health"]))
    html = response.content.decode()
    assert "Health" in html and "1 case" in html
    assert "Clinic case" in html and "School case" not in html
    assert "outpatient" in html  # the COFOG description


def test_approach_landing_page_shows_its_1990s_and_today_texts(client):
    html = client.get(reverse("innovations:approach", args=["competition"])).content.decode()
    assert "In the 1990s" in html and "benchmarking" in html and "transparency" in html


def test_factor_landing_page_shows_role_and_prevalence(client):
    html = client.get(reverse("innovations:factor", args=["partnerships"])).content.decode()
    assert "expertise" in html and "3 out of 3" in html


def test_country_landing_page_lists_its_cases(client):
    make_case(title="Danish case", countries=("DK",))
    make_case(title="French case", countries=("FR",))
    html = client.get(reverse("innovations:country", args=["dk"])).content.decode()
    assert "Denmark" in html and "Danish case" in html and "French case" not in html


def test_unknown_landing_pages_are_404(client):
    assert client.get(reverse("innovations:sector", args=["nope"])).status_code == 404
    assert client.get(reverse("innovations:country", args=["ZZ"])).status_code == 404


def test_index_pages_count_published_cases(client):
    make_case(sectors=("health",), countries=("DK",))
    make_case(sectors=("health",), countries=("DK",), state="submitted")
    sectors = client.get(reverse("innovations:sectors")).content.decode()
    assert re.search(r"Health</a>\s*<span class=\"count\">1 case</span>", sectors)
    countries = client.get(reverse("innovations:countries")).content.decode()
    assert re.search(r"Denmark</a>\s*<span class=\"count\">1 case</span>", countries)


def test_home_page_browses_by_sector_and_country_with_counts(client):
    make_case(sectors=("health",), countries=("DK",))
    html = client.get(reverse("innovations:home")).content.decode()
    assert re.search(r"Health</a> <span class=\"count\">1</span>", html)
    assert re.search(r"Denmark</a> <span class=\"count\">1</span>", html)


def test_featured_page_lists_featured_cases_in_order(client):
    make_case(title="Second", featured=True, featured_order=2)
    make_case(title="First", featured=True, featured_order=1)
    make_case(title="Plain")
    html = client.get(reverse("innovations:featured")).content.decode()
    assert html.index("First") < html.index("Second") and "Plain" not in html


def test_case_page_metadata_citation_and_tag_links(client):
    case = make_case(title="Open <script> case", lead_organisation="City of Tests")
    html = client.get(case.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{case.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Open &lt;script&gt; case">' in html
    data = json.loads(re.search(r'ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["name"] == "Open <script> case" and data["isBasedOn"] == case.source_url
    assert "City of Tests (" in html and "accessed" in html
    assert reverse("innovations:sector", args=["health"]) in html


def test_similar_cases_share_tags_and_never_include_the_case_itself(client):
    case = make_case(
        title="Alpha",
        summary="Alpha.",
        sectors=("health",),
        approaches=("competition",),
        countries=("DK",),
    )
    close = make_case(
        title="Close",
        summary="Close.",
        sectors=("health",),
        approaches=("competition",),
        countries=("DK",),
    )
    make_case(
        title="Loose",
        summary="Loose.",
        sectors=("health",),
        approaches=("user-tailoring",),
        countries=("FR",),
    )
    make_case(
        title="Unrelated",
        summary="Unrelated.",
        sectors=("defence",),
        approaches=("user-tailoring",),
        factors=(),
        countries=("FR",),
    )
    similar = client.get(case.get_absolute_url()).context["similar"]
    assert [c.title for c in similar] == ["Close", "Loose"]
    assert case.pk not in [c.pk for c in similar] and close.pk in [c.pk for c in similar]


def test_similar_cases_prefer_related_text_then_fall_back_to_it(client):
    case = make_case(
        title="Telehealth monitoring", summary="Remote monitoring of patients.", sectors=("health",)
    )
    make_case(title="School meals", summary="Lunches.", sectors=("health",))
    make_case(title="Home telehealth", summary="Patients at home.", sectors=("health",))
    make_case(
        title="Telehealth abroad",
        summary="Remote care.",
        sectors=("defence",),
        approaches=("competition",),
        factors=(),
        countries=("IT",),
    )
    similar = [c.title for c in client.get(case.get_absolute_url()).context["similar"]]
    assert similar == ["Home telehealth", "School meals", "Telehealth abroad"]
