"""Every catalogue is complete: in each language of the site but English, every string of
the code is translated, none is fuzzy, and the compiled catalogue (committed, for machines
without gettext) is current."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
# Every language the site serves but English, the language of the code.
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What makemessages reads: the project's own code and templates, not the tools.
IGNORED = [".venv", "venv", "var", "bench", "tests", "build", "node_modules"]

each_language = pytest.mark.parametrize("language", LANGUAGES)


def po_file(language: str, root: Path = LOCALE) -> Path:
    return root / language / "LC_MESSAGES" / "django.po"


def problems(catalogue: polib.POFile) -> list[str]:
    """The entries that would show English (or a wrong guess) on a page in that language."""
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


def test_every_language_but_english_is_checked():
    assert {"fr", "es", "de"} <= set(LANGUAGES)


@each_language
def test_catalogue_has_no_untranslated_or_fuzzy_string(language):
    assert problems(polib.pofile(str(po_file(language)))) == []


@each_language
def test_catalogue_keeps_the_placeholders_of_every_string(language):
    """A lost or misspelt %(name)s would raise or show nothing on the page."""
    placeholder = re.compile(r"%\((\w+)\)s")
    wrong = []
    for entry in polib.pofile(str(po_file(language))):
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


@each_language
def test_compiled_catalogue_matches_its_source(language):
    po = po_file(language)
    source = {
        (e.msgctxt, e.msgid): e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr
        for e in polib.pofile(str(po))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr
        for e in polib.mofile(str(po.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == source, f"run: python manage.py compilemessages -l {language}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The locale folder of a copy of the project after makemessages for every language."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("translations") / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(*IGNORED, ".git", "__pycache__", "*.sqlite3", "*.mo"),
    )
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    command += [f"-l{language}" for language in LANGUAGES]
    command += [f"--ignore={name}" for name in IGNORED]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
@each_language
def test_every_string_in_the_code_is_in_the_catalogue(extracted, language):
    """makemessages, run on a copy of the project, adds nothing untranslated: a new
    string in a template, the Python code or a mail is caught here."""
    catalogue = polib.pofile(str(po_file(language, extracted)))
    assert problems(catalogue) == [], f"run makemessages -l {language} and translate these"
