"""The editable vocabularies a case is tagged with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def twin(field: str, language: str | None = None) -> str:
    """The name of a field's twin in a language (the active one by default): `name_es`
    for `name` in Spanish, the field itself in English."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return field if code == settings.LANGUAGE_CODE else f"{field}_{code}"


def twins(field: str) -> list[str]:
    """The names of a field's twins in every language but English."""
    return [twin(field, code) for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def in_language(term, field: str) -> str:
    """A text field of a term in the active language: its twin in that language when
    it is filled in, else the English text."""
    return getattr(term, twin(field), "") or getattr(term, field)


class Vocabulary(models.Model):
    """A tag list that editors maintain in the admin: rows, not code.

    Add a term in the admin (name, slug, description, order) and it appears in the
    filters, the landing pages and the submission form; the slug is its stable URL.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    # Twins of the texts in the other languages; empty shows the English (see README,
    # "Languages"). A new language adds its twins here and in the subclasses.
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    name_de = models.CharField(_("name (German)"), max_length=120, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return in_language(self, "name")

    @property
    def text(self) -> str:
        """The description in the active language."""
        return in_language(self, "description")

    def case_ids(self) -> list[int]:
        """The cases tagged with this term."""
        return list(self.innovations.values_list("pk", flat=True))


class Sector(Vocabulary):
    """A COFOG function (the UN Classification of the Functions of Government)."""

    cofog_code = models.CharField(_("COFOG code"), max_length=4, blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def get_absolute_url(self) -> str:
        return reverse("innovations:sector", args=[self.slug])


class Approach(Vocabulary):
    """An innovation approach, with how it looked in the 1990s and how it looks today."""

    in_1990s = models.TextField(_("in the 1990s"), blank=True)
    today = models.TextField(_("today"), blank=True)
    in_1990s_fr = models.TextField(_("in the 1990s (French)"), blank=True)
    today_fr = models.TextField(_("today (French)"), blank=True)
    in_1990s_es = models.TextField(_("in the 1990s (Spanish)"), blank=True)
    today_es = models.TextField(_("today (Spanish)"), blank=True)
    in_1990s_de = models.TextField(_("in the 1990s (German)"), blank=True)
    today_de = models.TextField(_("today (German)"), blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("innovation approach")
        verbose_name_plural = _("innovation approaches")

    def get_absolute_url(self) -> str:
        return reverse("innovations:approach", args=[self.slug])

    @property
    def local_in_1990s(self) -> str:
        return in_language(self, "in_1990s")

    @property
    def local_today(self) -> str:
        return in_language(self, "today")


class EnablingFactor(Vocabulary):
    """A factor that enables innovation, with its role and how often it was seen."""

    role = models.TextField(_("role"), blank=True)
    role_fr = models.TextField(_("role (French)"), blank=True)
    role_es = models.TextField(_("role (Spanish)"), blank=True)
    role_de = models.TextField(_("role (German)"), blank=True)
    prevalence = models.PositiveSmallIntegerField(
        _("prevalence"), default=1, help_text=_("1 (seen least) to 3 (seen most).")
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("enabling factor")
        verbose_name_plural = _("enabling factors")
        constraints = [
            models.CheckConstraint(
                condition=Q(prevalence__gte=1, prevalence__lte=3),
                name="enablingfactor_prevalence_1_to_3",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("innovations:factor", args=[self.slug])

    @property
    def local_role(self) -> str:
        return in_language(self, "role")

    @property
    def stars(self) -> str:
        return "★" * self.prevalence
