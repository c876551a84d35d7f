"""Collections and links between cases: curated by moderators through the services,
shown only with published cases, on both cases' pages, in the sitemap and the feeds,
at a constant number of queries."""

import pytest
from django.urls import reverse

from innovations import services
from innovations.models import CaseLink, Collection, Innovation
from tests.factories import assert_true, make_case, queries, sign_in
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db
State = Innovation.State


def test_a_moderator_curates_an_ordered_collection(client, moderator):
    first, second = make_case(title="Alpha clinic"), make_case(title="Beta clinic")
    draft = make_case(state=State.SUBMITTED, title="Gamma draft")
    rejected = make_case(state=State.REJECTED, title="Delta rejected")
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:collections"),
        {"title": "Co-production in health", "description": "Patients as partners."},
    )
    collection = Collection.objects.get()
    assert response.url == reverse("moderation:collection", args=[collection.pk])
    lines = (
        f"{second.slug}\nhttp://testserver/cases/{draft.slug}/\n{first.slug}\nno-such-case\n"
        f"{rejected.slug}"
    )
    page = client.post(
        reverse("moderation:collection", args=[collection.pk]),
        {"title": collection.title, "description": collection.description, "cases": lines},
        follow=True,
    ).content.decode()
    assert "no-such-case" in page
    assert list(collection.items.values_list("innovation_id", flat=True)) == [
        second.pk, draft.pk, first.pk, rejected.pk,
    ]  # fmt: skip
    client.logout()
    public = client.get(collection.get_absolute_url()).content.decode()
    assert public.index("Beta clinic") < public.index("Alpha clinic")
    assert "Gamma draft" not in public and "Delta rejected" not in public
    assert "Patients as partners." in public
    assert "Co-production in health" in client.get(first.get_absolute_url()).content.decode()
    feed = client.get(reverse("innovations:collection-feed", args=[collection.slug]))
    assert b"Beta clinic" in feed.content and b"Gamma draft" not in feed.content
    assert b"Delta rejected" not in feed.content
    sitemap = sitemap_text(client)
    assert collection.get_absolute_url() in sitemap
    assert (
        "Co-production in health" in client.get(reverse("innovations:collections")).content.decode()
    )
    assert_true()


def test_links_show_on_both_pages_and_only_between_published_cases(client, moderator):
    old, new = make_case(title="Old service"), make_case(title="New service")
    hidden = make_case(state=State.SUBMITTED, title="Hidden service")
    sign_in(client, moderator)
    client.post(
        reverse("moderation:link", args=[new.pk]), {"other": old.slug, "kind": "successor_of"}
    )
    client.post(
        reverse("moderation:link", args=[new.pk]), {"other": hidden.slug, "kind": "inspired_by"}
    )
    client.post(reverse("moderation:link", args=[new.pk]), {"other": new.slug, "kind": "x"})
    assert CaseLink.objects.count() == 2
    client.logout()
    new_page = client.get(new.get_absolute_url()).content.decode()
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Successor of: <a" in new_page and "Old service" in new_page
    assert "Predecessor of: <a" in old_page and "New service" in old_page
    assert "Hidden service" not in new_page
    sign_in(client, moderator)
    link = CaseLink.objects.get(kind="successor_of")
    client.post(reverse("moderation:link", args=[old.pk]), {"remove": str(link.pk)})
    client.logout()
    assert "Successor of" not in client.get(new.get_absolute_url()).content.decode()
    assert_true()


def test_collection_and_case_pages_cost_the_same_with_more_cases_and_links():
    small, big = (services.collection_save(title=t) for t in ("Small", "Big"))
    few = [make_case() for _ in range(2)]
    many = [make_case(countries=("FR", "DE")) for _ in range(12)]
    services.collection_set_cases(collection=small, cases=[c.pk for c in few])
    services.collection_set_cases(collection=big, cases=[c.pk for c in many])
    for other in many[1:6]:
        services.case_link(source=many[0], target=other, kind="same_programme")
    services.case_link(source=few[0], target=few[1], kind="inspired_by")
    from django.test import Client

    client = Client()
    assert queries(client, small.get_absolute_url()) == queries(client, big.get_absolute_url())
    from django.core.cache import cache

    cache.clear()
    one = queries(client, few[0].get_absolute_url())
    cache.clear()
    assert queries(client, many[0].get_absolute_url()) == one


def test_an_empty_collection_is_shown_fresh_and_kept_out_of_the_sitemap(client):
    collection = services.collection_save(title="Empty for now")
    first = client.get(reverse("innovations:collections"))
    services.collection_save(collection=collection, title="Renamed")
    again = client.get(
        reverse("innovations:collections"), HTTP_IF_NONE_MATCH=first.get("ETag", "x")
    )
    assert again.status_code == 200 and "Renamed" in again.content.decode()
    assert collection.get_absolute_url() not in sitemap_text(client)
