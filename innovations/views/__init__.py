"""The app's views, one module per audience; the names are re-exported here."""

from .collections import CollectionFeed, collection_index, collection_page
from .exports import innovation_export
from .history import case_history, suggest
from .public import (
    country_index,
    country_landing,
    featured_list,
    home,
    innovation_detail,
    vocabulary_index,
    vocabulary_landing,
)
from .search import innovation_list
from .submission import (
    confirm_address,
    status,
    submit,
    submit_done,
    submit_preview,
    submit_send,
)

__all__ = [
    "CollectionFeed",
    "collection_index",
    "collection_page",
    "case_history",
    "suggest",
    "country_index",
    "country_landing",
    "featured_list",
    "home",
    "innovation_detail",
    "innovation_export",
    "innovation_list",
    "vocabulary_index",
    "vocabulary_landing",
    "confirm_address",
    "status",
    "submit",
    "submit_done",
    "submit_preview",
    "submit_send",
]
