import pytest
from django.db import IntegrityError, transaction

from innovations import services
from innovations.models import Approach, EnablingFactor, Innovation, Sector
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_vocabularies_are_seeded_by_migrations():
    assert Sector.objects.count() == 10
    assert Approach.objects.count() == 6
    assert EnablingFactor.objects.count() == 6
    assert list(Sector.objects.values_list("cofog_code", flat=True)) == [
        f"{n:02}" for n in range(1, 11)
    ]


def test_approaches_carry_their_1990s_and_today_texts():
    competition = Approach.objects.get(slug="competition")
    assert "benchmarking" in competition.in_1990s
    assert "transparency" in competition.today


def test_enabling_factors_carry_role_and_prevalence():
    partnerships = EnablingFactor.objects.get(slug="partnerships")
    assert partnerships.prevalence == 3
    assert "expertise" in partnerships.role
    assert EnablingFactor.objects.get(slug="high-level-commitment").prevalence == 1


# The database's own checks are tested by writing around the services, which would
# refuse these values first.
AROUND = "test: the database's own constraints"


def test_database_refuses_an_unknown_state():
    case = make_case()
    with pytest.raises(IntegrityError), transaction.atomic(), services.writing(AROUND):
        Innovation.objects.filter(pk=case.pk).update(state="bogus")


def test_database_refuses_an_unknown_level_and_status():
    case = make_case()
    for field in ("level", "status"):
        with pytest.raises(IntegrityError), transaction.atomic(), services.writing(AROUND):
            Innovation.objects.filter(pk=case.pk).update(**{field: "bogus"})


def test_database_refuses_an_implausible_year():
    case = make_case()
    with pytest.raises(IntegrityError), transaction.atomic(), services.writing(AROUND):
        Innovation.objects.filter(pk=case.pk).update(year_launched=20)


def test_database_refuses_a_prevalence_outside_one_to_three():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnablingFactor.objects.filter(slug="partnerships").update(prevalence=4)


def test_new_case_defaults_to_draft():
    with services.writing("test: the model's own defaults"):
        case = Innovation.objects.create(
            title="A", summary="s", description="d", source_url="https://example.org"
        )
    case.refresh_from_db()
    assert case.state == Innovation.State.DRAFT
    assert case.featured is False


def test_slug_is_made_from_the_title_and_kept_unique():
    first = make_case(title="Open budget")
    second = make_case(title="Open budget")
    assert first.slug == "open-budget"
    assert second.slug == "open-budget-2"


def test_slug_does_not_change_when_the_title_does():
    case = make_case(title="Open budget")
    case.title = "Open budget, renamed"
    with services.writing("test: the model's own save"):
        case.save()
    case.refresh_from_db()
    assert case.slug == "open-budget"


def test_database_refuses_a_duplicate_slug():
    make_case(title="Same")
    with pytest.raises(IntegrityError), transaction.atomic(), services.writing(AROUND):
        Innovation.objects.create(
            title="Other",
            slug="same",
            summary="s",
            description="d",
            source_url="https://example.org",
        )


def test_countries_are_sorted_by_name():
    case = make_case(countries=("FR", "DK", "BR"))
    assert [c.code for c in case.countries] == ["BR", "DK", "FR"]


def test_slugs_never_take_the_paths_of_listing_pages():
    assert make_case(title="Featured").slug == "featured-2"
    assert make_case(title="Feed").slug == "feed-2"
