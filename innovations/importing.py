"""Cases from plain data records (the demo fixture, importers), through the services."""

from django.utils.translation import gettext as _

from . import services
from .record import CaseRecord, RecordError

__all__ = ["RecordError", "case_data", "import_published_case"]


def case_data(record: dict) -> tuple[dict, dict]:
    """The cleaned data and parts the services write, from a record (`RecordError`):
    its content, tags, countries and parts (provenance is left as it is)."""
    if not record.get("slug"):
        raise RecordError("no slug")
    return CaseRecord.from_dict(record).service_input(provenance=False)


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
