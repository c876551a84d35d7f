"""Counters for rate limits and used form tokens, shared by every worker."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How many times a key (a scope and a hashed client address) acted in one window."""

    key = models.CharField(_("key"), max_length=100)
    window = models.BigIntegerField(_("window"), help_text=_("Start of the window, in seconds."))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="rate_counter_key_window")
        ]
        indexes = [models.Index(fields=["window"], name="rate_counter_window")]

    def __str__(self) -> str:
        return f"{self.key[:20]}@{self.window}: {self.count}"


class UsedFormToken(models.Model):
    """A submission form's token that has already created a case: it works once."""

    nonce = models.CharField(_("nonce"), max_length=64, primary_key=True)
    at = models.DateTimeField(_("used at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("used form token")

    def __str__(self) -> str:
        return self.nonce[:8]
