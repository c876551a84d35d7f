"""What a contributor's sign-in and saved searches need to remember.

A contributor signs in with a one-time link mailed to their address; nothing secret is
stored (the link is the row's id signed with the site's key), only whether it was used.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInLink(models.Model):
    """One sign-in link asked for an address: it works once, for a short time."""

    email = models.EmailField(_("e-mail"), db_index=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class Frequency(models.TextChoices):
    OFF = "off", _("Off (no mail)")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


PERIODS = {Frequency.WEEKLY: timedelta(days=7), Frequency.MONTHLY: timedelta(days=30)}


class SavedSearch(models.Model):
    """A search (the search page's query string) whose newly published cases are mailed
    to `email` every week or month. `checked_at` is the watermark: cases published after
    it are new to this search."""

    email = models.EmailField(_("e-mail"), db_index=True)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("alerts"), max_length=10, choices=Frequency, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    checked_at = models.DateTimeField(_("looked for new cases"), default=timezone.now)
    language = models.CharField(_("language of the mail"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["frequency", "checked_at"], name="saved_search_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=["off", "weekly", "monthly"]),
                name="saved_search_frequency_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email}: ?{self.query}"
