"""What mail needs to remember: confirmed addresses and the moderators' digest."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributorAddress(models.Model):
    """An address a contributor typed. It gets one mail asking to confirm it, carrying
    none of the contributor's text; news of a case goes only to confirmed addresses."""

    email = models.EmailField(_("e-mail"), unique=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    language = models.CharField(
        _("language of the mail"),
        max_length=10,
        blank=True,
        default="",
        help_text=_("The language of the pages the contributor last sent a case from."),
    )

    class Meta:
        verbose_name = _("contributor's address")
        verbose_name_plural = _("contributors' addresses")

    def __str__(self) -> str:
        return self.email


class ModeratorDigest(models.Model):
    """One row: when the moderators were last told about new submissions, and whether the
    next digest is already queued."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    queued = models.BooleanField(_("queued"), default=False)

    class Meta:
        verbose_name = _("moderators' digest")

    def __str__(self) -> str:
        return f"{self.last_sent_at}"
