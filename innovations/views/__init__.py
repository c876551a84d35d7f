"""The app's views, one module per audience; the names are re-exported here."""

from .public import (
    country_index,
    country_landing,
    home,
    innovation_detail,
    innovation_list,
    vocabulary_index,
    vocabulary_landing,
)

__all__ = [
    "country_index",
    "country_landing",
    "home",
    "innovation_detail",
    "innovation_list",
    "vocabulary_index",
    "vocabulary_landing",
]
