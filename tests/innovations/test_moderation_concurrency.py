"""Two moderators acting on one case at the same moment: exactly one transition wins.

Real threads, each with its own database connection, released together by a barrier.
PostgreSQL serialises them on the row lock (select_for_update); SQLite on the database
write lock that the IMMEDIATE transaction mode takes at BEGIN.
"""

from django.db import connection

from innovations import services
from innovations.models import Innovation, StateChange
from tests.factories import REAL_TRANSACTIONS, TRIALS, make_case, race, sign_in

State = Innovation.State


@REAL_TRANSACTIONS
def test_two_moderators_publishing_at_once_record_exactly_one_transition(
    moderator, other_moderator
):
    def publish(case_id, user):
        return services.innovation_publish(innovation=case_id, actor=user)

    recorded = 0
    for _ in range(TRIALS):
        case = services.innovation_submit(innovation=make_case(state=State.DRAFT))
        outcomes = race(publish, (case.pk, moderator), (case.pk, other_moderator))
        winners = [o for o in outcomes if isinstance(o, Innovation)]
        losers = [o for o in outcomes if isinstance(o, services.TransitionError)]
        assert (len(winners), len(losers)) == (1, 1), outcomes
        assert "Someone may have acted on it" in losers[0].message
        assert losers[0].state == State.PUBLISHED
        published = StateChange.objects.filter(innovation=case, to_state=State.PUBLISHED)
        assert published.count() == 1
        recorded += published.count()
        assert Innovation.objects.get(pk=case.pk).state == State.PUBLISHED
    print(f"\n{connection.vendor}: {TRIALS} concurrent trials, {recorded} publications recorded")
    assert recorded == TRIALS


@REAL_TRANSACTIONS
def test_publish_and_reject_at_once_leave_one_consistent_outcome(moderator, other_moderator):
    case = services.innovation_submit(innovation=make_case(state=State.DRAFT))
    outcomes = race(
        lambda which: (
            services.innovation_publish(innovation=case.pk, actor=moderator)
            if which == "publish"
            else services.innovation_reject(innovation=case.pk, actor=other_moderator, note="No")
        ),
        ("publish",),
        ("reject",),
    )
    winners = [o for o in outcomes if isinstance(o, Innovation)]
    assert len(winners) == 1, outcomes
    final = Innovation.objects.get(pk=case.pk).state
    assert final == winners[0].state
    moves = StateChange.objects.filter(innovation=case, from_state=State.SUBMITTED)
    assert [m.to_state for m in moves] == [final]


@REAL_TRANSACTIONS
def test_two_moderators_posting_publish_at_once_get_one_success_and_one_conflict(
    moderator, other_moderator
):
    from django.test import Client
    from django.urls import reverse

    clients = []
    for user in (moderator, other_moderator):
        client = Client()
        sign_in(client, user)
        clients.append(client)

    def post(client, url):
        return client.post(
            url, {"action": "publish", "expected_state": State.SUBMITTED}
        ).status_code

    for _ in range(TRIALS // 2):
        case = services.innovation_submit(innovation=make_case(state=State.DRAFT))
        url = reverse("moderation:act", args=[case.pk])
        statuses = race(post, (clients[0], url), (clients[1], url))
        assert sorted(statuses) == [302, 409], statuses
        published = StateChange.objects.filter(innovation=case, to_state=State.PUBLISHED)
        assert published.count() == 1
