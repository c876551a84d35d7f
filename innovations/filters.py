"""The search page's filters: the facet groups, and the cleaning of a query string.

The facet groups (innovations' own here, co-production's added from its app) define
each filter once: its options, its memberships for the facet index, and its SQL (`q`,
which the tests' FilterSet uses to check the facet index's counts). `parse` turns the
query string into clean values (unknown values are dropped with a message, never an
error page).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from . import quality
from .models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector
from .registry import FacetGroup, facet_groups

YEAR_MIN, YEAR_MAX = 1900, 2100
SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "year": _("Year launched"),
    "title": _("Title"),
}
MAX_QUERY = 200
FIELD_LABELS = {
    "q": _("search text"),
    "year_from": _("from year"),
    "year_to": _("to year"),
    "sort": _("sort order"),
}


def among(queryset, column: str, ids: list[int] | None):
    """The rows of these cases only (None: of every case)."""
    return queryset if ids is None else queryset.filter(**{f"{column}__in": ids})


def vocabulary_group(key, label, model, through, case="innovation", section="") -> FacetGroup:
    """A filter on an editable vocabulary, through its link table to cases.

    `case` is the path from a link row to its case (`innovation`, or a longer path when
    the vocabulary hangs off another model, as the co-production terms do).
    """
    column = model._meta.model_name
    return FacetGroup(
        key=key,
        label=label,
        section=section,
        choices=lambda: [(t.slug, t.label) for t in model.objects.all()],
        # Every case's links: the facet index keeps those of published cases (a join
        # to the cases here would cost more than the rows it saves).
        memberships=lambda ids=None: among(
            through.objects.order_by(), f"{case}_id", ids
        ).values_list(f"{case}_id", f"{column}__slug"),
        q=lambda values: Q(
            pk__in=through.objects.filter(**{f"{column}__slug__in": values}).values(f"{case}_id")
        ),
    )


def choice_group(key, label, field, choices, definition="") -> FacetGroup:
    return FacetGroup(
        key=key,
        label=label,
        definition=definition,
        choices=lambda: [(str(v), str(lbl)) for v, lbl in choices],
        memberships=lambda ids=None: among(
            Innovation.objects.published().exclude(**{field: ""}).order_by(), "pk", ids
        ).values_list("pk", field),
        q=lambda values: Q(**{f"{field}__in": values}),
    )


def _country_choices():
    return [(code, str(name)) for code, name in all_countries]


country_group = FacetGroup(
    key="country",
    label=_("Country"),
    choices=_country_choices,
    memberships=lambda ids=None: among(
        InnovationCountry.objects.order_by(), "innovation_id", ids
    ).values_list("innovation_id", "country"),
    q=lambda values: Q(
        pk__in=InnovationCountry.objects.filter(country__in=values).values("innovation_id")
    ),
    hide_empty=True,
)


def register_groups() -> None:
    """The case's own filters, first on the page."""
    facet_groups[:0] = [
        vocabulary_group("sector", _("Sector"), Sector, Innovation.sectors.through),
        vocabulary_group(
            "approach", _("Innovation approach"), Approach, Innovation.approaches.through
        ),
        vocabulary_group(
            "factor", _("Enabling factor"), EnablingFactor, Innovation.enabling_factors.through
        ),
        country_group,
        choice_group("level", _("Level of government"), "level", Innovation.Level.choices),
        choice_group("status", _("Status"), "status", Innovation.Status.choices),
        *quality.groups(),
    ]


class SearchForm(forms.Form):
    """The parameters that are not facets."""

    q = forms.CharField(required=False, strip=True)
    year_from = forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))


def parse(params, choices: dict) -> tuple[dict, dict[str, list[str]], list[str]]:
    """Clean values from a query string: (plain fields, facet selections, messages).

    `choices` maps each group to its (value, label) options (the facet index has them).
    """
    messages: list[str] = []
    form = SearchForm(params)
    form.is_valid()
    plain = {name: form.cleaned_data.get(name) for name in form.fields}
    for name, errors in form.errors.items():
        plain[name] = None
        messages.append(
            _("Ignored %(field)s “%(value)s”: %(error)s")
            % {"field": FIELD_LABELS[name], "value": str(params.get(name))[:40], "error": errors[0]}
        )
    query = (plain.get("q") or "").replace("\x00", "")
    if len(query) > MAX_QUERY:
        messages.append(_("The search text was cut to %(n)s characters.") % {"n": MAX_QUERY})
        query = query[:MAX_QUERY]
    plain["q"] = query
    if plain["year_from"] and plain["year_to"] and plain["year_from"] > plain["year_to"]:
        plain["year_from"], plain["year_to"] = plain["year_to"], plain["year_from"]
    selected: dict[str, list[str]] = {}
    for group in facet_groups:
        values = [v for v in params.getlist(group.key) if v]
        if not values:
            continue
        known = {value for value, _label in choices.get(group.key, [])}
        unknown = [v for v in values if v not in known]
        for value in unknown[:5]:
            messages.append(
                _("Ignored unknown %(group)s “%(value)s”.")
                % {"group": str(group.label).lower(), "value": value[:40]}
            )
        selected[group.key] = list(dict.fromkeys(v for v in values if v in known))
    return plain, selected, messages
