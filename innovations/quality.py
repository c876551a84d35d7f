"""How complete a case is, and the quality filters of the search page.

A case is complete when every field below is filled: the texts a reader needs to
learn from it (OPSI's sections), its facts and its tags. The score is the share filled;
what is missing is shown to readers on the case page and to the contributor as a hint.
"Verified" is a moderator's action (`services.innovation_verify`).
"""

from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from .models import Innovation, InnovationCountry

# Named by the model's verbose names (the labels are written once, on the model).
TEXTS = [
    "summary",
    "description",
    "innovative",
    "results",
    "challenges",
    "level",
    "lead_organisation",
    "status",
    "language",
]
TAGS = ["sectors", "approaches", "enabling_factors"]
EXPECTED = len(TEXTS) + len(TAGS) + 2  # and the year launched, the countries


def _label(name: str) -> str:
    return str(Innovation._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Completeness:
    score: int  # per cent
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def completeness(case: Innovation) -> Completeness:
    """From the case as fetched with `for_detail()` (its tags and countries prefetched)."""
    missing = [_label(name) for name in TEXTS if not getattr(case, name)]
    if case.year_launched is None:
        missing.append(_label("year_launched"))
    missing += [_label(name) for name in TAGS if not getattr(case, name).all()]
    if not case.country_links.all():
        missing.append(str(InnovationCountry._meta.verbose_name_plural))
    return Completeness(round(100 * (EXPECTED - len(missing)) / EXPECTED), missing)


def complete_q() -> Q:
    """The same test in SQL: every expected field filled."""
    q = Q(year_launched__isnull=False)
    for name in TEXTS:
        q &= ~Q(**{name: ""})
    for name in TAGS:
        through = getattr(Innovation, name).through
        q &= Q(Exists(through.objects.filter(innovation_id=OuterRef("pk"))))
    return q & Q(Exists(InnovationCountry.objects.filter(innovation_id=OuterRef("pk"))))


def _rows(q: Q, value: str):
    def memberships(ids=None):
        cases = Innovation.objects.published().filter(q).order_by()
        if ids is not None:
            cases = cases.filter(pk__in=ids)
        return cases.annotate(value=Value(value, output_field=CharField())).values_list(
            "pk", "value"
        )

    return memberships


def groups() -> list:
    from .registry import FacetGroup

    return [
        FacetGroup(
            key="verified",
            label=_("Verified"),
            definition=_("Checked by the moderators, who give the date on the case page."),
            choices=lambda: [("verified", str(_("Verified by the moderators")))],
            memberships=_rows(Q(verified_at__isnull=False), "verified"),
            q=lambda values: Q(verified_at__isnull=False),
        ),
        FacetGroup(
            key="completeness",
            label=_("Completeness"),
            definition=_("Every section, fact and tag of the case is filled in."),
            choices=lambda: [("complete", str(_("Complete")))],
            memberships=lambda ids=None: _rows(complete_q(), "complete")(ids),
            q=lambda values: complete_q(),
        ),
    ]
