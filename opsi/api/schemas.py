"""The API's shapes (pydantic, through django-ninja), described from the models.

Plain pydantic models, not ninja's `Schema` (which reads ORM objects attribute by
attribute): the views give dicts, which pydantic-core checks several times faster.

A case's fields come from the case record's lists (`CONTENT_FIELDS`, `PROVENANCE_FIELDS`),
so a field added there appears here, described by its verbose name and help text; the
co-production profile follows the study's `DIMENSIONS`. Contributor fields, the state,
the status key and moderators' messages are in no schema.
"""

from datetime import datetime
from typing import Literal

from django.db import models
from pydantic import BaseModel, Field, create_model

from coproduction.models import DIMENSIONS, CoproductionProfile
from coproduction.parts import TERM_LISTS, TEXTS
from innovations.models import Approach, CaseMedia, EnablingFactor, Innovation, Sector
from innovations.record import CONTENT_FIELDS, PROVENANCE_FIELDS

from .describe import choice_values, describe

# On a list of cases, the fields each result carries besides its links and tags.
SUMMARY_FIELDS = [
    "title",
    "summary",
    "level",
    "status",
    "year_launched",
    "lead_organisation",
]


class Term(BaseModel):
    slug: str = Field(description="The term's stable identifier (its URL and filter value).")
    name: str = Field(description="The term's name.")


class Country(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str = Field(description="The country's name (English).")


def _constrained(model: type[models.Model], name: str) -> bool:
    """Whether the database refuses a value outside the field's choices."""
    return any(
        isinstance(c, models.CheckConstraint) and c.name.endswith(f"_{name}_valid")
        for c in model._meta.constraints
    )


def _annotation(model: type[models.Model], name: str):
    """The Python type of a model field as the API gives it (an empty choice is null).

    A choice field is an enum only where the database enforces it; otherwise (the
    language) a stored value outside the list must still be answered."""
    field = model._meta.get_field(name)
    if field.choices and _constrained(model, name):
        return Literal[tuple(choice_values(model, name))] | None
    if field.choices:
        return str | None
    if isinstance(field, models.IntegerField):
        return int | None
    if name == "translations":
        return dict[str, dict[str, str]]  # by language code, each text by its name
    if isinstance(field, models.JSONField):
        return dict[str, list[str]]  # the source's own terms, by scheme
    return str


def model_fields(model: type[models.Model], names: list[str]) -> dict:
    return {
        name: (_annotation(model, name), Field(description=describe(model, name))) for name in names
    }


_TAGS = {
    "sectors": (list[Term], Field(description=describe(Innovation, "sectors"))),
    "approaches": (list[Term], Field(description=describe(Innovation, "approaches"))),
    "enabling_factors": (list[Term], Field(description=describe(Innovation, "enabling_factors"))),
    "countries": (
        list[Country],
        Field(description="The countries the case takes place in, sorted by name."),
    ),
}
_LINKS = {
    "slug": (str, Field(description=describe(Innovation, "slug"))),
    "url": (str, Field(description="The case's canonical page (HTML).")),
    "api_url": (str, Field(description="This case in the API.")),
}
_PUBLISHED = (datetime | None, Field(description="When the case was (last) published."))


class MediaCopy(BaseModel):
    """A smaller copy of a picture, made by the catalogue from its pixels alone."""

    width: int = Field(description="The copy's width in pixels.")
    height: int = Field(description="The copy's height in pixels (the picture's proportions).")
    url: str = Field(description="The copy's address in this catalogue.")


CaseMediaOut = create_model(
    "CaseMedia",
    __base__=BaseModel,
    __doc__="A picture, document (PDF) or video link of a published case.",
    kind=(
        Literal[tuple(choice_values(CaseMedia, "kind"))],
        Field(description="What it is: a picture, a PDF document or a link to a video."),
    ),
    url=(
        str,
        Field(
            description="The picture's or the PDF's address in this catalogue, or the "
            "video's address on its own site (YouTube, Vimeo, Dailymotion, PeerTube)."
        ),
    ),
    title=(
        str,
        Field(description="Its title: a picture's caption, a document's or video's link text."),
    ),
    alt_text=(
        str,
        Field(description="What a picture shows, for people who cannot see it (empty otherwise)."),
    ),
    credit=(
        str,
        Field(description="Who made a picture and under which licence (empty otherwise)."),
    ),
    width=(int | None, Field(description="A picture's width in pixels (null otherwise).")),
    height=(int | None, Field(description="A picture's height in pixels (null otherwise).")),
    copies=(
        list[MediaCopy],
        Field(
            description="Smaller copies of a picture, narrowest first, for a thumbnail or a "
            "phone's screen (as the catalogue's pages use them in `srcset`): re-encoded "
            "without metadata, never wider than the picture. Empty for a document, a video "
            "or a picture narrower than every copy."
        ),
    ),
)
_MEDIA = (
    list[CaseMediaOut],
    Field(description="The case's pictures, documents and video links, in its page's order."),
)

CaseSummary = create_model(
    "CaseSummary",
    __base__=BaseModel,
    __doc__="A published case as a list of results shows it.",
    **_LINKS,
    **model_fields(Innovation, SUMMARY_FIELDS),
    **_TAGS,
    media=_MEDIA,
    published_at=_PUBLISHED,
)


def _dimension_field(dimension):
    values = Literal[tuple(str(v) for v in dimension.choices.values)]
    description = f"{dimension.label}: {dimension.definition}"
    if dimension.multiple:
        return list[values], Field(description=description + " Several may apply.")
    return values | None, Field(description=description)


def profile_key(dimension) -> str:
    """A dimension's name in a profile: plural when several values apply (as in an
    import record, see `coproduction.parts.from_record`)."""
    return dimension.name + ("s" if dimension.multiple else "")


CoproductionProfileOut = create_model(
    "CoproductionProfile",
    __base__=BaseModel,
    __doc__=str(CoproductionProfile._meta.verbose_name).capitalize() + ".",
    **{profile_key(d): _dimension_field(d) for d in DIMENSIONS},
    **model_fields(CoproductionProfile, list(TEXTS)),
    **{
        name: (list[Term], Field(description=describe(CoproductionProfile, name)))
        for name, _model in TERM_LISTS
    },
)

Case = create_model(
    "Case",
    __base__=BaseModel,
    __doc__="A published case with every public field.",
    **_LINKS,
    **model_fields(Innovation, CONTENT_FIELDS),
    **_TAGS,
    coproduction=(
        CoproductionProfileOut | None,
        Field(description="The co-production profile (OECD 2011), if the case has one."),
    ),
    media=_MEDIA,
    **model_fields(Innovation, PROVENANCE_FIELDS),
    featured=(bool, Field(description=describe(Innovation, "featured"))),
    published_at=_PUBLISHED,
    updated_at=(datetime, Field(description="When the case was last changed.")),
)


class FacetOption(BaseModel):
    value: str = Field(description="The value to pass in the group's parameter.")
    label: str = Field(description="The option's name.")
    count: int = Field(
        description="How many results ticking this option gives (the other groups applied)."
    )
    selected: bool = Field(description="Whether the request selected it.")


class FacetGroup(BaseModel):
    key: str = Field(description="The query parameter of this filter.")
    label: str = Field(description="The filter's name.")
    definition: str = Field(description="What the filter means (may be empty).")
    section: str = Field(description="The section of filters it belongs to (may be empty).")
    options: list[FacetOption] = Field(description="The filter's options, in their order.")


class CaseList(BaseModel):
    """One page of the published cases that match the search, with facet counts."""

    count: int = Field(description="How many published cases match, on all pages.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="Results per page.")
    pages: int = Field(description="How many pages there are (0 when nothing matches).")
    sort: Literal["relevance", "newest", "year", "title"] = Field(
        description="The order used: relevance is the default when there is search text, "
        "newest otherwise."
    )
    read_as: str = Field(
        description="The search text as it was read, when a word no case holds was taken "
        'for a typo of one that some do ("chatbott" is read as "chatbot"); empty '
        "otherwise."
    )
    next: str | None = Field(description="The next page, or null on the last one.")
    previous: str | None = Field(description="The previous page, or null on the first one.")
    results: list[CaseSummary] = Field(description="This page's cases, in the chosen order.")
    facets: list[FacetGroup] = Field(
        description="Every filter with its options' counts for this search: OR within a "
        "group, AND across groups."
    )


class Error(BaseModel):
    """What was wrong with the request."""

    detail: str = Field(description="A sentence saying what was wrong.")
    parameter: str | None = Field(description="The query or path parameter at fault, if any.")


def _term_model(name: str, model: type[models.Model], extra: list[str]):
    return create_model(
        name,
        __base__=BaseModel,
        __doc__=str(model._meta.verbose_name).capitalize() + ".",
        **{
            n: (str, Field(description=describe(model, n))) for n in ["slug", "name", "description"]
        },
        **{n: (_annotation(model, n), Field(description=describe(model, n))) for n in extra},
        count=(int, Field(description="How many published cases carry it.")),
    )


SectorOut = _term_model("Sector", Sector, ["cofog_code"])
ApproachOut = _term_model("Approach", Approach, ["in_1990s", "today"])
EnablingFactorOut = _term_model("EnablingFactor", EnablingFactor, ["role", "prevalence"])
CoproductionTermOut = create_model(
    "CoproductionTerm",
    __base__=BaseModel,
    __doc__="A term of an editable co-production list.",
    slug=(str, Field(description="The term's stable identifier (its filter value).")),
    name=(str, Field(description="The term's name.")),
    description=(str, Field(description="What the term means (may be empty).")),
    count=(int, Field(description="How many published cases carry it.")),
)


class ChoiceOption(BaseModel):
    value: str = Field(description="The stored value (also the filter value).")
    label: str = Field(description="The value's name.")
    count: int = Field(description="How many published cases have it.")


class Choices(BaseModel):
    key: str = Field(description="The query parameter that filters cases by it.")
    field: str = Field(description="The field that holds it.")
    label: str = Field(description="Its name.")
    definition: str = Field(description="What it means (may be empty).")
    multiple: bool = Field(description="Whether a case may have several values.")
    options: list[ChoiceOption] = Field(description="The allowed values, in their order.")


class CountryCount(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str = Field(description="The country's name (English).")
    count: int = Field(description="How many published cases take place there.")


class Coproduction(BaseModel):
    definition: str = Field(description="What co-production is (OECD 2011).")
    dimensions: list[Choices] = Field(description="The study's dimensions, with definitions.")
    reasons: list[CoproductionTermOut] = Field(description=describe(CoproductionProfile, "reasons"))
    hindering_factors: list[CoproductionTermOut] = Field(
        description=describe(CoproductionProfile, "hindering_factors")
    )
    enhancing_factors: list[CoproductionTermOut] = Field(
        description=describe(CoproductionProfile, "enhancing_factors")
    )


class Vocabularies(BaseModel):
    """Every vocabulary with its definitions and counts of published cases."""

    sectors: list[SectorOut] = Field(description="The 10 COFOG functions of government.")
    approaches: list[ApproachOut] = Field(
        description="Innovation approaches, as they looked in the 1990s and today."
    )
    enabling_factors: list[EnablingFactorOut] = Field(
        description="Enabling factors, with their role and prevalence."
    )
    levels: Choices = Field(description=describe(Innovation, "level"))
    statuses: Choices = Field(description=describe(Innovation, "status"))
    countries: list[CountryCount] = Field(description="The countries of published cases.")
    coproduction: Coproduction = Field(description="The co-production profile's vocabularies.")
