"""The public history page, the moderators' versions and suggestions pages: what they
show, what they never show, and their constant query counts; events under their names."""

import pytest
from django.urls import reverse

from innovations import services
from innovations.models import CaseEdit, Innovation, Suggestion
from tests.factories import make_case, queries, sign_in

pytestmark = pytest.mark.django_db
State = Innovation.State


def edit(case, moderator, n):
    services.innovation_edit(
        innovation=case,
        data={"summary": f"Summary {n}.", "countries": ["FR", "DK"][: 1 + n % 2]},
        actor=moderator,
    )


def test_the_history_shows_published_versions_and_nothing_private(client, moderator):
    case = make_case(
        state=State.DRAFT,
        title="Draft title nobody saw",
        contributor_name="Secret Person",
        contributor_email="secret@example.org",
    )
    services.innovation_edit(innovation=case, data={"title": "Public title"}, actor=moderator)
    services.innovation_submit(innovation=case)
    services.innovation_publish(innovation=case, actor=moderator)
    services.innovation_edit(innovation=case, data={"summary": "Corrected."}, actor=moderator)
    services.innovation_unpublish(innovation=case, actor=moderator)
    services.innovation_edit(innovation=case, data={"summary": "Hidden step."}, actor=moderator)
    services.innovation_edit(innovation=case, data={"summary": "Final."}, actor=moderator)
    case.refresh_from_db()
    url = reverse("innovations:history", args=[case.slug])
    assert client.get(url).status_code == 404  # unpublished: no history either
    services.innovation_publish(innovation=case, actor=moderator)
    page = client.get(url).content.decode()
    assert "Draft title nobody saw" not in page and "Hidden step" not in page
    assert "Secret" not in page and "secret@" not in page and "mod@" not in page
    assert "Corrected." in page and "Final." in page and "First version" in page


def test_the_history_page_costs_the_same_with_many_versions(client, moderator):
    few, many = make_case(), make_case()
    edit(few, moderator, 0)
    for n in range(12):
        edit(many, moderator, n)
    small = queries(client, reverse("innovations:history", args=[few.slug]))
    large = queries(client, reverse("innovations:history", args=[many.slug]))
    assert small == large <= 4


def test_the_suggestion_form_costs_the_same_for_any_case(client):
    small = queries(client, reverse("innovations:suggest", args=[make_case().slug]))
    big = make_case(description="Long " * 500, countries=("FR", "DE", "IT"))
    # The page, the case, its tags and countries (pre-filled) and the three
    # vocabularies' terms (the checkboxes): the same for any case.
    assert queries(client, reverse("innovations:suggest", args=[big.slug])) == small <= 8


def test_moderators_compare_any_two_versions_and_revert(client, moderator):
    case = make_case(title="First")
    services.innovation_edit(innovation=case, data={"title": "Second"}, actor=moderator)
    services.innovation_edit(innovation=case, data={"title": "Third"}, actor=moderator)
    sign_in(client, moderator)
    url = reverse("moderation:versions", args=[case.pk])
    page = client.get(url + "?a=2&b=4").content.decode()
    assert "<del>First</del>" in page and "<ins>Third</ins>" in page
    assert client.get(url + "?a=x&b=99999999999").status_code == 200  # bad numbers: ignored
    client.post(reverse("moderation:revert", args=[case.pk, 2]))
    case.refresh_from_db()
    assert case.title == "First"
    assert "Reverted" in client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    assert client.post(reverse("moderation:revert", args=[case.pk, 999])).status_code == 404


def test_moderation_pages_cost_the_same_with_more_versions_and_suggestions(client, moderator):
    sign_in(client, moderator)
    few, many = make_case(), make_case()
    edit(few, moderator, 0)
    services.suggestion_create(innovation=few, changes={"title": "A"})
    for n in range(10):
        edit(many, moderator, n)
        services.suggestion_create(innovation=many, changes={"title": f"B {n}"})
    small = queries(client, reverse("moderation:versions", args=[few.pk]))
    assert queries(client, reverse("moderation:versions", args=[many.pk])) == small
    assert queries(client, reverse("moderation:suggestions")) <= 12


def test_events_have_their_own_names_and_the_status_page_shows_only_transitions(client, moderator):
    case = make_case()
    services.innovation_feature(innovation=case, actor=moderator, order=1)
    services.innovation_feature(innovation=case, actor=moderator, featured=False)
    services.innovation_edit(innovation=case, data={"title": "Edited"}, actor=moderator)
    services.innovation_verify(innovation=case, actor=moderator)
    events = list(case.edits.order_by("at", "pk").values_list("event", flat=True))
    assert events == ["feature", "unfeature", "edit", "verify"]
    sign_in(client, moderator)
    review = client.get(reverse("moderation:review", args=[case.pk])).content.decode()
    for label in ("Featured", "Taken off the home page", "Edited: Title", "Verified"):
        assert label in review
    assert review.count("Published → Published") == 0
    client.logout()
    status = client.get(reverse("innovations:status", args=[services.status_token(case)]))
    text = status.content.decode()
    history = text.split('<ol class="history">')[1].split("</ol>")[0]
    assert (
        history.count("<li>") == 3 and history.count("Published") == 1
    )  # draft, submitted, published
    assert "Featured" not in history and "Verified" not in history and "Edited" not in history


def test_verification_is_shown_with_its_date_and_only_for_published_cases(client, moderator):
    case = make_case()
    services.innovation_verify(innovation=case, actor=moderator)
    case.refresh_from_db()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Verified by the moderators on" in page and "Last reviewed" in page
    with pytest.raises(services.TransitionError):
        services.innovation_verify(innovation=make_case(state=State.SUBMITTED), actor=moderator)
    assert CaseEdit.objects.filter(event=CaseEdit.Event.VERIFY).count() == 1
    assert Suggestion.objects.count() == 0
