"""Case texts in several languages: a case records the language of its texts and may
carry translations of its title, summary and texts, added through the form, a reader's
suggestion or a moderator's edit; pages show the reader's language when it exists and
say so when it does not; `lang` attributes and JSON-LD follow the real language; search
finds a case in any of its languages; imports read and check them."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from innovations import search, services, translations, versions
from innovations.models import Innovation
from innovations.opendata import readers
from tests.factories import assert_true, make_case, sign_in
from tests.forms import complete, form_data, post

pytestmark = pytest.mark.django_db

FRENCH = {
    "title": "Budget participatif des quartiers",
    "summary": "Les habitants choisissent les projets de leur quartier.",
    "description": "Chaque année, au printemps, les habitants votent.",
}


def _page(client, case, prefix=""):
    return client.get(f"{prefix}/cases/{case.slug}/").content.decode()


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


# The rules of what a translation may hold.


def test_translations_are_trimmed_and_empty_ones_dropped():
    found = translations.clean(
        {"fr": {"title": " Titre ", "summary": "Résumé.\r\n"}, "es": {"title": "", "summary": ""}}
    )
    assert found == {"fr": {"title": "Titre", "summary": "Résumé."}}


@pytest.mark.parametrize(
    "value",
    [
        ["fr"],  # not an object
        {"xx": {"title": "T", "summary": "S"}},  # not a language of the site
        {"en": {"title": "T", "summary": "S"}},  # the texts' own language
        {"fr": {"title": "T"}},  # no summary
        {"fr": {"title": "T", "summary": "S", "partners": "P"}},  # not a translated text
        {"fr": {"title": "T" * 201, "summary": "S"}},  # too long
        {"fr": {"title": 3, "summary": "S"}},  # not text
    ],
)
def test_a_bad_translation_is_refused_with_a_reason(value):
    with pytest.raises(ValidationError):
        translations.clean(value, "en")


def test_the_services_store_translations_only_as_the_rules_allow(moderator):
    case = make_case(title="Neighbourhood budgets")
    with pytest.raises(ValidationError):
        services.innovation_edit(
            innovation=case, data={"translations": {"xx": FRENCH}}, actor=moderator
        )
    services.innovation_edit(
        innovation=case, data={"translations": {"fr": {**FRENCH, "results": " "}}}, actor=moderator
    )
    case.refresh_from_db()
    assert case.translations == {"fr": FRENCH}
    assert case.text_language == "en"


# The contributor's form.


def test_a_contributor_adds_a_translation_with_the_case(client, fast_form):
    answer = post(
        client,
        complete(
            translation_language="fr",
            **{f"translation_{name}": text for name, text in FRENCH.items()},
        ),
    )
    assert answer.status_code == 302
    case = Innovation.objects.get()
    assert case.text_language == "en"
    assert case.translations == {"fr": FRENCH}


def test_a_translation_without_its_language_or_summary_keeps_everything_typed(client, fast_form):
    answer = post(client, complete(translation_title="Titre sans langue"))
    html = answer.content.decode()
    assert answer.status_code == 200 and not Innovation.objects.exists()
    assert "Choose the language these texts are written in." in html
    assert form_data(html)["translation_title"] == ["Titre sans langue"]
    assert form_data(html)["title"] == ["Zanzibarian ferry timetable co-design"]
    answer = post(client, complete(translation_language="fr", translation_title="Titre"))
    assert "A translation needs a title and a summary" in answer.content.decode()
    answer = post(client, complete(text_language="fr", translation_language="fr", **{
        f"translation_{name}": text for name, text in FRENCH.items()}))  # fmt: skip
    assert "already in this language" in answer.content.decode()
    assert not Innovation.objects.exists()


def test_a_case_written_in_french_with_an_english_translation(client, fast_form):
    post(client, complete(text_language="fr", translation_language="en",
                          translation_title="Ferry", translation_summary="In short."))  # fmt: skip
    case = Innovation.objects.get()
    assert case.text_language == "fr"
    assert case.translations == {"en": {"title": "Ferry", "summary": "In short."}}


def test_the_draft_form_edits_one_translation_and_keeps_the_others(client, fast_form):
    spanish = {"title": "T", "summary": "S"}
    case = make_case(state="draft", translations={"fr": FRENCH, "es": spanish})
    token = services.status_token(case)
    url = reverse("innovations:submit-edit", args=[token])
    data = form_data(client.get(url + "?translation=es").content)
    assert data["translation_language"] == ["es"] and data["translation_title"] == ["T"]
    data.update(translation_title=["Presupuesto"], action=["draft"])
    client.post(url, data)
    case.refresh_from_db()
    assert case.translations == {"es": {"title": "Presupuesto", "summary": "S"}, "fr": FRENCH}
    # Emptying a translation's texts removes it.
    data = form_data(client.get(url + "?translation=fr").content)
    data.update({f"translation_{name}": [""] for name in translations.TRANSLATED})
    data["action"] = ["draft"]
    client.post(url, data)
    case.refresh_from_db()
    assert set(case.translations) == {"es"}


# The case page.


def test_a_french_reader_sees_the_french_translation_marked_as_one(client):
    case = make_case(title="Neighbourhood budgets", translations={"fr": FRENCH})
    html = _page(client, case, "/fr")
    assert f"<h1>{FRENCH['title']}</h1>" in html  # in the page's language: no lang
    assert "Texte traduit (original en anglais)" in html
    # A text the translation leaves out is the original's, marked as English.
    assert re.search(r'<div class="case-text" lang="en">', html) is None  # description given
    case_with_gap = make_case(title="Ferry", results="Fewer delays.", translations={"fr": FRENCH})
    gap = _page(client, case_with_gap, "/fr")
    assert '<div class="case-text" lang="en"><p>Fewer delays.</p></div>' in gap
    data = _json_ld(html)
    assert data["inLanguage"] == "fr" and data["name"] == FRENCH["title"]
    assert data["translationOfWork"] == {
        "@type": "CreativeWork",
        "name": "Neighbourhood budgets",
        "inLanguage": "en",
    }
    assert "<title>Budget participatif des quartiers" in html


def test_an_english_reader_sees_the_original_and_the_translations_offered(client):
    case = make_case(title="Neighbourhood budgets", translations={"fr": FRENCH})
    html = _page(client, case)
    assert "<h1>Neighbourhood budgets</h1>" in html
    assert f'href="/fr/cases/{case.slug}/" hreflang="fr"' in html
    data = _json_ld(html)
    assert data["inLanguage"] == "en"
    assert data["workTranslation"] == [
        {"@type": "CreativeWork", "inLanguage": "fr", "name": FRENCH["title"]}
    ]


def test_without_a_translation_the_page_says_so_and_marks_the_texts_language(client):
    case = make_case(title="Neighbourhood budgets", translations={"fr": FRENCH})
    html = _page(client, case, "/es")
    assert '<h1 lang="en">Neighbourhood budgets</h1>' in html
    assert '<div class="case-text" lang="en">' in html
    assert f'/es/cases/{case.slug}/suggest/?translation=es"' in html  # suggest one
    assert _json_ld(html)["inLanguage"] == "en"
    english = _page(client, make_case(title="Plain"))
    assert "translation" not in english.split('class="case-header"')[1].split("</header>")[0]


def test_the_case_page_costs_the_same_queries_with_translations(client):
    plain = make_case(title="Plain")
    translated = make_case(title="Translated", translations={"fr": FRENCH})

    def count(case) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/fr/cases/{case.slug}/").status_code == 200
        return len(queries)

    count(plain)  # what every first request reads once
    assert count(plain) == count(translated)


def test_cards_show_the_readers_language_or_mark_the_original(client):
    make_case(title="Neighbourhood budgets", translations={"fr": FRENCH})
    french = client.get("/fr/cases/").content.decode()
    link = '<a href="/fr/cases/neighbourhood-budgets/">'
    assert f'<h3 class="card-title">{link}{FRENCH["title"]}' in french
    spanish = client.get("/es/cases/").content.decode()
    assert '<h3 class="card-title"><a href="/es/cases/neighbourhood-budgets/" lang="en">' in spanish


def test_a_cards_link_still_opens_its_title_element_as_readers_of_the_page_expect(client):
    """The relevance scorer (and other scrapers) read a French result list's cases with
    this pattern: a `lang` attribute goes on the link, after its address."""
    case = make_case(title="Neighbourhood budgets")
    french = client.get("/fr/cases/?q=budgets").content.decode()
    pattern = r'<h3 class="card-title"><a href="/fr/cases/([^/"?#]+)/"'
    assert re.findall(pattern, french) == [case.slug]


# Search.


def test_search_finds_a_case_by_its_translations_in_any_language(client):
    case = make_case(
        title="Neighbourhood budgets",
        summary="Residents choose projects.",
        translations={
            "fr": FRENCH,
            "es": {"title": "Presupuestos vecinales", "summary": "Los vecinos eligen obras."},
        },
    )
    make_case(title="Harbour logistics", summary="Ships.")
    assert set(search.matches("habitants quartier")) == {case.pk}
    spanish = client.get("/es/cases/?q=vecinos+eligen").content.decode()
    assert "Presupuestos vecinales" in spanish or "Neighbourhood budgets" in spanish
    assert "Harbour logistics" not in spanish
    assert set(search.matches("residents choose")) == {case.pk}
    assert_true()


def test_a_case_written_in_french_is_found_by_its_french_words():
    case = make_case(title="Budget participatif", summary="Les habitants votent.",
                     text_language="fr")  # fmt: skip
    assert set(search.matches("habitants")) == {case.pk}


def test_the_index_follows_a_translation_added_and_removed(moderator):
    case = make_case(title="Neighbourhood budgets")
    assert search.matches("printemps") == []
    translated = {"translations": {"fr": FRENCH}}
    services.innovation_edit(innovation=case, data=translated, actor=moderator)
    assert set(search.matches("printemps")) == {case.pk}
    assert_true()
    services.innovation_edit(innovation=case, data={"translations": {}}, actor=moderator)
    assert search.matches("printemps") == []
    assert_true()


# Suggestions, versions and history.


def test_a_reader_suggests_a_translation_that_a_moderator_accepts(client, moderator, fast_form):
    case = make_case(title="Neighbourhood budgets")
    url = reverse("innovations:suggest", args=[case.slug])
    data = form_data(client.get("/es" + url).content, "/es" + url)
    assert data["translation_language"] == ["es"]  # the page's language is offered
    data.update(translation_title=["Presupuestos vecinales"], translation_summary=["En breve."])
    assert client.post("/es" + url, data).status_code == 200
    found = case.suggestions.get()
    spanish = {"title": "Presupuestos vecinales", "summary": "En breve."}
    assert found.changes == {"translations": {"es": spanish}}
    services.suggestion_accept(suggestion=found, actor=moderator)
    case.refresh_from_db()
    assert case.translations == {"es": spanish}
    with translation.override("en"):
        changes = versions.diff(found.base.record, versions.record(case))
    labels = [change.label for change in changes]
    assert labels == ["Translation into Spanish: title", "Translation into Spanish: summary"]
    assert_true()


def test_the_moderators_edit_a_translation_on_the_review_page(client, moderator):
    case = make_case(state="submitted", translations={"fr": FRENCH})
    sign_in(client, moderator)
    url = reverse("moderation:review", args=[case.pk])
    data = form_data(client.get(url).content, url)
    assert data["translation_title"] == [FRENCH["title"]]
    data["translation_title"] = ["Budgets de quartier"]
    client.post(url, data)
    case.refresh_from_db()
    assert case.translations["fr"]["title"] == "Budgets de quartier"


# Imports.


def test_an_import_reads_translations_and_rejects_bad_ones():
    terms = readers.Terms()
    record = {"title": "Budgets", "description": "D.", "translations": json.dumps({"fr": FRENCH})}
    found = readers.own(1, record, terms, multiple=set())
    assert found.data["translations"] == {"fr": FRENCH}
    bad = {**record, "translations": '{"fr": {"title": "Sans résumé"}}'}
    with pytest.raises(readers.Rejected) as rejected:
        readers.own(2, bad, terms, multiple=set())
    assert "translations" in str(rejected.value.detail)


def test_the_admin_refuses_a_bad_translation_with_a_clear_error(admin_client):
    case = make_case(title="Neighbourhood budgets")
    url = reverse("admin:innovations_innovation_change", args=[case.pk])
    data = form_data(admin_client.get(url).content, "innovation_form")
    data["translations"] = [json.dumps({"fr": {"title": "Sans résumé"}})]
    answer = admin_client.post(url, data)
    assert answer.status_code == 200
    assert "A translation needs a title and a summary" in answer.content.decode()
    data["translations"] = [json.dumps({"fr": FRENCH})]
    assert admin_client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.translations == {"fr": FRENCH}
