"""The one description of the catalogue's open data: its columns, their meaning, type
and allowed values, from the models' verbose names and help texts, the vocabularies
and the case parts other apps register. The exports, the Table Schema of the data
package and the codebook page all read `columns()`, so they cannot disagree; an export's
rows are case records (`innovations.record`), flattened to these columns."""

import json
import re
from collections import defaultdict
from datetime import UTC

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from .. import record as case_record
from ..models import CaseMedia, Innovation, InnovationCountry
from ..record import CONTENT_FIELDS, PROVENANCE_FIELDS
from ..registry import Column, case_parts

TAGS = ("sectors", "approaches", "enabling_factors")
SEPARATOR = "; "  # between the values of a list, in CSV
# A spreadsheet runs a cell that starts with one of these as a formula; an apostrophe
# before it makes it text (and an apostrophe of the data's own is doubled, so that an
# import can take exactly one away).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def _column(field: models.Field, **extra) -> Column:
    kind = "string"
    if isinstance(field, models.PositiveSmallIntegerField):
        kind = "integer"
    elif isinstance(field, models.DateTimeField):
        kind = "datetime"
    elif isinstance(field, models.JSONField):
        kind = "object"  # a JSON object; in CSV, its JSON text
    values = [(str(v), str(label)) for v, label in field.choices or [] if v != ""]
    return Column(
        field.name,
        capfirst(str(field.verbose_name)),
        str(field.help_text),
        type=kind,
        values=values,
        format="uri" if isinstance(field, models.URLField) else "default",
        **extra,
    )


def _tag_column(name: str, values: bool) -> Column:
    field = Innovation._meta.get_field(name)
    model = field.related_model
    return Column(
        name,
        capfirst(str(field.verbose_name)),
        str(field.help_text),
        values=list(model.objects.values_list("slug", "name")) if values else [],
        multiple=True,
    )


def columns(values: bool = True) -> list[Column]:
    """Every exported column, in the exports' order; with the vocabularies' terms as
    allowed values when `values` (some queries), else without (none)."""
    meta = Innovation._meta
    country = InnovationCountry._meta.get_field("country")
    found = [
        _column(meta.get_field("slug")),
        Column("url", _("URL"), _("The case's page in this catalogue."), format="uri"),
        *(_column(meta.get_field(name)) for name in CONTENT_FIELDS),
        Column(
            "countries",
            capfirst(str(InnovationCountry._meta.verbose_name_plural)),
            str(country.help_text),
            multiple=True,
        ),
        *(_tag_column(name, values) for name in TAGS),
        Column(
            "media",
            capfirst(str(CaseMedia._meta.verbose_name_plural)),
            _(
                "The addresses of the case's pictures and documents (PDF) in this "
                "catalogue, and of its video links on their own sites, in the order its "
                "page shows them (an import does not read them back)."
            ),
            multiple=True,
        ),
        _column(meta.get_field("published_at")),
        *(_column(meta.get_field(name)) for name in PROVENANCE_FIELDS),
    ]
    for part in case_parts.values():
        found += part.columns(values)
    return found


def neutralise(value):
    """A CSV cell that a spreadsheet would run as a formula, made text with an apostrophe."""
    if isinstance(value, str) and value.startswith(ESCAPED_STARTS):
        return "'" + value
    return value


def records(ids: list[int], base_url: str) -> list[dict]:
    """The published cases with these ids, in this order, as export records (lists as
    lists, the year an integer or None, the date in ISO 8601 with its time zone)."""
    by_id = case_record.read_many(ids, Innovation.objects.published())
    media = media_urls(list(by_id), base_url)
    part_columns = {name: part.columns(False) for name, part in case_parts.items()}
    found = []
    for pk in ids:
        case = by_id.get(pk)
        if case is None:
            continue
        record = {
            "slug": case.slug,
            "url": base_url + reverse("innovations:detail", args=[case.slug]),
            **{name: getattr(case, name) for name in CONTENT_FIELDS},
            "countries": case.countries,
            **{name: getattr(case, name) for name in TAGS},
            "media": media.get(pk, []),
            "published_at": case.published_at.astimezone(UTC).isoformat(),
            **{name: getattr(case, name) for name in PROVENANCE_FIELDS},
        }
        for name, part_columns_ in part_columns.items():
            values = case.parts.get(name) or {}
            for column in part_columns_:
                empty = [] if column.multiple else ""
                record[column.name] = values.get(column.name[len(name) + 1 :], empty)
        found.append(record)
    return found


def media_urls(ids: list[int], base_url: str) -> dict[int, list[str]]:
    """The addresses of these cases' media, by case id, in their pages' order (one query):
    a file's in this catalogue, a video's on its site."""
    found = defaultdict(list)
    rows = CaseMedia.objects.filter(innovation_id__in=ids).order_by("created_at", "pk")
    for case, pk, file, url in rows.values_list("innovation_id", "pk", "file", "url"):
        found[case].append(base_url + reverse("innovations:media-file", args=[pk]) if file else url)
    return found


def csv_row(record: dict, names: list[str]) -> list:
    """A record as a CSV row: lists joined, None empty, formulas neutralised."""
    row = []
    for name in names:
        value = record[name]
        if isinstance(value, list):
            value = SEPARATOR.join(value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
        row.append(neutralise("" if value is None else value))
    return row


# source_url is not required: an imported case whose data set gives no usable address
# has none (its data set is its provenance).
CASE_REQUIRED = {"slug", "url", "title", "summary", "description", "published_at"}
# The database's own check (innovation_year_plausible).
YEAR_RANGE = (1900, 2100)
YEAR_RANGE_FIELDS = {"year_launched"}


def _allowed(column: Column) -> list[str] | None:
    """The values a list column may hold (None: any)."""
    if column.name == "countries":
        return sorted(code for code, _name in all_countries)
    if column.multiple and column.values:
        return [value for value, _label in column.values]
    return None


def table_schema(names: list[Column] | None = None, required=CASE_REQUIRED) -> dict:
    """The Frictionless Table Schema of a CSV file (by default the cases')."""
    fields = []
    for column in names or columns():
        description = column.description
        if column.multiple:
            description = (description + " " if description else "") + _(
                'A list: values separated by "%(separator)s".'
            ) % {"separator": SEPARATOR}
        spec = {"name": column.name, "title": column.title, "type": column.type}
        if description:
            spec["description"] = description
        if column.format != "default":
            spec["format"] = column.format
        constraints = {}
        if column.name in required:
            constraints["required"] = True
        if column.values and not column.multiple:
            constraints["enum"] = [value for value, _label in column.values]
        allowed = _allowed(column)
        if column.multiple and allowed is not None:
            # A list in one cell: each of its values must be one of the allowed ones.
            one = "(" + "|".join(re.escape(v) for v in allowed) + ")"
            constraints["pattern"] = f"{one}({re.escape(SEPARATOR)}{one})*"
        if column.type == "integer" and column.name in YEAR_RANGE_FIELDS:
            constraints["minimum"], constraints["maximum"] = YEAR_RANGE
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    return {"fields": fields, "primaryKey": ["slug"], "missingValues": [""]}


def unneutralise(value):
    """A CSV cell as it was before `neutralise`."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in ESCAPED_STARTS:
        return value[1:]
    return value


def vocabulary_columns(model) -> list[Column]:
    """The columns of a vocabulary's file: its fields but the id."""
    return [_column(f) for f in model._meta.concrete_fields if f.name != "id"]


def vocabulary_schema(model) -> dict:
    return {
        **table_schema(vocabulary_columns(model), required={"slug", "name"}),
        "primaryKey": ["slug"],
    }
