"""The co-production dimensions as filters of the search page (facet groups)."""

from functools import reduce
from operator import or_

from django.db.models import CharField, Q, Value
from django.utils.translation import gettext_lazy as _

from innovations.filters import among, vocabulary_group
from innovations.models import Innovation
from innovations.registry import FacetGroup, facet_groups

from .models import DIMENSIONS, CoproductionProfile, EnhancingFactor, HinderingFactor, Reason

SECTION = _("Co-production")


def _profiles(ids=None):
    published = CoproductionProfile.objects.filter(innovation__state=Innovation.State.PUBLISHED)
    return among(published, "innovation_id", ids)


def _cases(condition: Q) -> Q:
    return Q(pk__in=CoproductionProfile.objects.filter(condition).values("innovation_id"))


def dimension_group(dimension) -> FacetGroup:
    if dimension.multiple:

        def memberships(ids=None):
            # One boolean per option: one query per option, as one UNION ALL.
            first, *others = [
                _profiles(ids)
                .filter(**{f"{dimension.name}_{value}": True})
                .annotate(option=Value(value, output_field=CharField()))
                .values_list("innovation_id", "option")
                for value in dimension.choices.values
            ]
            return first.union(*others, all=True) if others else first

        def q(values):
            return _cases(reduce(or_, (Q(**{f"{dimension.name}_{v}": True}) for v in values)))

    else:

        def memberships(ids=None):
            return (
                _profiles(ids)
                .exclude(**{dimension.name: ""})
                .values_list("innovation_id", dimension.name)
            )

        def q(values):
            return _cases(Q(**{f"{dimension.name}__in": values}))

    return FacetGroup(
        key=f"cp_{dimension.name}",
        label=dimension.label,
        definition=dimension.definition,
        section=SECTION,
        choices=lambda: [(str(v), str(label)) for v, label in dimension.choices.choices],
        memberships=memberships,
        q=q,
    )


def register_groups() -> None:
    facet_groups.extend(dimension_group(d) for d in DIMENSIONS)
    facet_groups.extend(
        vocabulary_group(
            key,
            label,
            model,
            getattr(CoproductionProfile, relation).through,
            case="coproductionprofile__innovation",
            section=SECTION,
        )
        for key, label, model, relation in [
            ("cp_reason", _("Reasons for co-production"), Reason, "reasons"),
            ("cp_hindering", _("Hindering factors"), HinderingFactor, "hindering_factors"),
            ("cp_enhancing", _("Enhancing factors"), EnhancingFactor, "enhancing_factors"),
        ]
    )
