"""The search filters in SQL, by django-filter: the reference the tests check the facet
index's counts against (OR within a group, AND across groups)."""

import django_filters
from django.http import QueryDict

from innovations.models import Innovation
from innovations.registry import FacetGroup, facet_groups


def _group_method(group: FacetGroup):
    def method(queryset, name, values):
        return queryset.filter(group.q(values)) if values else queryset

    return method


def case_filterset_class() -> type[django_filters.FilterSet]:
    """A FilterSet with one filter per facet group, built when the groups are known."""
    attrs = {
        group.key: django_filters.MultipleChoiceFilter(
            choices=group.choices, method=_group_method(group), label=group.label
        )
        for group in facet_groups
    }
    attrs["year_from"] = django_filters.NumberFilter("year_launched", lookup_expr="gte")
    attrs["year_to"] = django_filters.NumberFilter("year_launched", lookup_expr="lte")
    meta = type("Meta", (), {"model": Innovation, "fields": []})
    return type("CaseFilterSet", (django_filters.FilterSet,), {**attrs, "Meta": meta})


def filter_queryset(queryset, plain: dict, selected: dict[str, list[str]]):
    """The same filters in SQL (OR within a group, AND across groups), by django-filter.

    Filtering goes through id subqueries, never SELECT DISTINCT over whole rows.
    """
    data = QueryDict(mutable=True)
    for key, values in selected.items():
        data.setlist(key, values)
    for key in ("year_from", "year_to"):
        if plain.get(key):
            data[key] = str(plain[key])
    filterset = case_filterset_class()(data, queryset=queryset)
    if not filterset.is_valid():
        raise ValueError(filterset.errors)
    return filterset.qs
