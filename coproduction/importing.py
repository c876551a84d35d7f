"""Stores the co-production part of an imported case record."""

from innovations.importing import RecordError

from .models import DIMENSIONS, CoproductionProfile, EnhancingFactor, HinderingFactor, Reason

TERM_LISTS = [
    ("reasons", Reason),
    ("hindering_factors", HinderingFactor),
    ("enhancing_factors", EnhancingFactor),
]


def store_profile(sender, *, innovation, data, **kwargs) -> None:
    """Create, update or remove the case's profile from the record's `coproduction` part."""
    record = data.get("coproduction")
    if not record:
        CoproductionProfile.objects.filter(innovation=innovation).delete()
        return
    profile = CoproductionProfile.objects.filter(innovation=innovation).first()
    profile = profile or CoproductionProfile(innovation=innovation)
    for dimension in DIMENSIONS:
        raw = record.get(dimension.name + ("s" if dimension.multiple else ""), [])
        values = raw if isinstance(raw, list) else [raw] if raw else []
        unknown = set(values) - set(dimension.choices.values)
        if unknown:
            raise RecordError(f"unknown {dimension.name} {', '.join(sorted(unknown))}")
        profile.set_values(dimension, values)
    profile.impact_evidence = record.get("impact_evidence", "")
    profile.risk_notes = record.get("risk_notes", "")
    profile.save()
    for key, model in TERM_LISTS:
        slugs = record.get(key, [])
        terms = list(model.objects.filter(slug__in=slugs))
        if len(terms) != len(set(slugs)):
            raise RecordError(f"unknown {key} in {', '.join(slugs)}")
        getattr(profile, key).set(terms)
