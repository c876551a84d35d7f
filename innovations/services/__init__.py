"""Every write of a case: content, tags, countries, parts, state, featuring, deletion.

One module per use case, each owning its transactions and side effects (as zulip's
`zerver/actions/`): `moderation` (states, featuring, deletion), `content` (create, edit,
import), `contribution` (what the public sends, with its anti-spam accounting),
`curation` (reverts, verification, suggested updates), `collections` (collections and
links), `bulk` (one change to a selection of cases), `merging` (a duplicate merged),
`media` (the pictures' smaller copies);
`common` holds the row lock and the logs they share, `guard` the write guard
that refuses, in development and tests, a write of a case made anywhere else. The
signed status link is `innovations.tokens` (a leaf: `innovations.tasks` mails it).

The submission form, the moderation pages, the admin, the importers and the management
commands all call these functions with cleaned data (never forms), so the rules live
here only: `from innovations import services; services.innovation_publish(...)`.
Each runs in a transaction and locks the case's row (select_for_update on PostgreSQL;
on SQLite the IMMEDIATE transaction mode takes the database write lock at BEGIN).
Every change is logged: state changes in `StateChange`, other events in `CaseEdit`;
every change of the public record and every publication records a `CaseVersion`. A
write the public can see re-indexes the case in the same transaction
(`innovations.derived`); mail goes out through `innovations.tasks` after commit.
"""

from ..tokens import STATUS_SALT, innovation_from_token, reference, status_token
from .bulk import (
    MAX_BULK,
    BulkResult,
    TooMany,
    innovations_publish,
    innovations_reject,
    innovations_set,
    innovations_tag,
)
from .collections import (
    case_link,
    case_unlink,
    collection_add_case,
    collection_delete,
    collection_save,
    collection_set_cases,
)
from .common import CONTRIBUTOR_EDITABLE, State, TransitionError
from .content import (
    FIELDS,
    TAGS,
    innovation_create,
    innovation_edit,
    innovation_import,
    innovation_save_draft,
)
from .contribution import (
    SUGGESTABLE,
    contribution_save,
    contribution_send,
    contributor_address_confirm,
    contributor_address_language,
    suggestion_create,
    suggestion_send,
)
from .curation import (
    SuggestionConflict,
    innovation_revert,
    innovation_verify,
    suggestion_accept,
    suggestion_decline,
)
from .guard import WriteOutsideServices, service, writing
from .media import media_renditions_make
from .merging import innovation_merge
from .moderation import (
    MODERATOR_ACTIONS,
    TRANSITIONS,
    Transition,
    allowed_actions,
    innovation_delete,
    innovation_feature,
    innovation_publish,
    innovation_reject,
    innovation_reject_spam,
    innovation_request_changes,
    innovation_submit,
    innovation_unpublish,
)

__all__ = [
    "media_renditions_make",
    "MAX_BULK",
    "BulkResult",
    "TooMany",
    "innovation_merge",
    "innovations_publish",
    "innovations_reject",
    "innovations_set",
    "innovations_tag",
    "CONTRIBUTOR_EDITABLE",
    "FIELDS",
    "MODERATOR_ACTIONS",
    "STATUS_SALT",
    "SUGGESTABLE",
    "TAGS",
    "TRANSITIONS",
    "State",
    "SuggestionConflict",
    "Transition",
    "TransitionError",
    "WriteOutsideServices",
    "allowed_actions",
    "case_link",
    "case_unlink",
    "collection_add_case",
    "collection_delete",
    "collection_save",
    "collection_set_cases",
    "contribution_save",
    "contribution_send",
    "contributor_address_confirm",
    "contributor_address_language",
    "innovation_create",
    "innovation_delete",
    "innovation_edit",
    "innovation_feature",
    "innovation_from_token",
    "innovation_import",
    "innovation_publish",
    "innovation_reject",
    "innovation_reject_spam",
    "innovation_request_changes",
    "innovation_revert",
    "innovation_save_draft",
    "innovation_submit",
    "innovation_unpublish",
    "innovation_verify",
    "reference",
    "service",
    "status_token",
    "suggestion_accept",
    "suggestion_create",
    "suggestion_decline",
    "suggestion_send",
    "writing",
]
