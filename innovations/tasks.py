"""Mail about moderation, sent through django.tasks (queued by services after commit).

In production the tasks backend is django-tasks-db: a task is a row, written when the
request commits and run by `manage.py db_worker`, never inside the request. A mail that
fails (the SMTP server is down or slow past its timeout) is queued again later, with a
growing delay, up to `OPSI_MAIL_ATTEMPTS` times; nothing is lost and the contributor
never sees the error.

A contributor's address first gets one mail asking to confirm it, which carries none
of their text; news of the case goes only to confirmed addresses. Moderators get one
digest of the cases waiting, at most every `OPSI_DIGEST_MINUTES`.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import siteurl
from .models import ContributorAddress, Innovation, ModeratorDigest, StateChange
from .models.mail import confirmed_for
from .tokens import reference, status_token

log = logging.getLogger(__name__)
CONFIRM_SALT = "innovations.confirm-address"


def _absolute(path: str) -> str:
    return siteurl.absolute(path)


def _send(subject: str, body: str, to: list[str]) -> None:
    EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to).send()


def _render(name: str, context: dict, language: str = "") -> tuple[str, str]:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**context, "site_name": settings.OPSI_SITE_NAME}
        subject = render_to_string(f"innovations/email/{name}_subject.txt", context)
        body = render_to_string(f"innovations/email/{name}_body.txt", context)
    return subject, body


def _deliver(this_task, args: list, attempt: int, subject: str, body: str, to: list[str]):
    """Send, or queue this task again later if the mail server fails."""
    try:
        _send(subject, body, to)
    except (OSError, smtplib.SMTPException) as error:
        backend = task_backends[this_task.backend]
        if attempt >= settings.OPSI_MAIL_ATTEMPTS or not backend.supports_defer:
            raise
        delay = timedelta(minutes=2**attempt)
        log.warning("Mail failed (%s); attempt %s again in %s.", error, attempt + 1, delay)
        this_task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        return False
    return True


def confirmation_token(email: str, case_id: int) -> str:
    return signing.dumps({"e": email, "c": case_id}, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> dict | None:
    """The address and case of a confirmation link, or None (forged, or older than a
    month)."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=60 * 60 * 24 * 30)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    ok = isinstance(value, dict) and isinstance(value.get("e"), str)
    return value if ok and isinstance(value.get("c"), int) else None


@task
def notify_contributor(change_id: int, attempt: int = 1) -> bool:
    """Tell the contributor their case moved, if their address is confirmed; otherwise
    ask them (once a day at most) to confirm it."""
    change = StateChange.objects.select_related("innovation").filter(pk=change_id).first()
    if change is None or not change.innovation.contributor_email:
        return False
    case = change.innovation
    if case.state_changes.filter(pk__gt=change.pk).exists():
        return False  # already moved on (saved and submitted at once): the later news says it
    email = case.contributor_email.strip().lower()
    address, _ = ContributorAddress.objects.get_or_create(email=email)
    if not confirmed_for(email, case):
        # Confirmed once is not enough: anyone may type this address into the form.
        return _ask_to_confirm(address, case.pk, attempt)
    # In the contributor's language, with links to the pages in it.
    with translation.override(address.language or settings.LANGUAGE_CODE):
        status_url = _absolute(reverse("innovations:status", args=[status_token(case)]))
    subject, body = _render(
        "contributor",
        {"case": case, "change": change, "reference": reference(case), "status_url": status_url},
        address.language,
    )
    return _deliver(notify_contributor, [change_id], attempt, subject, body, [email])


def _ask_to_confirm(address: ContributorAddress, case_id: int, attempt: int) -> bool:
    since = timezone.now() - timedelta(days=1)
    claimed = ContributorAddress.objects.filter(
        Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=since),
        pk=address.pk,
    )
    if attempt == 1 and not claimed.update(confirmation_sent_at=timezone.now()):
        return False  # asked less than a day ago: one mail a day at most
    with translation.override(address.language or settings.LANGUAGE_CODE):
        token = confirmation_token(address.email, case_id)
        url = _absolute(reverse("innovations:confirm-address", args=[token]))
    subject, body = _render("confirm", {"confirm_url": url}, address.language)
    return _deliver(send_confirmation, [address.pk, url], attempt, subject, body, [address.email])


@task
def send_confirmation(address_id: int, url: str, attempt: int = 1) -> bool:
    """A confirmation mail that failed before, sent again."""
    address = ContributorAddress.objects.filter(pk=address_id).first()
    if address is None:
        return False
    subject, body = _render("confirm", {"confirm_url": url}, address.language)
    return _deliver(send_confirmation, [address_id, url], attempt, subject, body, [address.email])


def schedule_digest() -> None:
    """Queue the moderators' digest unless one is queued already (call after commit)."""
    ModeratorDigest.objects.get_or_create(pk=1)
    if not ModeratorDigest.objects.filter(pk=1, queued=False).update(queued=True):
        return
    delay = timedelta(minutes=settings.OPSI_DIGEST_MINUTES)
    backend = task_backends[moderator_digest.backend]
    if delay and backend.supports_defer:
        moderator_digest.using(run_after=timezone.now() + delay).enqueue()
    else:
        moderator_digest.enqueue()


@task
def moderator_digest(languages: list[str] | None = None, attempt: int = 1) -> int:
    """One mail to every moderator listing the cases submitted since the last digest
    that still wait, in the language each last signed in with (only `languages`, when a
    retry has some left to send); returns how many cases it listed."""
    with transaction.atomic():
        since = ModeratorDigest.objects.select_for_update().get(pk=1).last_sent_at
        ModeratorDigest.objects.filter(pk=1).update(queued=False, last_sent_at=timezone.now())
    waiting = Innovation.objects.pending()
    new = waiting.filter(submitted_at__gt=since) if since else waiting
    cases = list(new.only("pk", "title", "submitted_at")[:50])
    users = get_user_model().objects.with_perm(
        "innovations.moderate_innovation",
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    by_language = _moderators_by_language(users)
    if languages is not None:
        by_language = {code: to for code, to in by_language.items() if code in languages}
    if not cases or not by_language:
        return 0
    counts = {"new": new.count(), "waiting": waiting.count()}
    # One mail per language; when one fails, the retry sends that one and those after it
    # (not again those already sent).
    left = list(by_language)
    for language, to in by_language.items():
        with translation.override(language):
            queue_url = _absolute(reverse("moderation:queue"))
        context = {"cases": cases, "queue_url": queue_url, **counts}
        subject, body = _render("moderators", context, language)
        if not _deliver(moderator_digest, [left], attempt, subject, body, to):
            ModeratorDigest.objects.filter(pk=1).update(last_sent_at=since)
            return 0
        left.remove(language)
    return len(cases)


def _moderators_by_language(users) -> dict[str, list[str]]:
    """The active moderators' addresses by the language they last signed in with (the
    site's language for those who never did, or whose language is no longer served)."""
    served = {code for code, _name in settings.LANGUAGES}
    found: dict[str, set[str]] = {}
    for user in users.select_related("mail_language"):
        if not (user.is_active and user.email):
            continue
        language = getattr(getattr(user, "mail_language", None), "language", "")
        language = language if language in served else settings.LANGUAGE_CODE
        found.setdefault(language, set()).add(user.email)
    return {code: sorted(found[code]) for code, _name in settings.LANGUAGES if code in found}


# -- readers who suggested an update --------------------------------------------------------


def _suggester_address(suggestion_id: int):
    from .models import Suggestion

    found = Suggestion.objects.select_related("innovation").filter(pk=suggestion_id).first()
    if found is None or not found.email:
        return None, None
    address, _ = ContributorAddress.objects.get_or_create(email=found.email)
    return found, address


@task
def confirm_suggester(suggestion_id: int, attempt: int = 1) -> bool:
    """A reader left an address with a suggestion: ask them to confirm it (once a day at
    most), so that the moderators' decision can be mailed to them."""
    found, address = _suggester_address(suggestion_id)
    if found is None or address.confirmed_at is not None:
        return False
    return _ask_to_confirm(address, found.innovation_id, attempt)


@task
def notify_suggester(suggestion_id: int, attempt: int = 1) -> bool:
    """The moderators' decision on a suggestion, with their note, to a confirmed address."""
    found, address = _suggester_address(suggestion_id)
    if found is None or address.confirmed_at is None:
        return False
    with translation.override(address.language or settings.LANGUAGE_CODE):
        url = _absolute(found.innovation.get_absolute_url())
    subject, body = _render(
        "suggester",
        {"suggestion": found, "case": found.innovation, "url": url},
        address.language,
    )
    return _deliver(notify_suggester, [suggestion_id], attempt, subject, body, [address.email])
