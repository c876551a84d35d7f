"""Mail of the contributor's side, through django.tasks like `tasks`: sign-in links,
the private link once an address is confirmed, and saved searches' alerts.

An alert lists the cases published since the saved search last looked, found by the
search page's own search (the catalogue's read API, as the Atom feed does). Each
saved search is claimed for its period in one locked UPDATE of its watermark, so two
workers (or a queue run twice) never send the same period twice; a search that found
nothing new sends nothing.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import siteurl
from .contributor_services import sign_in_token, unsubscribe_token
from .models import PERIODS, Frequency, Innovation, SavedSearch, SignInLink

log = logging.getLogger(__name__)
# An alert lists at most this many cases (the newest); the search page has the rest.
ALERT_SIZE = 50


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {**context, "site_name": settings.OPSI_SITE_NAME}
    subject = render_to_string(f"innovations/email/{name}_subject.txt", context)
    body = render_to_string(f"innovations/email/{name}_body.txt", context)
    return " ".join(subject.split()), body


def _deliver(this_task, args: list, attempt: int, message: EmailMessage) -> bool:
    """Send, or queue this task again later (2, 4, 8... minutes) if the server fails."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        backend = task_backends[this_task.backend]
        if attempt >= settings.OPSI_MAIL_ATTEMPTS or not backend.supports_defer:
            raise
        delay = timedelta(minutes=2**attempt)
        log.warning("Mail failed (%s); attempt %s again in %s.", error, attempt + 1, delay)
        this_task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        return False
    return True


def _mail(subject: str, body: str, to: str, headers: dict | None = None) -> EmailMessage:
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)


@task
def send_sign_in_link(link_id: int, language: str = "", attempt: int = 1) -> bool:
    """The one-time sign-in link, to any address that asked (known or not)."""
    link = SignInLink.objects.filter(pk=link_id, used_at__isnull=True).first()
    if link is None:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        url = siteurl.absolute(reverse("innovations:sign-in-link", args=[sign_in_token(link)]))
        subject, body = _render("sign_in", {"url": url, "minutes": settings.OPSI_SIGN_IN_MINUTES})
    message = _mail(subject, body, link.email)
    return _deliver(send_sign_in_link, [link_id, language], attempt, message)


@task
def send_private_link(case_id: int, email: str, attempt: int = 1) -> bool:
    """The address was just confirmed: mail the private link of the case it was given
    with (only if the case is still the address's own)."""
    from .models import ContributorAddress
    from .services import reference, status_token

    case = Innovation.objects.filter(pk=case_id).first()
    if case is None or case.contributor_email.strip().lower() != email:
        return False
    address = ContributorAddress.objects.filter(email=email).first()
    language = (address.language if address else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "case": case,
            "reference": reference(case),
            "status_url": siteurl.absolute(
                reverse("innovations:status", args=[status_token(case)])
            ),
            "sign_in_url": siteurl.absolute(reverse("innovations:sign-in")),
        }
        subject, body = _render("private_link", context)
    message = _mail(subject, body, email)
    return _deliver(send_private_link, [case_id, email], attempt, message)


# -- saved searches' alerts -------------------------------------------------------------


def due(now: datetime | None = None):
    """The saved searches whose period has passed since they last looked."""
    now = now or timezone.now()
    when = Q()
    for frequency, period in PERIODS.items():
        when |= Q(frequency=frequency, checked_at__lte=now - period)
    return SavedSearch.objects.filter(when)


def queue_alerts() -> int:
    """Queue one alert task per saved search that is due (run daily, e.g. from cron:
    `manage.py send_search_alerts`); returns how many were queued."""
    ids = [saved.pk for saved in due().only("pk")]
    for pk in ids:
        search_alert.enqueue(pk)
    return len(ids)


def new_cases(query: str, since: datetime, until: datetime) -> list[Innovation]:
    """The cases of this search published in (since, until], newest first."""
    from .catalogue import CatalogueQuery

    ids = CatalogueQuery.from_params(QueryDict(query)).run(sort="newest").ids(0, 500)
    cases = (
        Innovation.objects.published()
        .filter(pk__in=ids, published_at__gt=since, published_at__lte=until)
        .only("title", "slug", "summary", "published_at")
        .order_by("-published_at", "-pk")
    )
    return list(cases[:ALERT_SIZE])


def _claim(saved_id: int, now: datetime) -> tuple[SavedSearch, datetime] | None:
    """Take this period of the saved search: move its watermark to now, if it is due."""
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(pk=saved_id).first()
        if saved is None or saved.frequency not in PERIODS:
            return None
        if saved.checked_at > now - PERIODS[saved.frequency]:
            return None  # this period's alert is already sent (or the search is new)
        since = saved.checked_at
        SavedSearch.objects.filter(pk=saved_id).update(checked_at=now)
    return saved, since


@task
def search_alert(saved_id: int, since: str = "", until: str = "", attempt: int = 1) -> int:
    """Mail the cases newly published in one saved search; returns how many it listed."""
    if attempt == 1:
        claimed = _claim(saved_id, timezone.now())
        if claimed is None:
            return 0
        saved, start = claimed
        end = timezone.now()
    else:  # a retry after a mail failure: the same period again, unless stopped since
        saved = SavedSearch.objects.filter(pk=saved_id).exclude(frequency=Frequency.OFF).first()
        if saved is None:
            return 0
        start, end = datetime.fromisoformat(since), datetime.fromisoformat(until)
    cases = new_cases(saved.query, start, end)
    if not cases:
        return 0
    with translation.override(saved.language or settings.LANGUAGE_CODE):
        stop_url = siteurl.absolute(
            reverse("innovations:alert-stop", args=[unsubscribe_token(saved)])
        )
        search_url = siteurl.absolute(reverse("innovations:list")) + (
            f"?{saved.query}" if saved.query else ""
        )
        items = [(case, siteurl.absolute(case.get_absolute_url())) for case in cases]
        subject, body = _render(
            "alert",
            {"items": items, "search_url": search_url, "stop_url": stop_url, "saved": saved},
        )
    headers = {
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = _mail(subject, body, saved.email, headers)
    args = [saved_id, start.isoformat(), end.isoformat()]
    return len(cases) if _deliver(search_alert, args, attempt, message) else 0
