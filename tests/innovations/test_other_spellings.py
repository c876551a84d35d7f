"""A query finds the cases written in another spelling of its words: the English word
behind a French ending, British and American spelling, irregular plurals, and a French
entry of the glossary in the singular or the plural."""

import pytest

from innovations import search
from innovations.search.cognates import english_forms
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query,same,other",
    [
        ("urbaine", "Agriculture urbaine à Lyon", "Urban gardens on school roofs"),
        ("chroniques", "Maladies chroniques suivies à domicile", "Chronic illness telecare"),
        ("digitization", "Digitization of archives", "Digitisation of land registers"),
        ("behavior", "Behavior change for tax returns", "A behavioural insights team"),
        ("child", "Child benefit claimed online", "Children's hearings online"),
        ("women", "Women's shelters found by text message", "A helpline for a woman in danger"),
    ],
)
def test_another_spelling_finds_the_case(query, same, other):
    """Both the case with the word as typed and the case with its other spelling (the
    first keeps the word in the catalogue, so this is no typo forgiven)."""
    cases = [make_case(title=same), make_case(title=other)]
    make_case(title="Street lighting upgrade")
    assert search.matches(query) == [case.pk for case in cases]


def test_a_french_phrase_finds_its_glossary_entry_in_the_singular():
    """The glossary has "personnes âgées"; "personne âgée" finds it by its stems."""
    older = make_case(title="Home visits for older people living alone")
    make_case(title="A person-centred benefits office")
    assert search.matches("personne âgée") == [older.pk]


def test_a_french_phrase_whose_translation_no_case_says_finds_its_words():
    """No case says "emergency shelter" whole: its words count one by one, so the
    query still finds the night shelter rather than nothing."""
    shelter = make_case(title="Night shelter beds booked online")
    make_case(title="Street lighting upgrade")
    assert search.matches("hébergement d'urgence") == [shelter.pk]


def test_a_closed_compound_finds_its_open_form_only_where_the_words_are_side_by_side():
    closed = make_case(title="Childcare vouchers for parents")
    open_form = make_case(title="Child care places booked online")
    make_case(title="Care leavers helped by a child psychologist")  # the words apart
    assert search.matches("childcare") == [closed.pk, open_form.pk]


def test_a_plain_english_word_is_not_read_as_french():
    """ "logs" is not "logements" (housing), though their French stems meet."""
    make_case(title="Social housing allocation")
    logs = make_case(title="Server logs analysed for fraud")
    assert search.matches("logs") == [logs.pk]


def test_the_words_typed_rank_above_their_other_spellings():
    american = make_case(title="Digitization of archives")
    british = make_case(title="Digitisation of archives")
    assert search.matches("digitization") == [american.pk, british.pk]
    assert search.matches("digitisation") == [british.pk, american.pk]


def test_short_and_plain_words_have_no_other_spelling():
    assert english_forms("sale") == []
    assert english_forms("public") == []
    assert [form for form in english_forms("sheriff") if " " not in form] == []
    assert english_forms("2024") == []
    assert english_forms("montré") == []  # British "-tre" is English only
