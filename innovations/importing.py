"""Writing cases from plain data records (the demo fixture, importers)."""

from django.db import transaction
from django.utils import timezone

from .models import (
    CONTENT_FIELDS,
    Approach,
    EnablingFactor,
    Innovation,
    InnovationCountry,
    Sector,
)
from .signals import case_imported


class RecordError(ValueError):
    """A record that cannot be imported, with the reason."""


def _terms(model, slugs: list[str]) -> list:
    terms = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {t.slug for t in terms}
    if missing:
        raise RecordError(f"unknown {model._meta.verbose_name} {', '.join(sorted(missing))}")
    return terms


@transaction.atomic
def import_published_case(data: dict) -> tuple[Innovation, bool]:
    """Create or update the published case with the record's slug; returns (case, created)."""
    fields = {
        name: data.get(name) or ("" if name != "year_launched" else None) for name in CONTENT_FIELDS
    }
    sectors = _terms(Sector, data.get("sectors", []))
    approaches = _terms(Approach, data.get("approaches", []))
    factors = _terms(EnablingFactor, data.get("enabling_factors", []))
    order = data.get("featured_order")
    case, created = Innovation.objects.update_or_create(
        slug=data["slug"],
        defaults={
            **fields,
            "state": Innovation.State.PUBLISHED,
            "featured": order is not None,
            "featured_order": order,
        },
    )
    if case.published_at is None:
        case.published_at = case.submitted_at = timezone.now()
        case.save(update_fields=["published_at", "submitted_at"])
    case.full_clean(validate_unique=False, validate_constraints=False)
    case.sectors.set(sectors)
    case.approaches.set(approaches)
    case.enabling_factors.set(factors)
    codes = sorted(set(data.get("countries", [])))
    case.country_links.exclude(country__in=codes).delete()
    existing = set(case.country_links.values_list("country", flat=True))
    InnovationCountry.objects.bulk_create(
        InnovationCountry(innovation=case, country=code) for code in codes if code not in existing
    )
    case_imported.send(sender=Innovation, innovation=case, data=data)
    return case, created
