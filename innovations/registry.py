"""Extension points that other apps fill in from their AppConfig.ready().

`innovations` never imports the apps that extend it; they register here instead:
the co-production app adds its section to the case page, its filters and facets to
the search page, and its fields to the submission form.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q


@dataclass
class CasePage:
    """What other apps add to the case page: prefetches and template sections."""

    prefetches: list = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


case_page = CasePage()


@dataclass
class FacetGroup:
    """One filter of the search page, with the data to count its options.

    `choices()` gives (value, label) pairs; `memberships()` gives (case id, value) pairs
    for published cases (the facet index is built from it); `q(values)` is the same
    filter in SQL, OR within the group. Other apps append groups to `facet_groups`.
    """

    key: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    memberships: Callable[[], Iterable[tuple[int, str]]]
    q: Callable[[list[str]], Q]
    definition: str = ""
    section: str = ""
    hide_empty: bool = False


facet_groups: list[FacetGroup] = []


@dataclass(frozen=True)
class FormSection:
    """A part another app adds to the submission and moderation forms.

    `build(data=None, innovation=None, prefix=...)` gives a bound or unbound form for the
    case (None while it is new); `save(form, innovation)` stores what it holds once the
    case is saved; `template` renders it, with the form as `section_form`.
    """

    prefix: str
    build: Callable
    save: Callable
    template: str


submission_sections: list[FormSection] = []
