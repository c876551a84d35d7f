"""A case's public record, as its versions keep it, and the differences between two.

`record(case)` is what a version holds: the case record (`innovations.record`) as plain
JSON: the content and provenance fields, the tags' slugs, the country codes and every
registered case part (its `export`, the record its `from_record` reads back).
It never holds the contributor's fields, so a version can be shown to anyone who may
see the case. `restore(record)` gives the services' `data` and `parts` that write the
record back (a revert); `diff(old, new)` lists what changed, field by field.
"""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import record as case_record
from .models import Innovation
from .models.languages import language_name
from .record import FIELDS, TAGS, CaseRecord
from .registry import case_parts

__all__ = ["FIELDS", "TAGS", "record", "restore", "diff", "changed", "flat"]
TEXTS = {"summary", "description", "innovative", "results", "challenges", "partners"}


def record(case: Innovation) -> dict:
    """The case's public record now, read from the database (plain JSON values: what
    was stored, not what a writer set on the instance, so a record compares equal to
    the one read back)."""
    return case_record.read(case).as_version()


def restore(saved: dict) -> tuple[dict, dict]:
    """The services' (data, parts) that give a case this record again. Terms deleted
    since from a vocabulary are left out (they no longer exist to tag with), and fields
    the version did not know yet are left as they are."""
    data, parts = CaseRecord.from_dict(saved).service_input(strict=False)
    return {k: v for k, v in data.items() if k in saved or k in TAGS or k == "countries"}, parts


def flat(saved: dict | None) -> dict:
    """The record with each part's fields as `part.field`, for a field-by-field diff."""
    items = {}
    for key, value in (saved or {}).items():
        if key in case_parts:
            for sub, subvalue in (value or {}).items():
                items[f"{key}.{sub}"] = subvalue
        elif key == "translations":  # each translated text on its own
            for code, texts in sorted((value or {}).items()):
                for name, text in texts.items():
                    items[f"translations.{code}.{name}"] = text
        else:
            items[key] = value
    return items


def changed(old: dict | None, new: dict) -> list[str]:
    """The top-level names (fields, tags, countries, parts) whose values differ."""
    old = old or {}
    return [name for name in new if old.get(name) != new[name]]


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    old: object
    new: object
    html: SafeString  # the two texts with deletions and insertions marked


def label(name: str) -> str:
    part, _dot, sub = name.partition(".")
    if part == "translations":
        code, _dot, text = sub.partition(".")
        return _("Translation into %(language)s: %(text)s") % {
            "language": language_name(code),
            "text": Innovation._meta.get_field(text).verbose_name,
        }
    if sub:
        return f"{part.replace('_', ' ').capitalize()}: {sub.replace('_', ' ')}"
    try:
        return str(Innovation._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # countries, which are a relation of their own
        return str(_("Countries")) if name == "countries" else name


def _show(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _marked(old: str, new: str) -> SafeString:
    """Word by word: removed words in <del>, added ones in <ins>."""
    a, b = old.split(" "), new.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))


def diff(old: dict | None, new: dict) -> list[Change]:
    """What changed from one record to another, field by field (parts' fields too)."""
    before, after = flat(old), flat(new)
    names = [*after, *(n for n in before if n not in after)]
    changes = []
    for name in names:
        a, b = before.get(name), after.get(name)
        if a == b or (a in (None, "", []) and b in (None, "", [])):
            continue
        changes.append(Change(name, label(name), _show(a), _show(b), _marked(_show(a), _show(b))))
    return changes
