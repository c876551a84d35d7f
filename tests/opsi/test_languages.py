"""The site in French: URLs under /fr/, pages in French, the vocabularies in French,
search in French, and case texts left in the language they were written in."""

import re

import pytest

from tests.factories import make_case
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def test_french_home_page_is_in_french(client):
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in html
    assert "Proposer un cas" in html
    assert "Parcourir les cas" in html
    assert "Submit a case" not in html


def test_english_stays_unprefixed_and_english(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Submit a case" in html


def test_every_public_page_links_its_other_language(client):
    html = client.get("/fr/cases/?q=budget&sector=health").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/cases/?q=budget&amp;sector=health">'
        in html
    )
    assert '<link rel="alternate" hreflang="x-default"' in html
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert 'href="/cases/?q=budget&amp;sector=health"' in switcher
    assert ">English</a>" in switcher
    assert 'aria-current="true" lang="fr">Français<' in switcher


def test_english_page_offers_french_named_in_french(client):
    html = client.get("/cases/").content.decode()
    assert 'href="/fr/cases/" hreflang="fr" lang="fr">Français</a>' in html


def test_sign_in_has_a_french_address_and_offers_it(client):
    assert client.get("/fr/accounts/login/").status_code == 200
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/fr/accounts/login/" hreflang="fr" lang="fr">Français</a>' in html


def test_french_pages_show_the_vocabularies_in_french(client):
    make_case(title="Clinic", sectors=("health",), factors=("partnerships",))
    search = client.get("/fr/cases/").content.decode()
    assert "Santé" in search
    assert "Partenariats" in search
    assert "Approche d’innovation" in search
    landing = client.get("/fr/sectors/health/").content.decode()
    assert "Produits médicaux, soins ambulatoires et hospitaliers" in landing
    approach = client.get("/fr/approaches/participatory-design/").content.decode()
    assert "Conception et développement participatifs" in approach
    assert "Dans les années 1990" in approach
    factor = client.get("/fr/enabling-factors/partnerships/").content.decode()
    assert "secteurs public, privé et associatif" in factor


def test_countries_are_named_in_french(client):
    make_case(title="Tax help", countries=("DE",))
    html = client.get("/fr/countries/").content.decode()
    assert "Allemagne" in html


def test_a_french_query_finds_cases_by_their_french_tags(client):
    make_case(
        title="Clinic in Berlin",
        sectors=("health",),
        countries=("DE",),
        factors=("user-involvement",),
    )
    make_case(title="Roads", sectors=("economic-affairs",), countries=("IT",))
    for query in ("santé", "allemagne"):
        html = client.get("/fr/cases/", {"q": query}).content.decode()
        assert "Clinic in Berlin" in html, query
        assert "Roads" not in html, query
    # Every word is optional: "usagers" is also in the French name of Roads' approach
    # ("Services adaptés aux usagers"), but the case with both words comes first.
    html = client.get("/fr/cases/", {"q": "participation des usagers"}).content.decode()
    assert 0 <= html.index("Clinic in Berlin") < html.find("Roads") or "Roads" not in html
    # The same in English: the document holds both languages.
    assert "Clinic in Berlin" in client.get("/cases/", {"q": "santé"}).content.decode()


def test_indexing_does_not_depend_on_the_page_language():
    from django.utils import translation

    from innovations import search

    case = make_case(title="Clinic", countries=("DE",))
    with translation.override("fr"):
        french = search.documents.documents([case.pk])
    with translation.override("en"):
        english = search.documents.documents([case.pk])
    assert french == english


def test_a_case_without_a_translation_says_so_and_marks_its_texts_language(client):
    """`language` is the initiative's own language (the codebook's definition), not the
    language of the text (`text_language`): the page names both, says when the texts
    have no translation into the page's language, and marks their language."""
    case = make_case(title="Salud para todos", language="es", description="A programme.")
    html = client.get(f"/fr/cases/{case.slug}/").content.decode()
    assert "Ce cas est rédigé en anglais ; il n’a pas encore de traduction" in html
    assert '<h1 lang="en">Salud para todos</h1>' in html
    assert re.search(r"Langue d’origine</dt>\s*<dd>Espagnol</dd>", html)
    assert re.search(r"Langue des textes</dt>\s*<dd>Anglais</dd>", html)
    english = client.get(f"/cases/{case.slug}/").content.decode()
    assert "no translation into the language of this page" not in english
    assert "<h1>Salud para todos</h1>" in english
    assert re.search(r"Original language</dt>\s*<dd>Spanish</dd>", english)


def test_dates_are_written_the_french_way(client):
    case = make_case(title="Dated")
    html = client.get(f"/fr/cases/{case.slug}/").content.decode()
    from django.utils import formats, translation

    with translation.override("fr"):
        day = formats.date_format(case.published_at, "j F Y")
    assert day in html
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    assert re.search(rf"\d{{1,2}} ({months}) \d{{4}}", html)


def test_french_submission_pages_are_private_too(client):
    response = client.get("/fr/submit/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Soumettre pour relecture" in response.content.decode()


def test_sitemap_lists_each_page_in_both_languages(client):
    case = make_case(title="Mapped")
    body = sitemap_text(client)
    assert f"<loc>http://testserver/cases/{case.slug}/</loc>" in body
    assert f"<loc>http://testserver/fr/cases/{case.slug}/</loc>" in body
    assert 'hreflang="fr"' in body and 'hreflang="x-default"' in body
