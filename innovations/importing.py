"""Cases from plain data records (the demo fixture, importers), through the services."""

from django.utils.translation import gettext as _
from django_countries import countries

from . import services
from .models import CONTENT_FIELDS, Approach, EnablingFactor, Sector
from .registry import case_parts


class RecordError(ValueError):
    """A record that cannot be imported, with the reason."""


def _terms(model, slugs: list[str]) -> list:
    terms = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {t.slug for t in terms}
    if missing:
        raise RecordError(f"unknown {model._meta.verbose_name} {', '.join(sorted(missing))}")
    return terms


def case_data(record: dict) -> tuple[dict, dict]:
    """The cleaned data and parts the services write, from a record (`RecordError`)."""
    if not record.get("slug"):
        raise RecordError("no slug")
    data = {
        name: record.get(name) or (None if name == "year_launched" else "")
        for name in CONTENT_FIELDS
    }
    data["slug"] = record["slug"]
    data["sectors"] = _terms(Sector, record.get("sectors", []))
    data["approaches"] = _terms(Approach, record.get("approaches", []))
    data["enabling_factors"] = _terms(EnablingFactor, record.get("enabling_factors", []))
    codes = sorted(set(record.get("countries", [])))
    unknown = [code for code in codes if code not in countries]
    if unknown:
        raise RecordError(f"unknown country {', '.join(unknown)}")
    data["countries"] = codes
    parts = {name: part.from_record(record) for name, part in case_parts.items()}
    return data, parts


def import_published_case(record: dict, actor=None) -> tuple:
    """Create or update the published case with the record's slug; returns (case, created).

    A `featured_order` in the record puts the case on the home page at that order.
    """
    data, parts = case_data(record)
    case, created = services.innovation_import(data=data, parts=parts, actor=actor)
    order = record.get("featured_order")
    if (case.featured, case.featured_order) != (order is not None, order):
        case = services.innovation_feature(
            innovation=case, actor=actor, featured=order is not None, order=order, label=_("Import")
        )
    return case, created
