"""The co-production profile as a part of a case, written by the innovations services.

Registered in `innovations.registry.case_parts` from this app's ready(): the services
call `save` with the cleaned data of the submission form's section, of an import record
(`from_record`) or of the admin, and the search index adds `index_text` to the case's
tags. The cleaned data maps each dimension to its value (or list of values), the two
texts to strings and the three term lists to terms (or their ids).
"""

from django.utils.translation import gettext_lazy as _

from innovations.importing import RecordError
from innovations.models import twin
from innovations.registry import Column

from .models import (
    DIMENSIONS,
    CoproductionProfile,
    EnhancingFactor,
    HinderingFactor,
    Reason,
)

NAME = "coproduction"
TERM_LISTS = [
    ("reasons", Reason),
    ("hindering_factors", HinderingFactor),
    ("enhancing_factors", EnhancingFactor),
]
TEXTS = ("impact_evidence", "risk_notes")
TEXT_MEANINGS = {
    "impact_evidence": _("What shows the impacts reported (an evaluation, figures, a survey)."),
    "risk_notes": _("How the risks to public values arise or were handled."),
}


def _values(data: dict, dimension) -> list[str]:
    value = data.get(dimension.name)
    if dimension.multiple:
        return list(value or [])
    return [value] if value else []


def _snapshot(profile: CoproductionProfile | None) -> dict | None:
    if profile is None:
        return None
    snapshot = {d.name: profile.values(d) for d in DIMENSIONS}
    snapshot.update({name: getattr(profile, name) for name in TEXTS})
    for name, _model in TERM_LISTS:
        snapshot[name] = set(getattr(profile, name).values_list("pk", flat=True))
    return snapshot


def is_empty(data: dict | None) -> bool:
    return not data or not any(data.get(name) for name in data)


def save(innovation, data: dict | None) -> list[str]:
    """Create, update or (empty data) remove the case's profile; ["coproduction"] if it
    changed, else []."""
    profile = CoproductionProfile.objects.filter(innovation=innovation).first()
    before = _snapshot(profile)
    if is_empty(data):
        if profile is None:
            return []
        profile.delete()
        return [NAME]
    profile = profile or CoproductionProfile(innovation=innovation)
    for dimension in DIMENSIONS:
        profile.set_values(dimension, _values(data, dimension))
    for name in TEXTS:
        setattr(profile, name, data.get(name) or "")
    profile.save()
    for name, _model in TERM_LISTS:
        getattr(profile, name).set({getattr(t, "pk", t) for t in data.get(name) or []})
    return [NAME] if _snapshot(profile) != before else []


def from_record(record: dict) -> dict | None:
    """The cleaned data of a record's `coproduction` part (`RecordError` if invalid)."""
    part = record.get("coproduction")
    if not part:
        return None
    data: dict = {}
    for dimension in DIMENSIONS:
        raw = part.get(dimension.name + ("s" if dimension.multiple else ""), [])
        values = raw if isinstance(raw, list) else [raw] if raw else []
        unknown = set(values) - set(dimension.choices.values)
        if unknown:
            raise RecordError(f"unknown {dimension.name} {', '.join(sorted(unknown))}")
        data[dimension.name] = values if dimension.multiple else (values[0] if values else "")
    for name in TEXTS:
        data[name] = part.get(name, "")
    for name, model in TERM_LISTS:
        slugs = part.get(name, [])
        terms = list(model.objects.filter(slug__in=slugs))
        if len(terms) != len(set(slugs)):
            raise RecordError(f"unknown {name} in {', '.join(slugs)}")
        data[name] = terms
    return data


def index_text(ids: list[int], languages: tuple[str, ...] = ("en", "fr")) -> dict[int, str]:
    """The names of the co-production terms of these cases in these languages (English
    and French by default, as the index's main tag text), by case id."""
    text: dict[int, list[str]] = {}
    for name, model in TERM_LISTS:
        through = getattr(CoproductionProfile, name).through
        prefix = model._meta.model_name
        rows = through.objects.filter(coproductionprofile__innovation_id__in=ids).values_list(
            "coproductionprofile__innovation_id",
            *(f"{prefix}__{twin('name', code)}" for code in languages),
        )
        for pk, *names in rows:
            text.setdefault(pk, []).append(" ".join(names).strip())
    # Sorted: the same document whether a case is indexed alone or in a batch (rows come
    # in no set order, and PostgreSQL's differs between the two).
    return {pk: " ".join(sorted(words)) for pk, words in text.items()}


def _key(dimension) -> str:
    """A dimension's key in a record: plural when several values may apply."""
    return dimension.name + ("s" if dimension.multiple else "")


def columns(values: bool = True) -> list[Column]:
    """The profile's columns in the open data exports, for the codebook (with the
    terms of its lists when `values`)."""
    found = [
        Column(
            f"{NAME}_{_key(d)}",
            f"{_('Co-production')}: {d.label}",
            str(d.definition),
            values=[(c.value, str(c.label)) for c in d.choices],
            multiple=d.multiple,
        )
        for d in DIMENSIONS
    ]
    for name in TEXTS:
        field = CoproductionProfile._meta.get_field(name)
        title = f"{_('Co-production')}: {field.verbose_name}"
        found.append(Column(f"{NAME}_{name}", title, str(TEXT_MEANINGS[name])))
    for name, model in TERM_LISTS:
        found.append(
            Column(
                f"{NAME}_{name}",
                f"{_('Co-production')}: {model._meta.verbose_name_plural}",
                str(model.__doc__.splitlines()[0]),
                values=list(model.objects.values_list("slug", "name")) if values else [],
                multiple=True,
            )
        )
    return found


def export(ids: list[int]) -> dict[int, dict]:
    """The profiles of these cases as the records `from_record` reads, by case id (in
    four queries, however many cases and terms)."""
    found = {}
    for profile in CoproductionProfile.objects.filter(innovation_id__in=ids):
        record = {}
        for d in DIMENSIONS:
            values = profile.values(d)
            record[_key(d)] = values if d.multiple else (values[0] if values else "")
        for name in TEXTS:
            record[name] = getattr(profile, name)
        for name, _model in TERM_LISTS:
            record[name] = []
        found[profile.innovation_id] = record
    for name, model in TERM_LISTS:
        through = getattr(CoproductionProfile, name).through
        rows = through.objects.filter(coproductionprofile__innovation_id__in=ids).values_list(
            "coproductionprofile__innovation_id", f"{model._meta.model_name}__slug"
        )
        for pk, slug in rows:
            found[pk][name].append(slug)
    for record in found.values():
        for name, _model in TERM_LISTS:
            record[name].sort()
    return found
