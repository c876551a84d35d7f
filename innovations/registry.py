"""Extension points that other apps fill in from their AppConfig.ready().

`innovations` never imports the apps that extend it; they register here instead:
the co-production app adds its section to the case page, its filters and facets to
the search page, its fields to the submission form, and its part of a case to the
services' write path and to the search index.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet


@dataclass
class CasePage:
    """What other apps add to the case page: prefetches and template sections; and to
    the comparison of cases, `compare_rows`: functions of the (prefetched) cases giving
    rows of (label, one cell per case), a cell being a list of (text, URL or "")."""

    prefetches: list = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    compare_rows: list[Callable] = field(default_factory=list)


case_page = CasePage()


@dataclass
class FacetGroup:
    """One filter of the search page, with the data to count its options.

    `choices()` gives (value, label) pairs; `memberships(ids=None)` gives a queryset of
    (case id, value) rows, of every case or of these ids only (the facet index is built
    and updated from it, as raw rows, and keeps those of published cases: a group may
    leave out the others or not, whichever is cheaper); `q(values)` is the same
    filter in SQL, OR within the group. Other apps append groups to `facet_groups`.
    """

    key: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    memberships: Callable[..., QuerySet]
    q: Callable[[list[str]], Q]
    definition: str = ""
    section: str = ""
    hide_empty: bool = False


facet_groups: list[FacetGroup] = []


@dataclass(frozen=True)
class CasePart:
    """A part of a case that another app stores (the co-production profile, for one).

    The services write it with the rest of the case: `save(innovation, data)` stores the
    part's cleaned data (None removes it) and returns the names of the fields it changed;
    `from_record(record)` gives that cleaned data from an import record (None when the
    record has no such part; `RecordError` when it is invalid); `index_text(ids, languages)` gives
    the text the search index adds for these cases, by case id (the part's names in those
    languages; English and French by default). For open data,
    `columns(values)` describes the part's export columns (`Column`s named `<name>_<key>`;
    the terms of editable lists as allowed values only when `values`)
    and `export(ids)` gives, by case id, the record `from_record` reads back (keys
    without the prefix; lists of values or slugs).
    """

    name: str
    save: Callable
    from_record: Callable
    index_text: Callable[..., dict[int, str]]
    columns: Callable[[bool], list["Column"]] = lambda values=True: []
    export: Callable[[list[int]], dict[int, dict]] = lambda ids: {}


@dataclass(frozen=True)
class Column:
    """One column of the open data exports, as the codebook describes it.

    `type` is a Table Schema type (string, integer, datetime); `values` the allowed
    values with their labels; `multiple` a list (JSON array; "; " between values in CSV).
    """

    name: str
    title: str
    description: str = ""
    type: str = "string"
    values: list[tuple[str, str]] = field(default_factory=list)
    multiple: bool = False
    format: str = "default"


case_parts: dict[str, CasePart] = {}


@dataclass(frozen=True)
class FormSection:
    """A part another app adds to the submission and moderation forms.

    `build(data=None, innovation=None, prefix=...)` gives a bound or unbound form for the
    case (None while it is new); its cleaned data is saved by the services as the case
    part named `prefix`; `template` renders it, with the form as `section_form`.
    """

    prefix: str
    build: Callable
    template: str


submission_sections: list[FormSection] = []
