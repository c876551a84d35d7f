"""The languages a case's texts and initiative can be in (ISO 639-1 codes), named."""

from django.conf import global_settings
from django.utils.translation import get_language, gettext

# Django's language list, plus ISO 639-1 languages that cases are written in but that
# Django has no translation for.
LANGUAGES = sorted([*global_settings.LANGUAGES, ("rw", "Kinyarwanda")], key=lambda item: item[0])


def language_choices() -> list[tuple[str, str]]:
    """The field's choices, read when used: a callable, so that the migrations keep a
    reference to it, not the list (adding a language needs no migration)."""
    return LANGUAGES


def language_name(code: str) -> str:
    """A language's name in the active language."""
    name = dict(LANGUAGES).get(code, code)
    return gettext(name) if name else ""


# The page languages that write a language's name with a capital letter in a sentence.
CAPITALISED_NAMES = {"en", "de"}


def language_in_sentence(code: str) -> str:
    """A language's name as a sentence of the active language writes it ("anglais" in
    French, "inglés" in Spanish, "Englisch" in German)."""
    name = language_name(code)
    page = (get_language() or "en").split("-")[0]
    return name if page in CAPITALISED_NAMES else name[:1].lower() + name[1:]
