"""The part of the case forms that edits one translation of a case's texts.

The submission form, the moderators' form and the reader's suggestion form each show one
translation at a time (`?translation=fr` picks it; else the case's first one): its
language and its texts. Saving sets or replaces that language's translation and keeps
the others; a translation emptied of every text is removed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import translations
from .models.languages import language_name

PREFIX = "translation_"
LABELS = {
    "title": _("Translated title"),
    "summary": _("Translated summary"),
    "description": _("Translated description"),
    "innovative": _("Translated “what makes it innovative”"),
    "results": _("Translated results and impact"),
    "challenges": _("Translated challenges and lessons"),
}


def _text_field(name: str) -> forms.CharField:
    short = name == "title"
    widget = forms.TextInput if short else forms.Textarea(attrs={"rows": 4})
    limit = translations.LIMITS[name]
    return forms.CharField(
        label=LABELS[name],
        required=False,
        max_length=limit,
        widget=widget,
        strip=True,
    )


class TranslationFields(forms.Form):
    """One translation's fields, for a form of a case (`instance`)."""

    translation_language = forms.ChoiceField(
        label=_("Language of the translation"),
        required=False,
        help_text=_(
            "Optional: the title and summary (at least) in another of the site's "
            "languages. Leave the texts empty to remove that translation."
        ),
    )
    translation_title = _text_field("title")
    translation_summary = _text_field("summary")
    translation_description = _text_field("description")
    translation_innovative = _text_field("innovative")
    translation_results = _text_field("results")
    translation_challenges = _text_field("challenges")

    @property
    def translation_fields(self) -> list:
        """The bound fields of the translation (the form's fieldset of its own)."""
        return [self[name] for name in self.fields if name.startswith(PREFIX)]

    @property
    def case_fields(self) -> list:
        """The form's other bound fields."""
        return [self[name] for name in self.fields if not name.startswith(PREFIX)]

    def init_translation(self, language: str | None) -> None:
        """The language choices named in the page's language, and the translation
        `language` (or the case's first one) filled in."""
        codes = translations.languages()
        self.fields[PREFIX + "language"].choices = [("", _("No translation"))] + [
            (code, language_name(code)) for code in codes
        ]
        have = self._translations()
        if language not in codes:
            language = next(iter(have), "")
        if language:
            self.initial.setdefault(PREFIX + "language", language)
            for name, text in have.get(language, {}).items():
                self.initial.setdefault(PREFIX + name, text)

    def _translations(self) -> dict:
        instance = getattr(self, "instance", None)
        return dict(getattr(instance, "translations", None) or {})

    def clean_translation(self, text_language: str) -> dict | None:
        """The case's translations with this form's one set (None: unchanged), errors
        added to the form's fields."""
        data = self.cleaned_data
        language = data.get(PREFIX + "language") or ""
        texts = {name: data.get(PREFIX + name) or "" for name in translations.TRANSLATED}
        have = self._translations()
        if not language:
            if any(texts.values()):
                self.add_error(
                    PREFIX + "language", _("Choose the language these texts are written in.")
                )
            elif text_language in have:
                self.add_error(
                    "text_language" if "text_language" in self.fields else None,
                    _("The case has a translation into this language: remove it first."),
                )
            return None
        if language == text_language:
            self.add_error(PREFIX + "language", _("The case's texts are already in this language."))
            return None
        wanted = {**have, language: texts}
        try:
            return translations.clean(wanted, text_language)
        except ValidationError as error:
            missing = [name for name in translations.REQUIRED if not texts[name]]
            for name in missing or ["language"]:
                self.add_error(PREFIX + name, error)
            return None
