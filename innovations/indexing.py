"""The write side of the derived stores, under its former name: `innovations.derived`
owns them now (the services' package calls `indexing.cases_changed` until it is ported)."""

from .derived import (
    cases_changed,
    dependents,
    rebuild,
    shown_changed,
    verify,
    vocabulary_changed,
)

__all__ = [
    "cases_changed",
    "dependents",
    "rebuild",
    "shown_changed",
    "verify",
    "vocabulary_changed",
]
