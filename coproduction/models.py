"""The co-production profile of a case (OECD 2011, Together for Better Public Services).

Co-production is "a way of planning, designing and delivering public services which
draws directly on input from citizens, service users and civil society organisations",
distinct from simple citizen involvement and from contracting out.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovations.models import Innovation, Vocabulary

DEFINITION = _(
    "A way of planning, designing and delivering public services which draws directly on "
    "input from citizens, service users and civil society organisations (OECD 2011); "
    "distinct from simple citizen involvement and from contracting out."
)


class Kind(models.TextChoices):
    ADDITION = "addition", _("Addition to professional work")
    SUBSTITUTION = "substitution", _("Substitution for professional work")


class Initiative(models.TextChoices):
    INDEPENDENT = "independent", _("Independent (citizens' own initiative)")
    PROMPTED = "prompted", _("Prompted by agency action")


class Relation(models.TextChoices):
    WITH = "with_professionals", _("Working with professionals")
    INSTEAD = "instead_of_professionals", _("Working instead of professionals")


class Regularity(models.TextChoices):
    OCCASIONAL = "occasional", _("Occasional")
    MAINSTREAMED = "mainstreamed", _("Mainstreamed")


class Partnership(models.TextChoices):
    SHORT = "short_term", _("Short-term")
    LONG = "long_term", _("Long-term")


class ChangeDegree(models.TextChoices):
    INCREMENTAL = "incremental", _("Incremental")
    RADICAL = "radical", _("Radical")


class ChangeStage(models.TextChoices):
    NEW = "new", _("New initiative")
    EMBEDDED = "embedded", _("Embedded practice")


class Stage(models.TextChoices):
    PLANNING = "planning", _("Planning")
    DESIGN = "design", _("Design")
    DELIVERY = "delivery", _("Delivery")
    EVALUATION = "evaluation", _("Review / evaluation")


class Tool(models.TextChoices):
    ICT = "ict", _("ICT / web 2.0")
    CITIZEN_TRAINING = "citizen_training", _("Training of citizens")
    PROFESSIONAL_TRAINING = "professional_training", _("Training of professionals")


class Impact(models.TextChoices):
    SERVICE_QUALITY = "service_quality", _("Service quality")
    VALUE_FOR_MONEY = "value_for_money", _("Value for money")
    OUTCOMES = "outcomes", _("Better outcomes")
    INNOVATION = "innovation", _("Innovation")
    CAPACITY = "capacity", _("Government capacity")


class Risk(models.TextChoices):
    ACCOUNTABILITY = "accountability", _("Accountability")
    PROBITY = "probity", _("Probity")


@dataclass(frozen=True)
class Dimension:
    """One dimension of the study: its field, label, one-line definition and options."""

    name: str
    label: str
    definition: str
    choices: type[models.TextChoices]
    multiple: bool = False

    @property
    def fields(self) -> list[str]:
        """The model fields that hold it: one, or one boolean per option."""
        if self.multiple:
            return [f"{self.name}_{value}" for value in self.choices.values]
        return [self.name]


DIMENSIONS = [
    Dimension(
        "kind",
        _("Type"),
        _("Whether citizens add to what professionals do, or take over part of it."),
        Kind,
    ),
    Dimension(
        "initiative",
        _("Initiative"),
        _("Whether citizens started it themselves or were prompted by a public agency."),
        Initiative,
    ),
    Dimension(
        "relation",
        _("Relation to professionals"),
        _("Whether citizens work alongside professionals or instead of them."),
        Relation,
    ),
    Dimension(
        "regularity",
        _("Regularity"),
        _("Whether it happens now and then or is part of how the service is run."),
        Regularity,
    ),
    Dimension(
        "partnership",
        _("Partnership"),
        _("Whether the partnership with citizens is short-term or long-term."),
        Partnership,
    ),
    Dimension(
        "stage",
        _("Stages involved"),
        _("The stages of the service cycle in which citizens take part."),
        Stage,
        multiple=True,
    ),
    Dimension(
        "change_degree",
        _("Degree of change"),
        _("Whether it changes the service a little (incremental) or fundamentally (radical)."),
        ChangeDegree,
    ),
    Dimension(
        "change_stage",
        _("Stage of change"),
        _("Whether it is a new initiative or an embedded, established practice."),
        ChangeStage,
    ),
    Dimension(
        "tool", _("Tools"), _("The means used to make co-production work."), Tool, multiple=True
    ),
    Dimension("impact", _("Impacts"), _("The kinds of benefit reported."), Impact, multiple=True),
    Dimension(
        "risk", _("Risks"), _("The risks to public values that it raises."), Risk, multiple=True
    ),
]


# What each editable list records (the study asked countries for each of them).
REASONS_DEFINITION = _("Why the public organisation chose to co-produce the service.")
HINDERING_DEFINITION = _("What stood in the way of co-production or limited it.")
ENHANCING_DEFINITION = _("What helped co-production to start, work or last.")


class CoproductionTerm(Vocabulary):
    """Editable terms of the study (reasons, hindering and enhancing factors).

    Editors add or rename terms in the admin; the three lists share this shape.
    """

    class Meta(Vocabulary.Meta):
        abstract = True

    def case_ids(self) -> list[int]:
        return list(self.profiles.values_list("innovation_id", flat=True))


class Reason(CoproductionTerm):
    """A reason for using co-production."""

    class Meta(CoproductionTerm.Meta):
        verbose_name = _("reason for co-production")
        verbose_name_plural = _("reasons for co-production")


class HinderingFactor(CoproductionTerm):
    """A factor that hinders co-production."""

    class Meta(CoproductionTerm.Meta):
        verbose_name = _("hindering factor")
        verbose_name_plural = _("hindering factors")


class EnhancingFactor(CoproductionTerm):
    """A factor that enhances co-production."""

    class Meta(CoproductionTerm.Meta):
        verbose_name = _("enhancing factor")
        verbose_name_plural = _("enhancing factors")


def _choice(choices, verbose_name):
    return models.CharField(
        verbose_name, max_length=30, choices=choices, blank=True, default="", db_default=""
    )


def _flag(verbose_name):
    return models.BooleanField(verbose_name, default=False, db_default=False)


class CoproductionProfile(models.Model):
    """How a case co-produces its service with citizens, by the study's dimensions."""

    innovation = models.OneToOneField(
        Innovation,
        on_delete=models.CASCADE,
        related_name="coproduction",
        verbose_name=_("innovation"),
    )
    kind = _choice(Kind, _("type"))
    initiative = _choice(Initiative, _("initiative"))
    relation = _choice(Relation, _("relation to professionals"))
    regularity = _choice(Regularity, _("regularity"))
    partnership = _choice(Partnership, _("partnership"))
    change_degree = _choice(ChangeDegree, _("degree of change"))
    change_stage = _choice(ChangeStage, _("stage of change"))

    # Several may apply: one boolean each, so that filters and counts are plain SQL
    # on both databases (SQLite has no array type and no JSON containment).
    stage_planning = _flag(_("planning"))
    stage_design = _flag(_("design"))
    stage_delivery = _flag(_("delivery"))
    stage_evaluation = _flag(_("review / evaluation"))
    tool_ict = _flag(_("ICT / web 2.0"))
    tool_citizen_training = _flag(_("training of citizens"))
    tool_professional_training = _flag(_("training of professionals"))
    impact_service_quality = _flag(_("service quality"))
    impact_value_for_money = _flag(_("value for money"))
    impact_outcomes = _flag(_("better outcomes"))
    impact_innovation = _flag(_("innovation"))
    impact_capacity = _flag(_("government capacity"))
    impact_evidence = models.TextField(_("evidence of impact"), blank=True)
    risk_accountability = _flag(_("accountability"))
    risk_probity = _flag(_("probity"))
    risk_notes = models.TextField(_("notes on risks"), blank=True)

    reasons = models.ManyToManyField(
        Reason, blank=True, related_name="profiles", verbose_name=_("reasons for co-production")
    )
    hindering_factors = models.ManyToManyField(
        HinderingFactor, blank=True, related_name="profiles", verbose_name=_("hindering factors")
    )
    enhancing_factors = models.ManyToManyField(
        EnhancingFactor, blank=True, related_name="profiles", verbose_name=_("enhancing factors")
    )

    class Meta:
        verbose_name = _("co-production profile")
        verbose_name_plural = _("co-production profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{d.name}__in": [*d.choices.values, ""]}),
                name=f"coproduction_{d.name}_valid",
            )
            for d in DIMENSIONS
            if not d.multiple
        ]

    def __str__(self) -> str:
        return str(_("Co-production profile of %(case)s") % {"case": self.innovation})

    def values(self, dimension: Dimension) -> list[str]:
        """The chosen option values of one dimension."""
        if dimension.multiple:
            return [v for v in dimension.choices.values if getattr(self, f"{dimension.name}_{v}")]
        value = getattr(self, dimension.name)
        return [value] if value else []

    def set_values(self, dimension: Dimension, values) -> None:
        """Set one dimension from a list of option values."""
        if dimension.multiple:
            for v in dimension.choices.values:
                setattr(self, f"{dimension.name}_{v}", v in values)
        else:
            setattr(self, dimension.name, values[0] if values else "")

    def rows(self) -> list[dict]:
        """Each dimension with its definition and chosen labels, for templates; each
        value with the address of the search for it (`options`: label and URL)."""
        rows = []
        for dimension in DIMENSIONS:
            values = self.values(dimension)
            options = [
                (dimension.choices(v).label, search_url(f"cp_{dimension.name}", v)) for v in values
            ]
            labels = [label for label, _url in options]
            rows.append({"dimension": dimension, "labels": labels, "options": options})
        return rows

    def term_lists(self) -> list[dict]:
        """The three editable lists with their definitions and terms (each with the
        address of its search), for templates."""
        return [
            {
                "label": label,
                "definition": definition,
                "terms": [(term, search_url(key, term.slug)) for term in terms.all()],
            }
            for key, label, definition, terms in [
                ("cp_reason", _("Reasons for co-production"), REASONS_DEFINITION, self.reasons),
                (
                    "cp_hindering",
                    _("Hindering factors"),
                    HINDERING_DEFINITION,
                    self.hindering_factors,
                ),
                (
                    "cp_enhancing",
                    _("Enhancing factors"),
                    ENHANCING_DEFINITION,
                    self.enhancing_factors,
                ),
            ]
        ]


def search_url(key: str, value: str) -> str:
    """The search page's address for the cases with this option of a filter."""
    return f"{reverse('innovations:list')}?{urlencode({key: value})}"
