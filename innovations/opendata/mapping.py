"""How the peers' data sets map onto this catalogue: tables the codebook page shows.

Each `Source` lists, per column of the peer's file, where it goes here (`target`), how
its values map (`values`: theirs -> ours; a value missing from the table maps to
nothing) and a note. Whatever has no place in our fields is written, with its column's
name, in a "Details from ..." paragraph at the end of the case's description
(`kept_in_text`), so nothing is lost; the few columns left out are constant or repeat
another column, and are listed with the reason (`left_out`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ColumnMap:
    source: str
    target: str
    note: str = ""
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    key: str  # the `source_dataset` of its cases and the importer's --format
    name: str
    url: str
    licence: str  # SPDX
    licence_name: str
    attribution: str
    columns: list[ColumnMap]
    kept_in_text: list[str]
    left_out: dict[str, str]


COFOG_SECTORS = {
    "General public services": "general-public-services",
    "Defence": "defence",
    "Public order and safety": "public-order-and-safety",
    "Economic affairs": "economic-affairs",
    "Environmental protection": "environmental-protection",
    "Housing and community amenities": "housing-and-community-amenities",
    "Health": "health",
    "Recreation, culture and religion": "recreation-culture-and-religion",
    "Education": "education",
    "Social protection": "social-protection",
}

# Country names that django-countries does not know, as they occur in the peers' files.
COUNTRY_ALIASES = {
    "Argentinien": "AR",
    "Belgique": "BE",
    "Bolivien": "BO",
    "Brasil": "BR",
    "Cape Verde": "CV",
    "Czech Republic": "CZ",
    "Deutschland": "DE",
    "España": "ES",
    "Germania": "DE",
    "Italia": "IT",
    "Mexiko": "MX",
    "Myanmar (Burma)": "MM",
    "Nederland": "NL",
    "Palestinian Territory": "PS",
    "Polska": "PL",
    "Regno Unito": "GB",
    "Republic of North Macedonia": "MK",
    "Suisse": "CH",
    "Tchéquia": "CZ",
    "United States": "US",
    "中国": "CN",
}

# `lead_organisation_category`: who leads the case. "Governmental" names no level.
JRC_LEVELS = {
    "Central-Government": "national",
    "Regional Government": "regional",
    "Local Government": "local",
}

JRC = Source(
    key="jrc",
    name="JRC Innovative Public Services Explorer",
    url="https://github.com/ipsoeu/ips-explorer",
    licence="EUPL-1.2",
    licence_name="European Union Public Licence 1.2",
    attribution="European Commission, Joint Research Centre: Innovative Public Services Explorer",
    columns=[
        ColumnMap("id", "source_record_id", _("Rows with an empty or repeated id are rejected.")),
        ColumnMap("name", "title", _("Trimmed; a row without one is rejected.")),
        ColumnMap(
            "description",
            "description, summary",
            _(
                "The summary is its first paragraph, cut after a sentence within 400 "
                "characters (after a word, with “…”, where no sentence ends by then)."
            ),
        ),
        ColumnMap(
            "url",
            "source_url",
            _(
                "Trimmed (many start with a no-break space). The first address that stands on "
                "its own in the cell; where there is none, the source stays empty (the data "
                "set's page is the provenance, not the source) and the row is reported."
            ),
        ),
        ColumnMap(
            "lead_organisation_category",
            "level",
            _(
                "Who leads the case, as the codebook says. Only government-led rows get a "
                "level; private, academic, non-governmental, consortium or unspecified "
                "government leads leave it empty and the row is reported."
            ),
            values=JRC_LEVELS,
        ),
        ColumnMap(
            "geocoverage_codes, geocoverage",
            "countries",
            _(
                "The code, else the name; a name that is not a country (European Union) is kept "
                "in the text."
            ),
        ),
        ColumnMap(
            "lead_organisation_name",
            "lead_organisation",
            _("Longer than 200 characters: shortened, the full name kept in the text."),
        ),
        ColumnMap("start_date", "year_launched"),
        ColumnMap(
            "status",
            "status",
            _("Their stage is also kept in the text where ours is coarser."),
            values={
                "Planned": "planned",
                "In development": "planned",
                "Pilot": "pilot",
                "Implemented": "implemented",
                "In production": "implemented",
                "Not in use anymore": "discontinued",
            },
        ),
        ColumnMap(
            "primary_sector", "sectors", _("The 10 COFOG functions, by name."), values=COFOG_SECTORS
        ),
        ColumnMap(
            "type",
            "approaches",
            _("Two types are approaches of ours; every type is kept in the text."),
            values={
                "Service integration (various)": "service-integration",
                "Service personalisation (various)": "user-tailoring",
            },
        ),
        ColumnMap(
            "technology, type",
            "source_terms",
            _(
                "Kept as the JRC's own terms (technology, service type), with the "
                "service's geographic extent; no enabling factor of ours is derived from "
                "the data set's theme."
            ),
        ),
    ],
    kept_in_text=[
        "type",
        "technology",
        "geoextent",
        "status",
        "secondary_sector",
        "lead_organisation_category",
        "end_date",
        "uptake",
        "cross_border",
        "cross_sector",
    ],
    left_out={
        "entry_type": _('Always "case".'),
        "cid": _("The same number (the collection) on every row."),
        "rtype": _('Always "Service".'),
        "contact": _("Empty on every row."),
        "active": _("Empty on every row."),
        "lead_organisation:name": _("Repeats lead_organisation_name."),
        "lead_organisation:category": _("Repeats lead_organisation_category."),
    },
)

# Participedia's approach keys that are approaches or enabling factors of ours.
PARTICIPEDIA_APPROACHES = {
    "coproduction": "participatory-design",
    "coproduction_form": "participatory-design",
}
# Only co-production puts users into the making of a service; consultation, co-governance
# or direct democracy do not say that users were involved in it.
PARTICIPEDIA_FACTORS = {
    "coproduction": "user-involvement",
    "coproduction_form": "user-involvement",
}

PARTICIPEDIA = Source(
    key="participedia",
    name="Participedia",
    url="https://participedia.net",
    licence="CC-BY-NC-SA-3.0",
    licence_name="Creative Commons Attribution-NonCommercial-ShareAlike 3.0",
    attribution="Participedia contributors (participedia.net)",
    columns=[
        ColumnMap("id", "source_record_id", _("Rows with an empty or repeated id are rejected.")),
        ColumnMap(
            "title",
            "title",
            _(
                "Lower-cased upstream: its casing is restored (words capitalised, small words "
                "kept small, acronyms and names from the row's own text, country and city). "
                "The original is in the row report. A row without one is rejected."
            ),
        ),
        ColumnMap(
            "description",
            "description, summary",
            _(
                "The summary is its first paragraph, cut after a sentence within 400 characters "
                "(after a word, with “…”, where no sentence ends by then). A row without a "
                "description is rejected: a case needs one."
            ),
        ),
        ColumnMap("url", "source_url", _("The case's page on Participedia.")),
        ColumnMap(
            "approaches, method_types, city",
            "source_terms",
            _("Kept as Participedia's own terms: purposes, methods and city."),
        ),
        ColumnMap(
            "country",
            "countries",
            _(
                "Names in several languages (Italia, Deutschland...) are mapped to ISO codes; an "
                "unknown name is kept in the text and reported."
            ),
        ),
        ColumnMap(
            "approaches",
            "approaches",
            _("Co-production is participatory design here; every key is kept in the text."),
            values=PARTICIPEDIA_APPROACHES,
        ),
        ColumnMap(
            "approaches",
            "enabling_factors",
            _(
                "Only co-production is user involvement; consultation, co-governance and "
                "direct democracy map to nothing."
            ),
            values=PARTICIPEDIA_FACTORS,
        ),
        ColumnMap(
            "",
            "sectors, level, status, year_launched",
            _(
                "Not in the data set: left empty for moderators to set. The profile of "
                "co-production is not made: the data set has none of its dimensions."
            ),
        ),
    ],
    kept_in_text=[
        "city",
        "approaches",
        "method_types",
        "tools_techniques_types",
        "post_date",
        "updated_date",
    ],
    left_out={},
)

SOURCES = {source.key: source for source in (JRC, PARTICIPEDIA)}

# The peers' own vocabularies kept on a case (`Innovation.source_terms`), by scheme.
SCHEMES = {
    "jrc:technology": _("Technology (JRC)"),
    "jrc:service_type": _("Type of service (JRC)"),
    "participedia:purposes": _("Purposes and approaches (Participedia)"),
    "participedia:methods": _("Methods (Participedia)"),
    "participedia:city": _("City (Participedia)"),
}

LICENCE_PATHS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "EUPL-1.2": "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
    "CC-BY-NC-SA-3.0": "https://creativecommons.org/licenses/by-nc-sa/3.0/",
}


def provenance(case) -> dict | None:
    """What the case page says of an imported case's data set: its name and page, and
    the data set's own terms for the case, labelled."""
    source = SOURCES.get(case.source_dataset)
    if source is None:
        return None
    terms = sorted((case.source_terms or {}).items())
    return {
        "name": source.name,
        "url": source.url,
        "terms": [(SCHEMES.get(scheme, scheme), values) for scheme, values in terms],
    }
