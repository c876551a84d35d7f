"""What mail needs to remember: confirmed addresses, the moderators' digest and the
language each moderator reads their mail in."""

from django.conf import settings
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


class ModeratorLanguage(models.Model):
    """The language a moderator (or an administrator) last signed in with: mail to them,
    such as the digest, is written in it. Users have no language setting of their own,
    and one who never signed in gets the site's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_language",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of the mail"),
        max_length=10,
        help_text=_("The language of the pages the user last signed in on."),
    )

    class Meta:
        verbose_name = _("moderator's language")
        verbose_name_plural = _("moderators' languages")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class CaseConfirmation(models.Model):
    """A confirmed address's owner confirmed this case as theirs (from the link mailed
    for it). News of a case goes only to an address confirmed for that case: anyone can
    type a confirmed address into the form, and the site must not then mail them a
    title and a name that someone else wrote."""

    address = models.ForeignKey(
        ContributorAddress, on_delete=models.CASCADE, related_name="confirmed_cases"
    )
    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="confirmations"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed case")
        verbose_name_plural = _("confirmed cases")
        constraints = [
            models.UniqueConstraint(
                fields=["address", "innovation"], name="one_confirmation_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} → {self.innovation_id}"


def confirmed_for(email: str, case) -> bool:
    """The address may get news of this case (confirmed for it)."""
    return CaseConfirmation.objects.filter(
        address__email=email.strip().lower(),
        address__confirmed_at__isnull=False,
        innovation=case,
    ).exists()
