"""Mail about moderation, sent through django.tasks (queued by services after commit)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Innovation, StateChange


def _absolute(path: str) -> str:
    return settings.OPSI_SITE_URL.rstrip("/") + path


def _send(subject: str, body: str, to: list[str]) -> None:
    EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to).send()


@task
def notify_contributor(change_id: int) -> bool:
    """Tell the contributor their case moved, with the private status link."""
    from .services import reference, status_token

    change = StateChange.objects.select_related("innovation").filter(pk=change_id).first()
    if change is None or not change.innovation.contributor_email:
        return False
    case = change.innovation
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "case": case,
            "change": change,
            "reference": reference(case),
            "status_url": _absolute(reverse("innovations:status", args=[status_token(case)])),
            "site_name": settings.OPSI_SITE_NAME,
        }
        subject = render_to_string("innovations/email/contributor_subject.txt", context)
        body = render_to_string("innovations/email/contributor_body.txt", context)
    _send(subject, body, [case.contributor_email])
    return True


@task
def notify_moderators(innovation_id: int) -> int:
    """Tell every moderator a case is waiting in the queue; returns how many were told."""
    case = Innovation.objects.filter(pk=innovation_id).first()
    if case is None:
        return 0
    users = get_user_model().objects.with_perm(
        "innovations.moderate_innovation",
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    to = sorted({u.email for u in users if u.is_active and u.email})
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "case": case,
            "review_url": _absolute(reverse("moderation:review", args=[case.pk])),
            "site_name": settings.OPSI_SITE_NAME,
        }
        subject = render_to_string("innovations/email/moderators_subject.txt", context)
        body = render_to_string("innovations/email/moderators_body.txt", context)
    _send(subject, body, to)
    return len(to)
