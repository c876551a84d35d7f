"""Merging a duplicate into the case kept: the duplicate leaves the catalogue, its
address redirects, its history and provenance stay, links to it point to the kept case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import facets, search, services
from innovations.models import CaseEdit, CaseLink, Innovation, StateChange
from tests.factories import assert_true, make_case, queries, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


@pytest.fixture
def watched():
    facets.current_index()
    return facets.stats["full_builds"]


def test_the_duplicate_is_unpublished_and_points_to_the_kept_case(moderator, watched):
    kept = make_case(title="Ferry timetables")
    duplicate = make_case(title="Ferry timetables again", source_dataset="jrc")
    versions = duplicate.versions.count()
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == kept.pk
    assert duplicate.state == State.UNPUBLISHED
    assert duplicate.source_dataset == "jrc"  # its provenance stays on its own record
    assert duplicate.versions.count() > versions
    change = StateChange.objects.filter(innovation=duplicate).last()
    assert change.actor == moderator and "Ferry timetables" in change.note
    assert CaseEdit.objects.filter(innovation=kept).last().actor == moderator
    assert_true(full_builds=watched)
    assert set(search.matches("ferry timetables")) == {kept.pk}


def test_its_public_address_redirects_permanently_to_the_kept_case(client, moderator):
    kept = make_case(title="Kept")
    duplicate = make_case(title="Gone")
    old_url = duplicate.get_absolute_url()
    assert client.get(old_url).status_code == 200
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()


def test_links_to_and_from_the_duplicate_are_repointed(moderator, watched):
    kept, duplicate, other, third = (make_case() for _ in range(4))
    services.case_link(source=other, target=duplicate, kind="same_programme")
    services.case_link(source=duplicate, target=third, kind="same_programme")
    services.case_link(source=duplicate, target=kept, kind="same_programme")  # would link to itself
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    pairs = set(CaseLink.objects.values_list("source_id", "target_id"))
    assert pairs == {(other.pk, kept.pk), (kept.pk, third.pk)}
    assert_true(full_builds=watched)


def test_a_merged_case_cannot_be_published_again(moderator):
    kept, duplicate = make_case(), make_case()
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    with pytest.raises(services.TransitionError):
        services.innovation_publish(innovation=duplicate, actor=moderator)


def test_a_case_cannot_be_merged_into_itself_or_into_a_merged_case(moderator):
    a, b, c = make_case(), make_case(), make_case()
    with pytest.raises(services.TransitionError):
        services.innovation_merge(duplicate=a, kept=a, actor=moderator)
    services.innovation_merge(duplicate=b, kept=a, actor=moderator)
    with pytest.raises(services.TransitionError):
        services.innovation_merge(duplicate=c, kept=b, actor=moderator)
    with pytest.raises(services.TransitionError):
        services.innovation_merge(duplicate=b, kept=c, actor=moderator)


def test_a_submitted_duplicate_leaves_the_queue(moderator):
    kept = make_case(title="Ferry timetables")
    duplicate = make_case(title="Ferry timetables", state=State.SUBMITTED)
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    assert not Innovation.objects.pending().filter(pk=duplicate.pk).exists()


def test_the_review_page_offers_to_merge_a_detected_duplicate(client, moderator):
    kept = make_case(title="Ferry timetable co-design in Dar")
    case = make_case(title="Ferry timetable co-design", state=State.SUBMITTED)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    assert reverse("moderation:merge", args=[case.pk]) in html
    assert f'value="{kept.pk}"' in html
    response = client.post(reverse("moderation:merge", args=[case.pk]), {"kept": kept.pk})
    assert response.status_code == 302
    assert Innovation.objects.get(pk=case.pk).merged_into_id == kept.pk


def test_the_review_page_of_a_merged_case_says_where_it_went(client, moderator):
    kept, duplicate = make_case(title="Kept one"), make_case()
    services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:review", args=[duplicate.pk])).content.decode()
    assert reverse("moderation:review", args=[kept.pk]) in html
    html = client.get(reverse("moderation:review", args=[kept.pk])).content.decode()
    assert reverse("moderation:review", args=[duplicate.pk]) in html


def merge_queries(moderator, links: int) -> int:
    kept, duplicate = make_case(), make_case()
    for _n in range(links):
        services.case_link(source=make_case(), target=duplicate, kind="same_programme")
    with CaptureQueriesContext(connection) as captured:
        services.innovation_merge(duplicate=duplicate, kept=kept, actor=moderator)
    return len(captured)


def test_a_merge_costs_the_same_queries_whatever_the_number_of_links(moderator):
    few, many = merge_queries(moderator, 1), merge_queries(moderator, 6)
    assert few == many, (few, many)


def test_the_review_page_costs_the_same_queries_with_more_merged_cases(client, moderator):
    kept = make_case()
    sign_in(client, moderator)
    url = reverse("moderation:review", args=[kept.pk])
    services.innovation_merge(duplicate=make_case(), kept=kept, actor=moderator)
    few = queries(client, url)
    for _n in range(4):
        services.innovation_merge(duplicate=make_case(), kept=kept, actor=moderator)
    assert queries(client, url) == few


def test_a_chain_of_merges_redirects_to_the_published_case_at_its_end(client, moderator):
    first, second, last = make_case(), make_case(), make_case()
    services.innovation_merge(duplicate=first, kept=second, actor=moderator)
    services.innovation_merge(duplicate=second, kept=last, actor=moderator)
    response = client.get(first.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == last.get_absolute_url()


def test_an_unknown_address_is_still_404(client):
    assert client.get(reverse("innovations:detail", args=["no-such-case"])).status_code == 404
