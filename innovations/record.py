"""A case's record: the one typed description of what a case says, in plain values.

`CaseRecord` declares a case's public fields (content, then provenance), its tags as
slugs, its country codes and the parts other apps register (`registry.case_parts`, such
as the co-production profile) as the records their `export` gives. It is what reading a
case gives to versions, the open data exports and the API (`read`, `read_many`,
`of_case`), and what the services are given back from a version (a revert), an import
record or the demo fixture (`from_dict`, then `service_input`). Forms, the codebook and
the API's schemas take their field names from it (`CONTENT_FIELDS`,
`PROVENANCE_FIELDS`), and each field's label and help text from the model.

Adding a field to a case: the model (`models/innovation.py`), its migration, one line
here (in `content` or `provenance`), and the case page's template.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime

from django_countries import countries as known_countries

from .models import Approach, EnablingFactor, Innovation, InnovationCountry, Sector
from .registry import case_parts


class RecordError(ValueError):
    """A record that cannot be imported, with the reason."""


CONTENT = "content"
PROVENANCE = "provenance"


def _content(default=""):
    return field(default=default, metadata={"group": CONTENT})


def _provenance():
    return field(default="", metadata={"group": PROVENANCE})


# The fields whose value is a JSON object.
DICTS = {"source_terms", "translations"}

TAGS = {"sectors": Sector, "approaches": Approach, "enabling_factors": EnablingFactor}


@dataclass
class CaseRecord:
    """What a case says. Empty text is "", an unknown year None; lists are sorted."""

    slug: str = ""
    # Content: what the case says (the submission form, suggestions, the API, exports).
    title: str = _content()
    summary: str = _content()
    description: str = _content()
    innovative: str = _content()
    results: str = _content()
    challenges: str = _content()
    source_url: str = _content()
    website_url: str = _content()
    level: str = _content()
    lead_organisation: str = _content()
    partners: str = _content()
    year_launched: int | None = _content(None)
    status: str = _content()
    language: str = _content()
    # The language of the texts above, and their translations (`innovations.translations`).
    text_language: str = _content("en")
    translations: dict = field(default_factory=dict, metadata={"group": CONTENT})
    # Provenance: where an imported case comes from (public, never in the form).
    source_dataset: str = _provenance()
    source_record_id: str = _provenance()
    source_licence: str = _provenance()
    source_attribution: str = _provenance()
    # The source's own vocabularies (JRC technology, Participedia methods...), by name.
    source_terms: dict = field(default_factory=dict, metadata={"group": PROVENANCE})
    # Tags as slugs, countries as ISO 3166-1 alpha-2 codes.
    sectors: list[str] = field(default_factory=list)
    approaches: list[str] = field(default_factory=list)
    enabling_factors: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    # The registered parts, by name: each as its `export` gives it (None: no such part).
    parts: dict[str, dict | None] = field(default_factory=dict)
    # When it was first published (read only: the services set it).
    published_at: datetime | None = None

    def fields(self) -> dict:
        """The content and provenance fields, by name."""
        return {name: getattr(self, name) for name in FIELDS}

    def as_version(self) -> dict:
        """The plain JSON a version keeps: fields, tags, countries, then each part by
        its name (no slug, no date, no contributor)."""
        data = self.fields()
        for name in [*TAGS, "countries"]:
            data[name] = list(getattr(self, name))
        for name in sorted(case_parts):
            data[name] = self.parts.get(name)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CaseRecord":
        """A record from a version's JSON or an import record (the demo fixture): the
        keys it knows, parts under their names; missing fields stay empty."""
        known = {name: data[name] for name in [*FIELDS, "slug"] if name in data}
        for name in FIELDS:
            if name in known and known[name] is None and name != "year_launched":
                known[name] = {} if name in DICTS else ""
        if not known.get("text_language"):
            known.pop("text_language", None)  # the default: English
        lists = {name: sorted(data.get(name) or []) for name in [*TAGS, "countries"]}
        parts = {name: data.get(name) or None for name in case_parts}
        return cls(**known, **lists, parts=parts)

    def service_input(self, *, strict: bool = True, provenance: bool = True) -> tuple[dict, dict]:
        """The services' (data, parts) that give a case this record. `strict` refuses
        unknown tags, countries and invalid parts (`RecordError`); otherwise terms
        deleted since from a vocabulary are left out (a revert to an old version)."""
        names = FIELDS if provenance else CONTENT_FIELDS
        data: dict = {name: getattr(self, name) for name in names}
        if self.slug:
            data["slug"] = self.slug
        for name, model in TAGS.items():
            slugs = getattr(self, name)
            terms = list(model.objects.filter(slug__in=slugs))
            missing = set(slugs) - {t.slug for t in terms}
            if strict and missing:
                raise RecordError(
                    f"unknown {model._meta.verbose_name} {', '.join(sorted(missing))}"
                )
            data[name] = terms
        codes = sorted(set(self.countries))
        unknown = [code for code in codes if code not in known_countries]
        if strict and unknown:
            raise RecordError(f"unknown country {', '.join(unknown)}")
        data["countries"] = [code for code in codes if code not in unknown]
        parts = {}
        for name, part in case_parts.items():
            kept = self.parts.get(name)
            parts[name] = part.from_record({name: kept}) if kept else None
        return data, parts


FIELDS = [f.name for f in fields(CaseRecord) if f.metadata.get("group") in (CONTENT, PROVENANCE)]
CONTENT_FIELDS = [f.name for f in fields(CaseRecord) if f.metadata.get("group") == CONTENT]
PROVENANCE_FIELDS = [f.name for f in fields(CaseRecord) if f.metadata.get("group") == PROVENANCE]


def read_many(ids: list[int], cases=None) -> dict[int, CaseRecord]:
    """The records of these cases as stored now (among `cases`, a queryset, when given:
    the published ones, say), by case id, in a constant number of queries: one for the
    fields, one per tag list, one for countries, the parts'."""
    cases = Innovation.objects.all() if cases is None else cases
    rows = cases.filter(pk__in=ids).values("pk", "slug", "published_at", *FIELDS)
    found = {row.pop("pk"): CaseRecord(**row) for row in rows}
    for name, model in TAGS.items():
        through = getattr(Innovation, name).through
        pairs = through.objects.filter(innovation_id__in=found).values_list(
            "innovation_id", f"{model._meta.model_name}__slug"
        )
        for pk, slug in pairs:
            getattr(found[pk], name).append(slug)
    links = InnovationCountry.objects.filter(innovation_id__in=found)
    for pk, code in links.values_list("innovation", "country"):
        found[pk].countries.append(str(code))
    for name, part in sorted(case_parts.items()):
        exported = part.export(list(found))
        for pk, record in found.items():
            record.parts[name] = exported.get(pk)
    for record in found.values():
        for name in [*TAGS, "countries"]:
            getattr(record, name).sort()
    return found


def read(case: Innovation | int) -> CaseRecord:
    """One case's record as stored now (not as a writer set it on an instance)."""
    pk = getattr(case, "pk", case)
    return read_many([pk])[pk]


def of_case(case: Innovation, *, parts: bool = True) -> CaseRecord:
    """The record of a case fetched with its tags and countries prefetched (no further
    query but the parts', and none without `parts`)."""
    record = CaseRecord(
        slug=case.slug,
        published_at=case.published_at,
        **{name: getattr(case, name) for name in FIELDS},
        **{name: sorted(t.slug for t in getattr(case, name).all()) for name in TAGS},
        countries=sorted(str(link.country) for link in case.country_links.all()),
    )
    if parts:
        for name, part in sorted(case_parts.items()):
            record.parts[name] = part.export([case.pk]).get(case.pk)
    return record
