"""Forms: the public submission form (an allow-list of fields) and the moderators' forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import models, uploads
from .models import Approach, EnablingFactor, Innovation, MediaKind, Sector
from .models.languages import language_choices, language_name
from .record import CONTENT_FIELDS as RECORD_FIELDS
from .search import normalise
from .translation_form import TranslationFields

# A case's translations are edited one at a time, through `TranslationFields`.
FORM_FIELDS = [name for name in RECORD_FIELDS if name != "translations"]
TAG_FIELDS = ["sectors", "approaches", "enabling_factors"]
CONTENT_FIELDS = [*FORM_FIELDS, *TAG_FIELDS]
# Long texts are capped: enough for any real case, and a bound on what a bot can post.
TEXT_LIMITS = {
    "summary": 2_000,
    "description": 20_000,
    "innovative": 10_000,
    "results": 10_000,
    "challenges": 10_000,
    "partners": 2_000,
}
# Every section must be answered before a case is submitted (OPSI's criteria).
REQUIRED_TO_SUBMIT = [
    "title",
    "summary",
    "description",
    "innovative",
    "results",
    "challenges",
    "source_url",
    "level",
    "lead_organisation",
    "year_launched",
    "status",
    "sectors",
    "countries",
    "contributor_name",
    "contributor_email",
    "licence_consent",
]


FIRST_YEAR = 1900


def latest_year() -> int:
    """The latest year a case may have been launched in: next year (a launch announced)."""
    return timezone.localdate().year + 1


def described(name: str) -> dict:
    """A field's label and help text, as the model gives them (for declared fields)."""
    field = Innovation._meta.get_field(name)
    return {"label": capfirst(field.verbose_name), "help_text": field.help_text}


class TermChoiceField(forms.ModelMultipleChoiceField):
    """Vocabulary terms as checkboxes, each with its description beside its name."""

    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        # A posted id too big for the database's integer raises instead of not matching.
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj) -> str:
        if obj.text:
            return format_html(
                '<span class="term-name">{}</span> <span class="term-description">{}</span>',
                obj.label,
                obj.text,
            )
        return format_html('<span class="term-name">{}</span>', obj.label)


class CaseForm(TranslationFields, forms.ModelForm):
    """The case's content, one of its translations, its countries, and the
    contributor's contact details."""

    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=countries,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "country-choices"}),
        help_text=_("Tick every country where it takes place."),
    )
    sectors = TermChoiceField(queryset=Sector.objects.all(), **described("sectors"))
    approaches = TermChoiceField(
        queryset=Approach.objects.all(), required=False, **described("approaches")
    )
    enabling_factors = TermChoiceField(
        queryset=EnablingFactor.objects.all(), required=False, **described("enabling_factors")
    )

    class Meta:
        model = Innovation
        fields = [*CONTENT_FIELDS, *models.CONTRIBUTOR_FIELDS]
        # The case's fields are labelled and explained by the model, once; only the
        # contributor's own details are asked in the second person.
        labels = {
            "contributor_name": _("Your name"),
            "contributor_email": _("Your e-mail"),
            "contributor_organisation": _("Your organisation"),
            "contributor_role": _("Your role"),
        }
        help_texts = {
            "contributor_email": _("For the receipt and your private link; never shown publicly."),
        }

    def __init__(self, *args, translation: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_translation(translation)
        if "year_launched" in self.fields:
            # Made per form, so that the next year is allowed from New Year's Day on,
            # however long the server has been running.
            self.fields["year_launched"] = Innovation._meta.get_field("year_launched").formfield(
                min_value=FIRST_YEAR, max_value=latest_year()
            )
        for name, limit in TEXT_LIMITS.items():
            if name in self.fields:
                self.fields[name].max_length = limit
                self.fields[name].validators.append(MaxLengthValidator(limit))
                self.fields[name].widget.attrs["maxlength"] = str(limit)
        if "countries" in self.fields:
            # Named and sorted in the page's language (the class-level list is English).
            self.fields["countries"].choices = list(countries)
        # The languages named in the page's language, in its alphabetical order.
        named = [(code, language_name(code)) for code, _name in language_choices()]
        named.sort(key=lambda c: normalise(c[1]))
        if "language" in self.fields:
            self.fields["language"].choices = [("", "---------"), *named]
        if "text_language" in self.fields:
            self.fields["text_language"].choices = named
        if self.instance.pk and "countries" not in self.initial:
            self.initial["countries"] = [
                str(link.country) for link in self.instance.country_links.all()
            ]

    def clean(self):
        data = super().clean()
        if "text_language" in self.fields:
            data["text_language"] = data.get("text_language") or "en"
        language = data.get("text_language") or self.instance.text_language
        found = self.clean_translation(language)
        if found is not None:
            data["translations"] = found
        return data

    def case_data(self) -> dict:
        """The cleaned values the services write (the form itself never saves)."""
        names = [*self._meta.fields, "countries", "translations"]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class SubmissionForm(CaseForm):
    """The public form. Saving a draft requires nothing; submitting requires every section.

    Its fields are an explicit allow-list: state, featured, dates and moderator fields
    are not among them, so a posted `state=published` is simply ignored.
    """

    licence_consent = forms.BooleanField(
        label=_(
            "I agree that the text of this case is published under the Creative Commons "
            "Attribution 4.0 licence (CC BY 4.0), and I may agree to it."
        ),
    )

    class Meta(CaseForm.Meta):
        fields = [*CaseForm.Meta.fields, "licence_consent"]

    def __init__(self, *args, submitting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name, field in self.fields.items():
            field.required = submitting and name in REQUIRED_TO_SUBMIT
            # Marked in the form from the start, even while a draft needs nothing.
            field.needed_to_submit = name in REQUIRED_TO_SUBMIT
            if field.required:
                field.widget.attrs["aria-required"] = "true"


class ModerationForm(CaseForm):
    """What a moderator may edit: the case, its URL (until it is first published) and
    the contributor's details."""

    class Meta(CaseForm.Meta):
        fields = [*CaseForm.Meta.fields, "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.published_at is not None and "slug" in self.fields:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("A published case keeps its address.")


class ActionForm(forms.Form):
    """A moderator's action on one case, with the state they saw when they chose it."""

    action = forms.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
            ("unpublish", _("Unpublish")),
        ]
    )
    note = forms.CharField(
        label=_("Message to the contributor"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to request changes or to reject."),
    )
    expected_state = forms.ChoiceField(choices=Innovation.State.choices, widget=forms.HiddenInput)


class FeatureForm(forms.Form):
    featured = forms.BooleanField(label=_("Featured on the home page"), required=False)
    order = forms.IntegerField(
        label=_("Featured order"), required=False, min_value=0, max_value=10_000
    )


class SuggestionForm(CaseForm):
    """A reader's correction or update of a published case: its public text, facts,
    tags and countries, pre-filled with the case as it is, one translation, and a
    message; no account."""

    message = forms.CharField(
        label=_("What you changed, and how you know"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A source helps the moderators check it."),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("Only if you want to hear what the moderators decided; never shown."),
    )

    class Meta(CaseForm.Meta):
        fields = [name for name in CONTENT_FIELDS if name not in ("language", "text_language")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [*TAG_FIELDS, "countries"]:  # many imported cases have none yet
            self.fields[name].required = False

    def changes(self) -> dict:
        """The cleaned values of the case's fields, its tags as slugs, its countries as
        codes and, when the reader wrote one, its translations (the services keep those
        that differ from the case)."""
        data = self.cleaned_data
        names = [*self._meta.fields, "countries", "translations"]
        found = {name: data[name] for name in names if name in data}
        for name in TAG_FIELDS:
            found[name] = sorted(term.slug for term in data.get(name) or [])
        found["countries"] = sorted(data.get("countries") or [])
        return found


class MediaForm(forms.Form):
    """A picture, a PDF document or a video link a contributor adds to their case: the
    file checked (`innovations.uploads`), a picture's alternative text and credit
    required."""

    kind = forms.ChoiceField(
        label=_("What to add"), choices=MediaKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("An image (JPEG, PNG or WebP, at most 5 MB) or a PDF (10 MB)."),
    )
    url = forms.URLField(
        label=_("Video address"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "A link to the video on YouTube, Vimeo, Dailymotion or PeerTube; it is shown "
            "as a link, never embedded."
        ),
    )
    alt_text = forms.CharField(
        label=_("Alternative text (images)"),
        max_length=300,
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    credit = forms.CharField(
        label=_("Credit and licence (images)"),
        max_length=300,
        required=False,
        help_text=_("Who made it, and under which licence, e.g. “City of Lyon, CC BY 4.0”."),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        try:
            if kind == MediaKind.IMAGE:
                data["checked"] = uploads.check_image(data.get("file"))
            elif kind == MediaKind.DOCUMENT:
                data["checked"] = uploads.check_pdf(data.get("file"))
        except ValidationError as error:
            self.add_error("file", error)
        if kind == MediaKind.IMAGE:
            for name in ("alt_text", "credit"):
                if not data.get(name, "").strip():
                    self.add_error(name, _("An image needs this."))
        if kind == MediaKind.VIDEO:
            try:
                data["url"] = uploads.check_video_url(data.get("url", ""))
            except ValidationError as error:
                self.add_error("url", error)
        return data


class SuggestedMediaForm(MediaForm):
    """A picture or a video link a reader proposes with a suggestion (prefix `media`):
    optional, no documents, and otherwise checked as the contributor's are."""

    kind = forms.ChoiceField(
        label=_("Add a picture or a video"),
        required=False,
        choices=[("", _("Nothing")), ("image", _("A picture")), ("video", _("A video link"))],
        widget=forms.RadioSelect,
        initial="",
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image, at most 5 MB."),
    )

    def clean(self):
        if not self.cleaned_data.get("kind"):
            return self.cleaned_data
        if not self.cleaned_data.get("title", "").strip():
            self.add_error("title", _("A picture or a video needs a title."))
        return super().clean()

    def proposed(self) -> dict | None:
        """`suggestion_create`'s `media`: what to add, or None."""
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        found = {"kind": data["kind"], "title": data["title"].strip()}
        if data["kind"] == "image":
            return {**found, "alt_text": data["alt_text"].strip(),
                    "credit": data["credit"].strip(), "checked": data["checked"]}  # fmt: skip
        return {**found, "url": data["url"]}
