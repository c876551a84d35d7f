"""Small factories: real services where there are some, plain ORM for read-side fixtures."""

import itertools

from django.utils import timezone

from innovations.models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector

_numbers = itertools.count(1)


def make_case(
    *,
    title: str | None = None,
    state: str = Innovation.State.PUBLISHED,
    sectors: tuple[str, ...] = ("health",),
    approaches: tuple[str, ...] = ("user-tailoring",),
    factors: tuple[str, ...] = ("partnerships",),
    countries: tuple[str, ...] = ("FR",),
    **fields,
) -> Innovation:
    n = next(_numbers)
    defaults = {
        "title": title or f"Case number {n}",
        "summary": f"Summary of case {n}.",
        "description": f"Description of case {n}.",
        "source_url": "https://example.org/source",
        "state": state,
    }
    if state == Innovation.State.PUBLISHED:
        defaults["published_at"] = timezone.now()
    case = Innovation.objects.create(**{**defaults, **fields})
    case.sectors.set(Sector.objects.filter(slug__in=sectors))
    case.approaches.set(Approach.objects.filter(slug__in=approaches))
    case.enabling_factors.set(EnablingFactor.objects.filter(slug__in=factors))
    InnovationCountry.objects.bulk_create(
        InnovationCountry(innovation=case, country=code) for code in countries
    )
    return case
