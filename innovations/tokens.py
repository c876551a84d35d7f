"""The private status link of a case: a signed token, and the receipt reference.

A leaf module (it imports only the models), so that both the services, which put the
link in the contributor's page, and `innovations.tasks`, which mails it, can use it
without importing each other.
"""

from django.core import signing

from .models import Innovation

STATUS_SALT = "innovations.status-link"


def status_token(innovation: Innovation) -> str:
    """The signed, unguessable token of the case's private status link."""
    # A plain Signer (no timestamp): the link is the same in every mail and never expires;
    # changing the case's status_key revokes it.
    return signing.Signer(salt=STATUS_SALT).sign_object([innovation.pk, innovation.status_key])


def innovation_from_token(token: str) -> Innovation | None:
    """The case a status token points to, or None if it is forged or revoked."""
    try:
        pk, key = signing.Signer(salt=STATUS_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return Innovation.objects.filter(pk=pk, status_key=key).first()


def reference(innovation: Innovation) -> str:
    """The receipt reference a contributor can quote."""
    return f"OPSI-{innovation.pk:06d}"
