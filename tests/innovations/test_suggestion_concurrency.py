"""Two moderators accepting two suggestions to one case at the same moment: neither
change is lost silently. Real threads, each with its own connection (see
test_moderation_concurrency.py): the case's row lock (PostgreSQL) or the database
write lock (SQLite) puts them one after the other, and the second sees what the first
did."""

from django.db import connection

from innovations import services
from innovations.models import Innovation, Suggestion
from tests.factories import REAL_TRANSACTIONS, TRIALS, make_case, race

Decision = Suggestion.Decision


def accept(suggestion_id, user):
    return services.suggestion_accept(suggestion=suggestion_id, actor=user)


@REAL_TRANSACTIONS
def test_two_accepts_of_the_same_field_give_one_change_and_one_conflict(moderator, other_moderator):
    for n in range(TRIALS):
        case = make_case(title=f"Base {n}")
        one, two = (
            services.suggestion_create(innovation=case, changes={"title": f"{word} {n}"})
            for word in ("One", "Two")
        )
        outcomes = race(accept, (one.pk, moderator), (two.pk, other_moderator))
        applied = [o for o in outcomes if isinstance(o, Suggestion)]
        conflicts = [o for o in outcomes if isinstance(o, services.SuggestionConflict)]
        assert (len(applied), len(conflicts)) == (1, 1), outcomes
        title = Innovation.objects.get(pk=case.pk).title
        assert title == applied[0].changes["title"]
        states = dict(Suggestion.objects.filter(innovation=case).values_list("pk", "state"))
        assert sorted(states.values()) == [Decision.ACCEPTED, Decision.PENDING]
        assert case.versions.filter(note__startswith="Suggested").count() <= 1
    print(f"\n{connection.vendor}: {TRIALS} races, one applied and one conflict each")


@REAL_TRANSACTIONS
def test_two_accepts_of_different_fields_keep_both(moderator, other_moderator):
    for n in range(TRIALS):
        case = make_case(title=f"Base {n}")
        title = services.suggestion_create(innovation=case, changes={"title": f"New {n}"})
        summary = services.suggestion_create(innovation=case, changes={"summary": f"Sum {n}."})
        outcomes = race(accept, (title.pk, moderator), (summary.pk, other_moderator))
        assert all(isinstance(o, Suggestion) for o in outcomes), outcomes
        case = Innovation.objects.get(pk=case.pk)
        assert (case.title, case.summary) == (f"New {n}", f"Sum {n}.")
        latest = case.versions.order_by("-number").first()
        assert (latest.record["title"], latest.record["summary"]) == (f"New {n}", f"Sum {n}.")


@REAL_TRANSACTIONS
def test_the_same_suggestion_accepted_twice_at_once_applies_once(moderator, other_moderator):
    for n in range(TRIALS // 2):
        case = make_case(title=f"Base {n}")
        found = services.suggestion_create(innovation=case, changes={"title": f"New {n}"})
        before = case.versions.count()
        outcomes = race(accept, (found.pk, moderator), (found.pk, other_moderator))
        assert sum(isinstance(o, Suggestion) for o in outcomes) == 1, outcomes
        assert sum(isinstance(o, services.TransitionError) for o in outcomes) == 1
        assert case.versions.count() == before + 1
