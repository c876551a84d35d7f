"""The French catalogue is complete: every string of the code is translated, none is
fuzzy, and the compiled catalogue (committed, for machines without gettext) is current."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages reads: the project's own code and templates, not the tools.
IGNORED = [".venv", "venv", "var", "bench", "tests", "build", "node_modules"]


def problems(catalogue: polib.POFile) -> list[str]:
    """The entries that would show English (or a wrong guess) on a French page."""
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.get(n) for n in (0, 1)):
                found.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {entry.msgid!r}")
    return found


def test_french_catalogue_has_no_untranslated_or_fuzzy_string():
    assert problems(polib.pofile(str(PO))) == []


def test_french_catalogue_keeps_the_placeholders_of_every_string():
    """A lost or misspelt %(name)s would raise or show nothing on a French page."""
    placeholder = re.compile(r"%\((\w+)\)s")
    wrong = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        singular = set(placeholder.findall(entry.msgid))
        if not entry.msgid_plural:
            if set(placeholder.findall(entry.msgstr)) != singular:
                wrong.append(entry.msgid)
            continue
        # A plural's forms may each leave out the count ("Charts of this case").
        plural = set(placeholder.findall(entry.msgid_plural))
        one, many = (set(placeholder.findall(entry.msgstr_plural[n])) for n in (0, 1))
        if not (singular <= one <= singular | plural and plural <= many <= singular | plural):
            wrong.append(entry.msgid)
    assert wrong == []


def test_compiled_french_catalogue_matches_its_source():
    source = {
        (e.msgctxt, e.msgid): e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr
        for e in polib.pofile(str(PO))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr
        for e in polib.mofile(str(MO))
        if e.msgid
    }
    assert compiled == source, "run: python manage.py compilemessages -l fr"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_every_string_in_the_code_is_in_the_french_catalogue(tmp_path):
    """makemessages, run on a copy of the project, adds nothing untranslated: a new
    string in a template, the Python code or a mail is caught here."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(*IGNORED, ".git", "__pycache__", "*.sqlite3", "*.mo"),
    )
    command = [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"]
    command += [f"--ignore={name}" for name in IGNORED]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert problems(extracted) == [], "run makemessages -l fr and translate these"
