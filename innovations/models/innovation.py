"""The case (Innovation) and its countries."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .choices import Level, State, Status
from .languages import language_choices, language_name
from .querysets import InnovationQuerySet
from .vocabularies import Approach, EnablingFactor, Sector


def new_status_key() -> str:
    """A random key for a case's private status link."""
    return secrets.token_urlsafe(24)


# The record's fields (content, provenance) are declared by `innovations.record.CaseRecord`.

# Who contributed the case: never public (the form asks, moderators see them).
CONTRIBUTOR_FIELDS = [
    "contributor_name",
    "contributor_email",
    "contributor_organisation",
    "contributor_role",
]


class Innovation(models.Model):
    """A public-sector innovation case."""

    State = State
    Level = Level
    Status = Status

    title = models.CharField(
        _("title"), max_length=200, help_text=_("The initiative's name, as its organisers use it.")
    )
    slug = models.SlugField(
        _("slug"), max_length=220, unique=True, help_text=_("Set once; the case's stable URL.")
    )
    summary = models.TextField(_("summary"), help_text=_("One paragraph."))
    description = models.TextField(
        _("description"), help_text=_("What it is, who it serves, and how it works.")
    )
    innovative = models.TextField(
        _("what makes it innovative"),
        blank=True,
        help_text=_("What is new about it, for the organisation that did it."),
    )
    results = models.TextField(
        _("results and impact"),
        blank=True,
        help_text=_("What changed for the public, with evidence where there is some."),
    )
    challenges = models.TextField(
        _("challenges and lessons"),
        blank=True,
        help_text=_("What was hard, and what others can learn from it."),
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_(
            "A public page about it. Empty only for an imported case whose data set gives "
            "no usable address (the data set is its provenance, not its source)."
        ),
    )
    website_url = models.URLField(
        _("website"), max_length=500, blank=True, help_text=_("The initiative's own website.")
    )

    level = models.CharField(
        _("level of government"),
        max_length=20,
        help_text=_("The level of government that leads it."),
        choices=Level,
        blank=True,
        default="",
        db_default="",
    )
    lead_organisation = models.CharField(
        _("lead organisation"),
        max_length=200,
        blank=True,
        help_text=_("The public body (or other organisation) that leads it."),
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Other organisations that take part.")
    )
    year_launched = models.PositiveSmallIntegerField(
        _("year launched"), null=True, blank=True, help_text=_("The year it started.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where it stands: planned, in a pilot, implemented, scaled or stopped."),
    )
    language = models.CharField(
        _("original language"),
        max_length=10,
        choices=language_choices,
        blank=True,
        help_text=_("The language its own documents are written in (an ISO 639-1 code)."),
    )

    text_language = models.CharField(
        _("language of the texts"),
        max_length=10,
        choices=language_choices,
        default="en",
        db_default="en",
        help_text=_("The language the title, summary and texts above are written in."),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            "The title, summary and texts in other languages, by language code: "
            '{"fr": {"title": "...", "summary": "...", "description": "..."}}.'
        ),
    )

    sectors = models.ManyToManyField(
        Sector,
        related_name="innovations",
        verbose_name=_("sectors"),
        help_text=_("The functions of government (COFOG) it serves."),
    )
    approaches = models.ManyToManyField(
        Approach,
        related_name="innovations",
        blank=True,
        verbose_name=_("innovation approaches"),
        help_text=_("How it changes the way the service is designed or delivered."),
    )
    enabling_factors = models.ManyToManyField(
        EnablingFactor,
        related_name="innovations",
        blank=True,
        verbose_name=_("enabling factors"),
        help_text=_("What made it possible."),
    )

    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.DRAFT, db_default=State.DRAFT
    )
    featured = models.BooleanField(_("featured"), default=False, db_default=False)
    featured_order = models.PositiveIntegerField(_("featured order"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("When it was first published in this catalogue (ISO 8601, UTC)."),
    )

    # The contributor: never shown publicly, only to moderators and on the private
    # status page reached through the signed link.
    contributor_name = models.CharField(_("contributor's name"), max_length=200, blank=True)
    contributor_email = models.EmailField(_("contributor's e-mail"), blank=True)
    contributor_organisation = models.CharField(
        _("contributor's organisation"), max_length=200, blank=True
    )
    contributor_role = models.CharField(_("contributor's role"), max_length=200, blank=True)
    licence_consent = models.BooleanField(
        _("licence consent"),
        default=False,
        db_default=False,
        help_text=_("The contributor agreed to publish the text under CC BY 4.0."),
    )
    status_key = models.CharField(
        _("status key"),
        max_length=64,
        default=new_status_key,
        editable=False,
        help_text=_("Part of the private status link; changing it revokes the old link."),
    )
    moderator_message = models.TextField(
        _("message to the contributor"),
        blank=True,
        help_text=_("The last change request or rejection reason, shown on the status page."),
    )

    # Provenance of an imported case (empty for a case submitted here).
    source_dataset = models.CharField(
        _("source data set"),
        max_length=100,
        blank=True,
        help_text=_('The data set the case was imported from, e.g. "jrc" or "participedia".'),
    )
    source_record_id = models.CharField(
        _("identifier in the source data set"),
        max_length=100,
        blank=True,
        help_text=_("The case's id in that data set; with it, an import finds the case again."),
    )
    source_licence = models.CharField(
        _("licence of the source data set"),
        max_length=100,
        blank=True,
        help_text=_("An SPDX identifier where there is one, e.g. EUPL-1.2 or CC-BY-NC-SA-4.0."),
    )
    source_attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("Who to credit for the imported text, as the source's licence asks."),
    )

    source_terms = models.JSONField(
        _("terms in the source data set"),
        default=dict,
        blank=True,
        help_text=_(
            "The source data set's own vocabularies for the case, by scheme, as it spells "
            'them: {"jrc:technology": ["Blockchain"], "participedia:methods": [...]}.'
        ),
    )

    # Quality: set only by the services (a moderator's verification, their edits).
    verified_at = models.DateTimeField(
        _("verified by the moderators"), null=True, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a moderator last published, edited, verified or reverted it."),
    )
    # Set only by `services.innovation_merge`: this case was a duplicate of that one.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_cases",
        verbose_name=_("merged into"),
        help_text=_("The case this duplicate was merged into; its address redirects there."),
    )

    objects = InnovationQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-created_at"]
        permissions = [("moderate_innovation", _("Can moderate innovations"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="innovation_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=[*Level.values, ""]), name="innovation_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[*Status.values, ""]), name="innovation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(year_launched__isnull=True)
                | Q(year_launched__gte=1900, year_launched__lte=2100),
                name="innovation_year_plausible",
            ),
            models.UniqueConstraint(
                fields=["source_dataset", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="innovation_source_record_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="innovation_state_pub"),
            models.Index(
                fields=["state", "featured", "featured_order"], name="innovation_featured"
            ),
            # Covering indexes for a worker's full build of its facet index, which reads
            # these columns of every published case: the index, not the wide rows.
            models.Index(
                fields=[
                    "state",
                    "published_at",
                    "created_at",
                    "year_launched",
                    "updated_at",
                    "title",
                ],
                name="innovation_facet_build",
            ),  # fmt: skip
            models.Index(fields=["state", "id"], name="innovation_state_id"),
            models.Index(fields=["state", "level", "id"], name="innovation_state_level"),
            models.Index(fields=["state", "status", "id"], name="innovation_state_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("innovations:detail", args=[self.slug])

    def clean(self) -> None:
        """A model form's check of the translations against the texts' language (the
        admin's; the services check them again)."""
        from ..translations import clean as clean_translations

        try:
            self.translations = clean_translations(self.translations, self.text_language)
        except ValidationError as error:
            raise ValidationError({"translations": error.messages}) from error

    def get_language_display(self) -> str:
        """The case's language, named in the page's language (Django's catalogues name
        the languages of its list; the names are only marked for translation there)."""
        return language_name(self.language)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def countries(self) -> list:
        """The case's countries (django-countries objects), sorted by name."""
        return sorted((link.country for link in self.country_links.all()), key=lambda c: c.name)


class InnovationCountry(models.Model):
    """A country a case takes place in; a case can span several."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="country_links"
    )
    country = CountryField(_("country"), help_text=_("An ISO 3166-1 alpha-2 code."))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "country"], name="innovation_country_once"
            )
        ]
        indexes = [models.Index(fields=["country", "innovation"], name="country_innovation")]

    def __str__(self) -> str:
        return str(self.country.name)


# Paths under /cases/ that are pages of their own, never a case's slug.
RESERVED_SLUGS = {"featured", "feed"}


def unique_slug(title: str) -> str:
    """A slug from the title, made unique with a numeric suffix."""
    base = slugify(title)[:200] or "case"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Innovation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
