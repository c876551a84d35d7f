"""Rows of the peers' files and of our own exports, as cases to write (`Candidate`).

Each reader gives, per row, a `Candidate` (the services' data and parts, with a `Note`
for every value it cleaned) or raises `Rejected` with the reason. Only the fields a
source gives are in the data, so that a re-import leaves the rest (a sector a moderator
chose for a Participedia case) alone.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import translations
from ..importing import RecordError
from ..models import CONTENT_FIELDS, PROVENANCE_FIELDS, Approach, EnablingFactor, Sector
from ..registry import case_parts
from . import casing, cleaning, codebook
from .mapping import JRC, PARTICIPEDIA, PARTICIPEDIA_APPROACHES, PARTICIPEDIA_FACTORS, Source
from .rows import Rejected, checked

FORMATS = ("jrc", "participedia", "csv", "jsonl")
TAGS = {"sectors": Sector, "approaches": Approach, "enabling_factors": EnablingFactor}


@dataclass
class Note:
    reason: str
    detail: str = ""


@dataclass
class Candidate:
    line: int
    record_id: str
    title: str
    data: dict
    parts: dict | None = None
    notes: list[Note] = field(default_factory=list)
    published_at: datetime | None = None
    # The row's own text, folded, for finding rows that repeat another's (peers' files).
    text_key: str = ""


class Terms:
    """The ids of every vocabulary's terms by slug, read once per import."""

    def __init__(self):
        self.ids = {name: dict(m.objects.values_list("slug", "pk")) for name, m in TAGS.items()}

    def known(self, name: str, slugs: list[str]) -> list[int]:
        """The ids of these terms (`Rejected` if one is unknown)."""
        unknown = [str(s) for s in slugs if s not in self.ids[name]]
        if unknown:
            raise Rejected("unknown_term", f"{name}: {', '.join(unknown)}")
        return [self.ids[name][s] for s in slugs]


def _details(source: Source, pairs: list[tuple[str, str]]) -> str:
    lines = [f"- {name.replace('_', ' ').capitalize()}: {value}" for name, value in pairs if value]
    if not lines:
        return ""
    return f"\n\nDetails from {source.name}:\n" + "\n".join(lines)


def _provenance(source: Source, record_id: str, attribution: str = "") -> dict:
    return {
        "source_dataset": source.key,
        "source_record_id": record_id,
        "source_licence": source.licence,
        "source_attribution": attribution or source.attribution,
    }


def _title(value, notes: list[Note]) -> str:
    title = cleaning.line(value)
    if not title:
        raise Rejected("no_title")
    if len(title) > 200:
        notes.append(Note("shortened_title", title))
        title = cleaning.shorten(title, 200)
    return title


def _source_url(value, notes: list[Note], kept: list) -> str:
    """The first valid URL of the value (or the first that stands on its own among
    words); else empty: the data set's page is the case's provenance, never its source.
    Whatever is not taken as is is reported and kept in the text."""
    given = cleaning.line(value)
    found = cleaning.urls(given)
    if given and not found:
        found = cleaning.standalone_urls(given)
        if found:
            notes.append(Note("url_among_words", given))
            kept.append(("URL given", given))
            return found[0]
    if given and found != [given]:
        reason = "several_urls" if len(found) > 1 else "cleaned_url" if found else "bad_url"
        notes.append(Note(reason, given))
        if len(found) != 1:
            kept.append(("URL given", given))
    elif not given:
        notes.append(Note("no_url"))
    return found[0] if found else ""


def source_terms(source: Source, columns: dict) -> dict:
    """The peer's own terms for the case, by scheme ("jrc:technology"), each a list of
    its values as the data set spells them."""
    found = {}
    for name, value in columns.items():
        values = value if isinstance(value, list) else cleaning.items(value)
        if values:
            found[f"{source.key}:{name}"] = values
    return found


def _texts(description: str, details: str) -> dict:
    return {"summary": cleaning.summary(description), "description": description + details}


@checked
def jrc(number: int, raw: dict, terms: Terms) -> Candidate:
    """A row of the JRC Innovative Public Services Explorer (see `mapping.JRC`)."""
    notes: list[Note] = []
    record_id = cleaning.line(raw.get("id"))
    if not record_id:
        raise Rejected("no_id")
    title = _title(raw.get("name"), notes)
    description = cleaning.text(raw.get("description"))
    if not description:
        raise Rejected("no_description")
    columns = {c.source: c for c in JRC.columns}
    kept = [(name, cleaning.line(raw.get(name))) for name in JRC.kept_in_text]

    source_url = _source_url(raw.get("url"), notes, kept)
    lead = cleaning.line(raw.get("lead_organisation_category"))
    level = columns["lead_organisation_category"].values.get(lead, "")
    if not level:
        # Not led by a government, or by one whose level the data set does not say.
        notes.append(Note("no_level", lead))
    code = cleaning.country(raw.get("geocoverage_codes")) or cleaning.country(
        raw.get("geocoverage")
    )
    if not code:
        coverage = cleaning.line(raw.get("geocoverage")) or cleaning.line(
            raw.get("geocoverage_codes")
        )
        notes.append(Note("unknown_country", coverage))
        kept.append(("geocoverage", coverage))
    organisation = cleaning.line(raw.get("lead_organisation_name"))
    if len(organisation) > 200:
        notes.append(Note("shortened_lead_organisation", organisation))
        kept.append(("lead_organisation_name", organisation))
        organisation = cleaning.shorten(organisation, 200)
    start = cleaning.line(raw.get("start_date"))
    year = cleaning.year(start)
    if start and year is None:
        notes.append(Note("bad_year", start))
        kept.append(("start_date", start))
    status_text = cleaning.line(raw.get("status"))
    status = columns["status"].values.get(status_text, "")
    if status_text and not status:
        notes.append(Note("unknown_status", status_text))
    sector_name = cleaning.line(raw.get("primary_sector"))
    sector = columns["primary_sector"].values.get(sector_name)
    if not sector:
        notes.append(Note("unknown_sector", sector_name))
        kept.append(("primary_sector", sector_name))
    kept = [
        (n, str(cleaning.year(v)) if n == "end_date" and cleaning.year(v) else v) for n, v in kept
    ]
    approach = columns["type"].values.get(cleaning.line(raw.get("type")))
    terms_of_source = source_terms(
        JRC, {"technology": raw.get("technology"), "service_type": raw.get("type")}
    )
    data = {
        "title": title,
        **_texts(description, _details(JRC, kept)),
        "source_url": source_url,
        "level": level,
        "lead_organisation": organisation,
        "year_launched": year,
        "status": status,
        "sectors": terms.known("sectors", [sector] if sector else []),
        "approaches": terms.known("approaches", [approach] if approach else []),
        "enabling_factors": [],
        "countries": [code] if code else [],
        "source_terms": terms_of_source,
        **_provenance(JRC, record_id),
    }
    return Candidate(number, record_id, title, data, notes=notes, text_key=_fold(description))


@checked
def participedia(number: int, raw: dict, terms: Terms) -> Candidate:
    """A row of the Participedia cases (see `mapping.PARTICIPEDIA`)."""
    notes: list[Note] = []
    record_id = cleaning.line(raw.get("id"))
    if not record_id:
        raise Rejected("no_id")
    original = _title(raw.get("title"), notes)
    description = cleaning.text(raw.get("description"))
    if not description:
        raise Rejected("no_description")
    description = description[0].upper() + description[1:]
    city = cleaning.line(raw.get("city"))
    recased = casing.restore(
        original, context=[description], names=[city, cleaning.line(raw.get("country"))]
    )
    title = recased.text
    if title != original:
        notes.append(Note("title_recased", original))
    if recased.unsure:
        # Words that may be acronyms nothing in the row spells out: left as they are.
        notes.append(Note("title_casing_unsure", ", ".join(recased.unsure)))
    kept = [(name, cleaning.line(raw.get(name))) for name in PARTICIPEDIA.kept_in_text]
    kept = [(n, v[:10] if n.endswith("_date") else ", ".join(cleaning.items(v))) for n, v in kept]
    source_url = _source_url(raw.get("url"), notes, kept)
    name = cleaning.line(raw.get("country"))
    code = cleaning.country(name)
    if not code:
        notes.append(Note("unknown_country" if name else "no_country", name))
        if name:
            kept.append(("country", name))
    keys = cleaning.items(raw.get("approaches"))
    approaches = sorted({PARTICIPEDIA_APPROACHES[k] for k in keys if k in PARTICIPEDIA_APPROACHES})
    factors = sorted({PARTICIPEDIA_FACTORS[k] for k in keys if k in PARTICIPEDIA_FACTORS})
    data = {
        "title": title,
        **_texts(description, _details(PARTICIPEDIA, kept)),
        "source_url": source_url,
        "approaches": terms.known("approaches", approaches),
        "enabling_factors": terms.known("enabling_factors", factors),
        "countries": [code] if code else [],
        "source_terms": source_terms(
            PARTICIPEDIA,
            {
                "purposes": raw.get("approaches"),
                "methods": raw.get("method_types"),
                "city": [city] if city else [],
            },
        ),
        **_provenance(
            PARTICIPEDIA,
            record_id,
            f"{PARTICIPEDIA.attribution}, https://participedia.net/case/{record_id}",
        ),
    }
    return Candidate(number, record_id, title, data, notes=notes, text_key=_fold(description))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _terms_of_source(value) -> dict:
    """A case's terms in its source data set, from a JSON object (or its text in CSV)."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise Rejected("invalid", f"source_terms: {error}") from error
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v)
        for k, v in value.items()
    ):
        raise Rejected("invalid", "source_terms: not an object of lists of text")
    return value


def _list(value) -> list[str]:
    """A list of values from a JSON array or a "; "-separated cell."""
    if isinstance(value, list):
        return [cleaning.line(v) for v in value if cleaning.line(v)]
    return cleaning.items(value or "", ";")


@checked
def own(
    number: int, raw: dict, terms: Terms, *, multiple: set[str], unescape: bool = False
) -> Candidate:
    """A record of this catalogue's own export (CSV or JSON Lines, the codebook's columns);
    in CSV, lists are separated by "; " and neutralised cells lose their apostrophe."""
    notes: list[Note] = []
    record = {}
    for key, value in raw.items():
        value = codebook.unneutralise(value) if unescape else value
        if key in multiple and isinstance(value, str):
            value = cleaning.items(value, ";")
        record[key] = value
    title = _title(record.get("title"), notes)
    data: dict = {}
    for name in [*CONTENT_FIELDS, *PROVENANCE_FIELDS]:
        if name in record:
            data[name] = "" if record[name] is None else record[name]
    data["title"] = title
    if "year_launched" in data:
        year = cleaning.year(data["year_launched"])
        if data["year_launched"] not in ("", None) and year is None:
            notes.append(Note("bad_year", str(data["year_launched"])))
        data["year_launched"] = year
    for name in TAGS:
        if name in record:
            data[name] = terms.known(name, _list(record[name]))
    if "countries" in record:
        codes = [(c, cleaning.country(c)) for c in _list(record["countries"])]
        unknown = [given for given, code in codes if not code]
        if unknown:
            raise Rejected("unknown_country", ", ".join(unknown))
        data["countries"] = sorted({code for _given, code in codes})
    if "source_terms" in record:
        data["source_terms"] = _terms_of_source(record["source_terms"])
    if "text_language" in data:
        data["text_language"] = cleaning.line(data["text_language"]) or "en"
    if "translations" in record:
        try:
            data["translations"] = translations.parse(
                record["translations"], data.get("text_language", "en")
            )
        except ValidationError as error:
            raise Rejected("invalid", f"translations: {error.messages[0]}") from error
    slug = cleaning.line(record.get("slug"))
    if slug:
        data["slug"] = slug
    parts = {}
    for name, part in case_parts.items():
        prefix = f"{name}_"
        values = {k[len(prefix) :]: v for k, v in record.items() if k.startswith(prefix)}
        if values:
            try:
                parts[name] = part.from_record({name: values})
            except RecordError as error:
                raise Rejected("invalid_part", f"{name}: {error}") from error
    published_at = None
    if record.get("published_at"):
        try:
            published_at = parse_datetime(str(record["published_at"]))
        except ValueError:
            published_at = None
        if published_at is None:
            notes.append(Note("bad_date", str(record["published_at"])))
        elif timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at, UTC)
    record_id = str(data.get("source_record_id") or slug or "")
    return Candidate(number, record_id, title, data, parts or None, notes, published_at)
