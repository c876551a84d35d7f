"""Translations of a case's texts: what they may hold, and which texts a page shows.

A case's title, summary and texts are written in one language (`text_language`, English
unless said otherwise) and may carry translations into the site's languages
(`translations`: {"fr": {"title": ..., "summary": ..., "description": ...}}), contributed
through the form or a suggestion and moderated like any other change. A translation has
at least a title and a summary; a text it leaves out is shown in the original, marked
with its language. Search reads every language a case has (`search.documents`).
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models.languages import language_in_sentence, language_name

# The texts a translation may hold, in the page's order; the first two are required.
TRANSLATED = ("title", "summary", "description", "innovative", "results", "challenges")
REQUIRED = ("title", "summary")
# The longest text a translation may hold for each, as the submission form allows.
LIMITS = {
    "title": 200,
    "summary": 2_000,
    "description": 20_000,
    "innovative": 10_000,
    "results": 10_000,
    "challenges": 10_000,
}


def languages() -> list[str]:
    """The languages a case may be translated into: the site's."""
    return [code for code, _name in settings.LANGUAGES]


def clean(value, text_language: str = "en") -> dict:
    """Translations as stored: known languages (not the texts' own) mapping to the known
    texts, trimmed, empty ones left out; a language with no text left is dropped.
    `ValidationError` for anything else (a list, an unknown language or text, a
    translation without its title or summary, a text over its length)."""
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(_("Translations must be an object by language code."))
    found = {}
    for code, texts in value.items():
        if code not in languages() or code == text_language:
            raise ValidationError(
                _("“%(code)s” is not a language this case can be translated into."),
                params={"code": str(code)[:20]},
            )
        if not isinstance(texts, dict) or not set(texts) <= set(TRANSLATED):
            raise ValidationError(
                _("A translation holds only these texts: %(names)s."),
                params={"names": ", ".join(TRANSLATED)},
            )
        kept = {}
        for name in TRANSLATED:
            text = texts.get(name) or ""
            if not isinstance(text, str):
                raise ValidationError(_("A translated text must be text."))
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if len(text) > LIMITS[name]:
                raise ValidationError(
                    _("The translated %(name)s is longer than %(limit)s characters."),
                    params={"name": name, "limit": LIMITS[name]},
                )
            if text:
                kept[name] = text
        if not kept:
            continue
        missing = [name for name in REQUIRED if name not in kept]
        if missing:
            raise ValidationError(
                _("A translation needs a title and a summary (%(language)s)."),
                params={"language": language_name(code)},
            )
        found[code] = kept
    return dict(sorted(found.items()))


def parse(value, text_language: str = "en") -> dict:
    """Translations from an import: a JSON object, or its text in a CSV cell."""
    if isinstance(value, str) and value.strip():
        try:
            value = json.loads(value)
        except ValueError as error:
            raise ValidationError(_("Translations are not valid JSON.")) from error
    return clean(value, text_language)


@dataclass
class Texts:
    """The texts a page shows of a case, in one language, with what the page says of it."""

    language: str  # the language of the title and summary shown (a `lang` attribute)
    original: str  # the language the case is written in
    translated: bool  # the title and summary are a translation
    values: dict = field(default_factory=dict)
    # The language of each text shown (a text the translation left out is the original's).
    languages: dict = field(default_factory=dict)
    page: str = "en"  # the page's language
    others: list = field(default_factory=list)  # the translations into other languages

    def __getattr__(self, name: str):
        if name in TRANSLATED:
            return self.values.get(name, "")
        raise AttributeError(name)

    @property
    def lang(self) -> dict:
        """Each text's `lang` attribute where its language is not the page's, else ""."""
        return {
            name: format_html(' lang="{}"', code) if code != self.page else ""
            for name, code in self.languages.items()
        }

    @property
    def original_on_site(self) -> bool:
        """The original has a page of its own (it is in one of the site's languages)."""
        return self.original in languages()

    @property
    def other_names(self) -> list[tuple[str, str]]:
        """The other translations' languages, (code, name), for links to them."""
        return [(code, language_name(code)) for code in self.others]

    @property
    def original_label(self) -> str:
        """The original's language, named on its own (a fact of the case page)."""
        return language_name(self.original)

    @property
    def original_name(self) -> str:
        """The original's language, named as a sentence of the page writes it."""
        return language_in_sentence(self.original)


def texts(case, language: str | None = None, names=TRANSLATED) -> Texts:
    """The case's texts (`names` of them: a card reads only its title and summary) for
    a page in `language` (the active one by default): its translation into it when
    there is one, else the original."""
    page = (language or get_language() or "en").split("-")[0]
    original = case.text_language or "en"
    have = case.translations or {}
    others = [code for code in sorted(have) if code != page and code in languages()]
    translation = have.get(page) if page != original else None
    values = {name: getattr(case, name) for name in names}
    languages_ = dict.fromkeys(names, original)
    if translation:
        for name in names:
            if translation.get(name):
                values[name], languages_[name] = translation[name], page
    shown = page if translation else original
    return Texts(shown, original, bool(translation), values, languages_, page, others)
