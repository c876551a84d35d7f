"""The search form's options: each one's markup is the `option` partial's, whatever its
state (ticked, greyed out, plain), label or language, though it is rendered once per
option and state and only its count is filled in per page."""

import re

import pytest
from django.http import QueryDict
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from innovations.models import Sector
from innovations.views.search import search_context
from tests.factories import make_case

OPTION = "innovations/innovation_list.html#option"


@pytest.fixture
def catalogue(db):
    sector = Sector.objects.get(slug="health")
    sector.name = 'Health & <care> "first"'
    sector.name_fr = "Santé & <soins>"
    sector.save()  # edited as the admin does: labels to be escaped
    make_case(title="Clinics by the sea", countries=("DE", "ES"), sectors=("health",))
    make_case(title="Schools online", countries=("FR",), sectors=("education",))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("query", ["", "sector=health", "sector=health&country=DE&q=sea"])
def test_every_option_is_the_partial_rendered_for_it(client, catalogue, language, query):
    with translation.override(language):
        page = client.get(f"{reverse('innovations:list')}?{query}").content.decode()
        context = search_context(QueryDict(query))
        partial = get_template(OPTION)
        options = [o for g in context["groups"] for o in g.options]
        options += [o for _, groups in context["sections"] for g in groups for o in g.options]
        states = {(o.selected, o.empty) for o in options}
        if "q=" in query:  # ticked, greyed out and plain options all on this page
            assert {(True, False), (False, True), (False, False)} <= states
        for option in options:
            assert partial.render({"option": option}) in page, option
    assert len(re.findall(r'<li><input type="checkbox"', page)) == len(options)
    assert "<opsi:" not in page  # no marker left behind


def test_a_renamed_option_shows_its_new_name(client, catalogue):
    url = reverse("innovations:list")
    assert "Health &amp; &lt;care&gt; &quot;first&quot;" in client.get(url).content.decode()
    sector = Sector.objects.get(slug="health")
    sector.name = "Health and care"
    sector.save()
    page = client.get(url).content.decode()
    assert ">Health and care <span" in page and "&lt;care&gt;" not in page
