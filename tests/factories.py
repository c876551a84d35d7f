"""Small factories that write through the services, as every door of the site does."""

import itertools

from innovations import services
from innovations.models import Approach, EnablingFactor, Innovation, Sector

_numbers = itertools.count(1)
State = Innovation.State


def make_case(
    *,
    title: str | None = None,
    state: str = State.PUBLISHED,
    sectors: tuple[str, ...] = ("health",),
    approaches: tuple[str, ...] = ("user-tailoring",),
    factors: tuple[str, ...] = ("partnerships",),
    countries: tuple[str, ...] = ("FR",),
    featured: bool = False,
    featured_order: int | None = None,
    parts: dict | None = None,
    **fields,
) -> Innovation:
    """A case in any state, written and moved through the services (so it is indexed
    and logged); `fields` are its content and contributor fields."""
    n = next(_numbers)
    data = {
        "title": title or f"Case number {n}",
        "summary": f"Summary of case {n}.",
        "description": f"Description of case {n}.",
        "source_url": "https://example.org/source",
        "sectors": Sector.objects.filter(slug__in=sectors),
        "approaches": Approach.objects.filter(slug__in=approaches),
        "enabling_factors": EnablingFactor.objects.filter(slug__in=factors),
        "countries": list(countries),
        **fields,
    }
    if state in (State.PUBLISHED, State.UNPUBLISHED):
        case = services.innovation_create(data=data, parts=parts, actor=None)
        services.innovation_submit(innovation=case)
        case = services.innovation_publish(innovation=case, actor=None)
        if featured:
            case = services.innovation_feature(innovation=case, actor=None, order=featured_order)
        if state == State.UNPUBLISHED:
            case = services.innovation_unpublish(innovation=case, actor=None)
        return case
    case = services.innovation_create(data=data, parts=parts, actor=None)
    if state == State.DRAFT:
        return case
    case = services.innovation_submit(innovation=case)
    if state == State.CHANGES_REQUESTED:
        case = services.innovation_request_changes(innovation=case, actor=None, note="Please.")
    elif state == State.REJECTED:
        case = services.innovation_reject(innovation=case, actor=None, note="No.")
    return case


def sign_in(client, user):
    """Sign `user` in as the sign-in page would after both steps: password and a code
    from a confirmed authenticator (moderation and the admin need the second step)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
