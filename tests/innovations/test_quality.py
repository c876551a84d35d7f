"""Quality flags: completeness (score and what is missing), verification by the
moderators, and their search filters, counted by the facet index like any other and
equal to a fresh build and to the same filters in SQL."""

import pytest
from django.urls import reverse

from innovations import quality, services
from innovations.models import Innovation
from tests.factories import assert_true, make_case
from tests.filtersets import filter_queryset

pytestmark = pytest.mark.django_db
URL = reverse("innovations:list")
FULL = {
    "innovative": "New.",
    "results": "Better.",
    "challenges": "Hard.",
    "level": "local",
    "lead_organisation": "City",
    "status": "pilot",
    "language": "en",
    "year_launched": 2020,
}


def fetched(case):
    return Innovation.objects.for_detail().get(pk=case.pk)


def test_completeness_lists_what_is_missing():
    bare = quality.completeness(fetched(make_case(approaches=(), factors=())))
    assert not bare.complete and bare.score < 50
    assert "results and impact" in bare.missing and "enabling factors" in bare.missing
    full = quality.completeness(fetched(make_case(**FULL)))
    assert full.complete and full.score == 100


def test_complete_in_sql_agrees_with_python():
    cases = [make_case(**FULL), make_case(), make_case(**{**FULL, "language": ""})]
    sql = set(Innovation.objects.filter(quality.complete_q()).values_list("pk", flat=True))
    assert sql == {c.pk for c in cases if quality.completeness(fetched(c)).complete}
    assert sql == {cases[0].pk}


def test_the_quality_filters_count_like_every_facet(client, moderator):
    complete, bare, other = make_case(**FULL), make_case(), make_case(**FULL)
    make_case(state=Innovation.State.SUBMITTED, **FULL)  # never counted
    services.innovation_verify(innovation=bare, actor=moderator)
    services.innovation_verify(innovation=complete, actor=moderator)
    services.innovation_edit(innovation=other, data={"results": ""}, actor=moderator)
    assert_true()
    response = client.get(URL)
    counts = {
        (g.group.key, o.value): o.count
        for g in response.context["groups"]
        for o in g.options
        if g.group.key in ("verified", "completeness")
    }
    assert counts == {("verified", "verified"): 2, ("completeness", "complete"): 1}
    both = client.get(URL, {"verified": "verified", "completeness": "complete"})
    assert both.context["page"].paginator.count == 1
    sql = filter_queryset(
        Innovation.objects.published(), {}, {"verified": ["verified"], "completeness": ["complete"]}
    )
    assert list(sql.values_list("pk", flat=True)) == [complete.pk]


def test_readers_and_contributors_see_completeness(client):
    case = make_case(contributor_email="c@example.org")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Completeness" in page and "missing:" in page
    status = client.get(reverse("innovations:status", args=[services.status_token(case)]))
    assert "Still missing" in status.content.decode()
