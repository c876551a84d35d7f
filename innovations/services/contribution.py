"""Contribution: what the public sends, a case through the submission form and a
suggested update of a published case, with the anti-spam accounting of the sender's
address and the language the contributor's mail is written in.

Called by the contributor's pages (`views.submission`, `views.history.suggest`) only;
the views parse the form and render, these functions decide and write. The accounting
(`innovations.antispam`: saves and new cases per address per hour, the form's one-use
token) is counted in the same transaction as the write, so a refused save writes
nothing and a failed write counts nothing.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from .. import antispam, media_services, tasks, versions
from ..models import CONTENT_FIELDS, ContributorAddress, Innovation, Suggestion
from ..record import TAGS
from .common import State, TransitionError, baseline, latest_version, locked
from .content import innovation_save_draft
from .guard import service
from .moderation import innovation_submit


@service
def contribution_save(
    *,
    request: HttpRequest,
    innovation: Innovation | None,
    data: dict,
    parts: dict | None = None,
    submit: bool = False,
    language: str | None = None,
) -> Innovation:
    """Save what a contributor typed (a new draft, or their draft through the private
    link) and, with `submit`, send it to the moderators. The sender's address is counted
    first (`antispam.Refused`, nothing written, if it is over a limit or the form was
    already sent); their mail will be written in `language` (the active one if None)."""
    with transaction.atomic():
        antispam.take_save(request)
        if innovation is None:
            antispam.take_new_case(request, request.POST)
        case = innovation_save_draft(innovation=innovation, data=data, parts=parts)
        if submit:
            case = innovation_submit(innovation=case)
        contributor_address_language(
            email=case.contributor_email, language=language or translation.get_language()
        )
    return case


@service
def contribution_send(*, innovation: Innovation | int, language: str | None = None) -> Innovation:
    """Send a saved draft to the moderators (from its preview); mail in `language`."""
    with transaction.atomic():
        case = innovation_submit(innovation=innovation)
        contributor_address_language(
            email=case.contributor_email, language=language or translation.get_language()
        )
    return case


@service
def contributor_address_language(*, email: str, language: str) -> None:
    """Mail to this address is written in the language of the pages it was sent from."""
    email = email.strip().lower()
    if email:
        ContributorAddress.objects.update_or_create(email=email, defaults={"language": language})


@service
def contributor_address_confirm(email: str, case_id: int | None = None) -> None:
    """The contributor confirmed their address (for one case, from its link): news of
    that case, or of their cases so far, may now be mailed (`services.mail`)."""
    from .mail import contributor_case_confirm

    contributor_case_confirm(email=email, case_id=case_id)


# What a reader may suggest changes to: the public text and facts of the case, its tags
# (as slugs) and its countries (as codes).
SUGGESTABLE = [
    *(name for name in CONTENT_FIELDS if name != "language"),
    *TAGS,
    "countries",
]


@service
def suggestion_create(
    *,
    innovation: Innovation | int,
    changes: dict,
    message: str = "",
    name: str = "",
    email: str = "",
    media: dict | None = None,
) -> Suggestion:
    """A reader's suggested update of a published case: pending, the case unchanged.
    `changes` holds cleaned values of `SUGGESTABLE` fields; only those that differ from
    the case are kept (`ValueError` if none does and no `media` is proposed: the
    arguments of `media_services.media_add` for an image, checked, or a video link;
    `media_services.MediaError` if the case's caps leave no room for it)."""
    unknown = set(changes) - set(SUGGESTABLE)
    if unknown:
        raise ValueError(f"not a field a reader may suggest: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        case = locked(innovation)
        if case.state != State.PUBLISHED:
            raise TransitionError(_("This case is not public."), state=case.state)
        kept = {}
        live = versions.record(case)  # tags as slugs, countries as codes
        for field, value in changes.items():
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
            if field in [*TAGS, "countries"]:
                value = sorted({str(item) for item in value or []})
            current = live.get(field)
            if value != current and not (value in ("", None) and current in ("", None)):
                kept[field] = value
        if not kept and not media:
            raise ValueError("nothing differs from the case")
        if media:
            media_services.room_for(case=case, kind=media.get("kind"), checked=media.get("checked"))
        baseline(case)
        found = Suggestion(
            innovation=case,
            base=latest_version(case),
            changes=kept,
            message=message.strip(),
            name=name.strip(),
            email=email.strip().lower(),
        )
        _propose_media(found, media)
        if found.email:
            transaction.on_commit(lambda: tasks.confirm_suggester.enqueue(found.pk))
    return found


def _propose_media(found: Suggestion, media: dict | None) -> None:
    """Save the suggestion, with the file of the picture it proposes (under a random
    name, never served to the public; removed if the row cannot be written)."""
    media = dict(media or {})
    checked = media.pop("checked", None)
    if checked is not None and media.get("kind") == "image":
        media.update(content_type=checked.content_type, width=checked.width, height=checked.height)
        found.media = media
        found.media_file.save("upload", ContentFile(checked.data), save=False)
    else:
        found.media = media if media.get("kind") == "video" else {}
    try:
        found.save()
    except Exception:
        if found.media_file:
            found.media_file.storage.delete(found.media_file.name)
        raise


@service
def suggestion_send(
    *,
    request: HttpRequest,
    innovation: Innovation | int,
    changes: dict,
    message: str = "",
    name: str = "",
    email: str = "",
    media: dict | None = None,
) -> Suggestion:
    """A reader's suggested update from the public form: the sender's address is counted
    first (`antispam.Refused`, nothing written, if over a limit or already sent), then
    the suggestion is made (`suggestion_create`); mail to the reader is written in the
    language of the page it came from."""
    with transaction.atomic():
        antispam.take_save(request)
        antispam.take_suggestion(request, request.POST)
        found = suggestion_create(
            innovation=innovation,
            changes=changes,
            message=message,
            name=name,
            email=email,
            media=media,
        )
        contributor_address_language(email=found.email, language=translation.get_language())
        return found
