"""The study's vocabularies: the dimensions (fixed, each with a definition) and the three
editable term lists (seeded by migrations, in English and French, and re-indexed when
an editor renames a term)."""

import pytest

from coproduction.models import DIMENSIONS, EnhancingFactor, HinderingFactor, Reason
from innovations import search
from tests.factories import assert_true, make_case

pytestmark = pytest.mark.django_db

TERM_MODELS = (Reason, HinderingFactor, EnhancingFactor)


def test_every_dimension_has_a_label_a_definition_and_options():
    assert len({d.name for d in DIMENSIONS}) == len(DIMENSIONS)
    for dimension in DIMENSIONS:
        assert str(dimension.label) and str(dimension.definition)
        assert len(dimension.choices.values) >= 2
        for value in dimension.choices.values:
            assert value and len(value) <= 30


@pytest.mark.parametrize("model", TERM_MODELS)
def test_the_migrations_seed_each_list_in_english_and_french(model):
    terms = list(model.objects.all())
    assert terms
    assert all(t.slug and t.name and t.name_fr for t in terms)
    assert [t.order for t in terms] == sorted(t.order for t in terms)


def test_a_term_is_named_in_the_pages_language():
    from django.utils import translation

    term = Reason.objects.get(slug="reduce-costs")
    with translation.override("fr"):
        assert term.label == term.name_fr
    assert term.label == term.name


def test_renaming_a_term_reindexes_the_cases_that_carry_it():
    reason = Reason.objects.get(slug="reduce-costs")
    case = make_case(parts={"coproduction": {"kind": "addition", "reasons": [reason]}})
    assert case.pk in set(search.matches("Reduce costs"))
    reason.name = "Quillwort savings"
    reason.save()
    assert case.pk in set(search.matches("quillwort"))
    assert_true()
