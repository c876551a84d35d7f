"""Writes of the contributor's side: sign-in links, saved searches, confirmed addresses.

Keyword-only and atomic like `services`; none of them writes a case. A contributor who
signs in gets a session key of their own (`CONTRIBUTOR_SESSION_KEY`), never a Django
user: nothing here can reach moderation or the admin.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import ContributorAddress, Frequency, SavedSearch, SignInLink

CONTRIBUTOR_SESSION_KEY = "opsi_contributor_email"
SIGN_IN_SALT = "innovations.contributor-sign-in"
UNSUBSCRIBE_SALT = "innovations.saved-search-stop"
# Parameters of the search page that do not change which cases it finds.
NOT_THE_SEARCH = ("page", "sort", "csrfmiddlewaretoken")


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def _ttl() -> timedelta:
    return timedelta(minutes=settings.OPSI_SIGN_IN_MINUTES)


def sign_in_token(link: SignInLink) -> str:
    return signing.dumps(link.pk, salt=SIGN_IN_SALT)


def sign_in_link_request(*, email: str, language: str = "") -> SignInLink | None:
    """Make a one-time link for `email` and queue its mail, whether the address has sent
    anything or not (the page says the same either way). None (nothing made, nothing
    sent) once the address has asked too often this hour."""
    from . import contributor_tasks

    email = normalise(email)
    hour_ago = timezone.now() - timedelta(hours=1)
    limit = settings.OPSI_RATE_LIMITS["SIGN_INS_PER_ADDRESS_PER_HOUR"]
    with transaction.atomic():
        if SignInLink.objects.filter(email=email, created_at__gte=hour_ago).count() >= limit:
            return None
        # Links older than a day are of no use to anyone.
        SignInLink.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
        link = SignInLink.objects.create(email=email)
        link_id = link.pk
        transaction.on_commit(
            lambda: contributor_tasks.send_sign_in_link.enqueue(link_id, language)
        )
    return link


def sign_in_link_peek(token: str) -> SignInLink | None:
    """The link a token points to, if it is still good (unused, not expired)."""
    try:
        pk = signing.loads(token, salt=SIGN_IN_SALT, max_age=_ttl())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int):
        return None
    since = timezone.now() - _ttl()
    return SignInLink.objects.filter(pk=pk, used_at__isnull=True, created_at__gte=since).first()


def sign_in_link_use(*, token: str) -> str | None:
    """Spend the link: the address it signs in, or None if it was used, has expired or
    is forged. Two clicks at once cannot both succeed (one conditional UPDATE)."""
    link = sign_in_link_peek(token)
    if link is None:
        return None
    with transaction.atomic():
        spent = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:
            return None
        # The link reached the mailbox: the address is the contributor's own.
        contributor_address_confirm(email=link.email)
    return link.email


def contributor_address_confirm(*, email: str) -> bool:
    """Mark the address confirmed; True if it was not confirmed before."""
    email = normalise(email)
    address, _created = ContributorAddress.objects.get_or_create(email=email)
    if address.confirmed_at is not None:
        return False
    return bool(
        ContributorAddress.objects.filter(pk=address.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    )


def search_query(params) -> str:
    """The search part of a query string (a QueryDict): filters and text, in order."""
    params = params.copy()
    for name in NOT_THE_SEARCH:
        params.pop(name, None)
    return params.urlencode()[:2000]


def saved_search_save(*, email: str, query: str, frequency: str, language: str = "") -> SavedSearch:
    """Save a search for `email` (or change the frequency of the same search saved
    before); only cases published from now on are new to it."""
    email = normalise(email)
    with transaction.atomic():
        found = SavedSearch.objects.filter(email=email, query=query).first()
        if found is None:
            return SavedSearch.objects.create(
                email=email, query=query, frequency=frequency, language=language
            )
        SavedSearch.objects.filter(pk=found.pk).update(frequency=frequency, language=language)
        found.frequency, found.language = frequency, language
        return found


def saved_search_stop(*, saved: SavedSearch | int) -> None:
    """No more alerts for this search (it stays saved, with alerts off)."""
    pk = saved if isinstance(saved, int) else saved.pk
    SavedSearch.objects.filter(pk=pk).update(frequency=Frequency.OFF)


def saved_search_delete(*, saved: SavedSearch | int) -> None:
    pk = saved if isinstance(saved, int) else saved.pk
    SavedSearch.objects.filter(pk=pk).delete()


def unsubscribe_token(saved: SavedSearch) -> str:
    """The saved search's one-click unsubscribe token (signed, never expires)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(saved.pk)


def saved_search_from_token(token: str) -> SavedSearch | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return SavedSearch.objects.filter(pk=pk).first() if isinstance(pk, int) else None
