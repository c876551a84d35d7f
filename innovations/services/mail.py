"""Writes about who gets mail: confirming a contributor's address for a case, and the
language a moderator reads their mail in.

News of a case is mailed only to an address confirmed *for that case*
(`CaseConfirmation`): an address confirmed once no longer receives mail about any case
that anyone types it into, so no one can have the site mail their own title and name
to it. A new case from a confirmed address asks again, with a mail that carries none of
the case's text, at most once a day per address.
"""

from django.db import transaction
from django.utils import timezone

from ..models import CaseConfirmation, ContributorAddress, Innovation, ModeratorLanguage


@transaction.atomic
def contributor_case_confirm(*, email: str, case_id: int | None = None) -> None:
    """The owner of `email` followed the link mailed for case `case_id` (or, without
    one, confirmed the address from the site): the address is confirmed, and so are
    that case, or every case that carries the address now."""
    email = email.strip().lower()
    address, _created = ContributorAddress.objects.get_or_create(email=email)
    if address.confirmed_at is None:
        ContributorAddress.objects.filter(pk=address.pk).update(confirmed_at=timezone.now())
    cases = Innovation.objects.filter(contributor_email__iexact=email)
    if case_id is not None:
        cases = cases.filter(pk=case_id)
    CaseConfirmation.objects.bulk_create(
        [
            CaseConfirmation(address=address, innovation_id=pk)
            for pk in cases.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def moderator_language_remember(*, user, language: str) -> None:
    """`user` signed in on pages in `language`: their mail (the digest) is written in it."""
    ModeratorLanguage.objects.update_or_create(user=user, defaults={"language": language})
