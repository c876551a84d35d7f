"""The site in Spanish and German, built as French is: URLs under /es/ and /de/, the
vocabularies and countries in each language, search by their names, dates in each
language's grammar, and every language in the switcher, the sitemap and robots.txt.
(The German interface strings come with the German catalogue.)"""

import re

import pytest
from django.utils import translation

from innovations.models import Approach, EnablingFactor, Sector, twin
from innovations.search.query import concepts
from tests.factories import make_case
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "de"])
def test_the_language_has_its_own_prefix(client, language):
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}">' in html


def test_spanish_home_page_is_in_spanish(client):
    html = client.get("/es/").content.decode()
    assert "Proponer un caso" in html
    assert "Explorar casos" in html
    assert "Submit a case" not in html


def test_the_switcher_offers_every_language(client):
    html = client.get("/cases/").content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert 'href="/es/cases/" hreflang="es" lang="es">Español</a>' in switcher
    assert 'href="/de/cases/" hreflang="de" lang="de">' in switcher
    assert 'href="/fr/cases/" hreflang="fr" lang="fr">Français</a>' in switcher
    for code in ("en", "fr", "es", "de"):
        assert f'<link rel="alternate" hreflang="{code}"' in html


def test_the_twin_of_a_field_follows_the_active_language():
    assert twin("name", "en") == "name"
    assert twin("name", "es") == "name_es"
    with translation.override("de"):
        assert twin("role") == "role_de"


def test_every_seeded_term_has_spanish_and_german_names():
    from coproduction.models import EnhancingFactor, HinderingFactor, Reason

    for model in (Sector, Approach, EnablingFactor, Reason, HinderingFactor, EnhancingFactor):
        for term in model.objects.all():
            assert term.name_es and term.name_de, (model.__name__, term.slug)


def test_sectors_take_their_official_cofog_names():
    health = Sector.objects.get(slug="health")
    recreation = Sector.objects.get(slug="recreation-culture-and-religion")
    with translation.override("es"):
        assert health.label == "Salud"
        assert recreation.label == "Actividades recreativas, cultura y religión"
    with translation.override("de"):
        assert health.label == "Gesundheitswesen"
        assert recreation.label == "Freizeitgestaltung, Sport, Kultur und Religion"


def test_a_term_without_a_translation_shows_its_english_name():
    Sector.objects.filter(slug="defence").update(name_es="")
    with translation.override("es"):
        assert Sector.objects.get(slug="defence").label == "Defence"


def test_spanish_and_german_pages_show_the_vocabularies_and_countries(client):
    make_case(title="Clinic", sectors=("health",), countries=("DE",))
    spanish = client.get("/es/cases/").content.decode()
    assert "Salud" in spanish and "Alianzas" in spanish
    german = client.get("/de/cases/").content.decode()
    assert "Gesundheitswesen" in german and "Partnerschaften" in german
    assert "Alemania" in client.get("/es/countries/").content.decode()
    assert "Deutschland" in client.get("/de/countries/").content.decode()


@pytest.mark.parametrize(
    ("language", "query"),
    [("es", "salud"), ("es", "alemania"), ("de", "gesundheitswesen"), ("de", "deutschland")],
)
def test_a_query_finds_cases_by_the_names_of_their_tags_in_that_language(client, language, query):
    make_case(title="Clinic in Berlin", sectors=("health",), countries=("DE",))
    make_case(title="Roads", sectors=("economic-affairs",), countries=("IT",))
    html = client.get(f"/{language}/cases/", {"q": query}).content.decode()
    assert "Clinic in Berlin" in html
    assert "Roads" not in html


def test_english_and_french_queries_read_no_spanish_or_german_terms():
    for language in (None, "en", "fr"):
        terms = {t for c in concepts("salud deutschland", language) for t in c.terms}
        assert not any(t.startswith(("es~", "de~")) for t in terms)
    spanish = {t for c in concepts("salud", "es") for t in c.terms}
    assert "es~salud" in spanish


def test_dates_follow_each_languages_grammar(client):
    case = make_case(title="Dated")
    with translation.override("es"):
        spanish = f"{case.published_at.day} de "
    assert spanish in client.get(f"/es/cases/{case.slug}/").content.decode()
    german = client.get(f"/de/cases/{case.slug}/").content.decode()
    months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    assert re.search(rf"\d{{1,2}}\. ({months}) \d{{4}}", german)
    english = client.get(f"/cases/{case.slug}/").content.decode()
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", english)


def test_sitemap_lists_each_page_in_every_language(client):
    case = make_case(title="Mapped")
    body = sitemap_text(client)
    for prefix in ("", "/fr", "/es", "/de"):
        assert f"<loc>http://testserver{prefix}/cases/{case.slug}/</loc>" in body
    assert 'hreflang="es"' in body and 'hreflang="de"' in body


def test_a_language_without_its_twins_and_stemmer_fails_the_checks(settings):
    from innovations.checks import every_language_is_built

    assert every_language_is_built() == []
    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "Italian")]
    (error,) = every_language_is_built()
    assert error.id == "opsi.E010"
    assert "Sector.name_it" in error.msg and "stemmer" in error.msg
