"""The innovations app's models, one module per concern; the names are re-exported here."""

from .contributors import PERIODS, Frequency, SavedSearch, SignInLink
from .curation import (
    LINK_INVERSE,
    CaseLink,
    CaseVersion,
    Collection,
    CollectionItem,
    Suggestion,
)
from .innovation import (
    CONTRIBUTOR_FIELDS,
    Innovation,
    InnovationCountry,
    Level,
    State,
    Status,
    new_status_key,
    unique_slug,
)
from .languages import LANGUAGES
from .limits import RateCounter, UsedFormToken
from .mail import CaseConfirmation, ContributorAddress, ModeratorDigest, ModeratorLanguage
from .media import CaseMedia, MediaKind
from .moderation import CaseEdit, Event, StateChange, StateChangeQuerySet
from .querysets import InnovationQuerySet
from .revision import CatalogueRevision, IndexChange
from .vocabularies import Approach, EnablingFactor, Sector, Vocabulary, twin, twins

__all__ = [
    "CONTENT_FIELDS",
    "CONTRIBUTOR_FIELDS",
    "PROVENANCE_FIELDS",
    "LANGUAGES",
    "Approach",
    "CaseEdit",
    "CaseVersion",
    "CaseLink",
    "Collection",
    "CollectionItem",
    "LINK_INVERSE",
    "Event",
    "Suggestion",
    "CatalogueRevision",
    "EnablingFactor",
    "IndexChange",
    "Innovation",
    "InnovationCountry",
    "InnovationQuerySet",
    "Level",
    "Sector",
    "State",
    "StateChange",
    "StateChangeQuerySet",
    "Status",
    "RateCounter",
    "CaseConfirmation",
    "ContributorAddress",
    "ModeratorDigest",
    "ModeratorLanguage",
    "UsedFormToken",
    "Vocabulary",
    "twin",
    "twins",
    "Frequency",
    "PERIODS",
    "SavedSearch",
    "SignInLink",
    "CaseMedia",
    "MediaKind",
    "new_status_key",
    "unique_slug",
]


def __getattr__(name: str):
    """`CONTENT_FIELDS` and `PROVENANCE_FIELDS` are declared by the case record
    (`innovations.record`), which reads these models: given from there on first use."""
    if name in ("CONTENT_FIELDS", "PROVENANCE_FIELDS"):
        from .. import record

        return getattr(record, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
