"""Every write of a case: content, tags, countries, parts, state, featuring, deletion.

The submission form, the moderation pages, the admin, the importers and the management
commands all call these functions with cleaned data (never forms), so the rules live
here only. Each one runs in a transaction, locks the case's row (select_for_update on
PostgreSQL; on SQLite the IMMEDIATE transaction mode takes the database write lock at
BEGIN) and checks the state it finds: of two moderators acting at once, exactly one
moves the case and the other gets a `TransitionError` saying where the case now is.
Every change is logged: state changes in `StateChange`, other events (edits with which
fields, featuring, verification, reverts, accepted suggestions) in `CaseEdit`, each
under its own name; every change of the public record (content, tags, countries,
parts) and every publication also records a `CaseVersion` (`innovations.versions`).
A write the public can see re-indexes the case in the same transaction
(`innovations.indexing`); drafts and submissions touch no index and no cache.
Mail goes out through `innovations.tasks`, queued only once the transaction commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import indexing, tasks, versions
from .models import (
    CONTENT_FIELDS,
    CONTRIBUTOR_FIELDS,
    PROVENANCE_FIELDS,
    CaseEdit,
    CaseLink,
    CaseVersion,
    Collection,
    CollectionItem,
    ContributorAddress,
    Event,
    Innovation,
    InnovationCountry,
    StateChange,
    Suggestion,
    unique_slug,
)
from .registry import case_parts

State = Innovation.State
STATUS_SALT = "innovations.status-link"


class TransitionError(Exception):
    """The case is not in a state that allows this action (someone else moved it)."""

    def __init__(self, message: str, *, state: str | None = None):
        super().__init__(message)
        self.message = message
        self.state = state


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    note_required: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", frozenset({State.DRAFT, State.CHANGES_REQUESTED}), State.SUBMITTED),
        Transition("publish", frozenset({State.SUBMITTED, State.UNPUBLISHED}), State.PUBLISHED),
        Transition(
            "request_changes",
            frozenset({State.SUBMITTED}),
            State.CHANGES_REQUESTED,
            note_required=True,
        ),
        Transition(
            "reject",
            frozenset({State.SUBMITTED, State.CHANGES_REQUESTED}),
            State.REJECTED,
            note_required=True,
        ),
        Transition("unpublish", frozenset({State.PUBLISHED}), State.UNPUBLISHED),
    ]
}
# States in which the contributor may still edit the case through the private link.
CONTRIBUTOR_EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})

# What `data` may hold: the case's own fields, its tags (terms or their ids) and its
# countries (ISO codes). State, featuring and dates move only through the functions below.
FIELDS = frozenset(
    [*CONTENT_FIELDS, *CONTRIBUTOR_FIELDS, *PROVENANCE_FIELDS, "licence_consent", "slug"]
)
TAGS = ("sectors", "approaches", "enabling_factors")


def allowed_actions(state: str) -> list[str]:
    """The transitions a moderator may apply to a case in this state."""
    return [t.name for t in TRANSITIONS.values() if state in t.sources and t.name != "submit"]


# -- the private status link ------------------------------------------------------------


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


# -- helpers ------------------------------------------------------------------------------


def _label(actor, default=None) -> str:
    if actor is None:
        return str(default or _("Contributor"))
    return actor.get_username()


def _locked(innovation: Innovation | int) -> Innovation:
    pk = innovation if isinstance(innovation, int) else innovation.pk
    return Innovation.objects.select_for_update().get(pk=pk)


def _moved(case: Innovation, action: str) -> TransitionError:
    return TransitionError(
        _("This case cannot be %(action)s: it is now “%(state)s”. Someone may have acted on it.")
        % {"action": _ACTION_PAST[action], "state": case.get_state_display()},
        state=case.state,
    )


_ACTION_PAST = {
    "submit": gettext_lazy("submitted"),
    "publish": gettext_lazy("published"),
    "request_changes": gettext_lazy("sent back for changes"),
    "reject": gettext_lazy("rejected"),
    "unpublish": gettext_lazy("unpublished"),
}


def _log(case: Innovation, *, actor, from_state: str, note: str = "", label=None) -> StateChange:
    return StateChange.objects.create(
        innovation=case,
        actor=actor,
        actor_label=_label(actor, label),
        from_state=from_state,
        to_state=case.state,
        note=note,
    )


def _notify_after_commit(change: StateChange, *, moderators: bool = False) -> None:
    change_id = change.pk
    transaction.on_commit(lambda: tasks.notify_contributor.enqueue(change_id))
    if moderators:
        transaction.on_commit(tasks.schedule_digest)


def _apply(
    name: str,
    *,
    innovation: Innovation | int,
    actor=None,
    note: str = "",
    expected_state: str | None = None,
    notify: bool = True,
) -> Innovation:
    transition = TRANSITIONS[name]
    note = (note or "").strip()
    if transition.note_required and not note:
        raise TransitionError(_("Please write a message for the contributor."))
    with transaction.atomic():
        case = _locked(innovation)
        if case.state not in transition.sources or (
            expected_state is not None and case.state != expected_state
        ):
            raise _moved(case, name)
        from_state = case.state
        now = timezone.now()
        case.state = transition.target
        if name == "submit":
            case.submitted_at = now
        elif name == "publish":
            # At its first publication a case's address follows its title (a draft's slug
            # came from its first title), unless a moderator chose it.
            if (
                case.published_at is None
                and not case.slug.startswith(slugify(case.title)[:200])
                and not _slug_chosen(case)
            ):
                case.slug = ""
                case.slug = unique_slug(case.title)
            case.published_at = case.published_at or now
            case.moderator_message = ""
            if actor is not None:
                case.reviewed_at = now
        elif name in {"request_changes", "reject"}:
            case.moderator_message = note
        elif name == "unpublish":
            case.featured = False
            case.featured_order = None
        case.save()
        change = _log(case, actor=actor, from_state=from_state, note=note)
        if name == "publish":
            _version(case, actor=actor, note=_("Published."))
        if State.PUBLISHED in (from_state, case.state):
            indexing.cases_changed([case.pk])
        if notify:
            _notify_after_commit(change, moderators=name == "submit")
    return case


# -- the transitions ------------------------------------------------------------------------


def innovation_submit(*, innovation: Innovation | int, actor=None) -> Innovation:
    """Send a draft (or a case sent back for changes) to the moderators."""
    return _apply("submit", innovation=innovation, actor=actor)


def innovation_publish(
    *, innovation: Innovation | int, actor, note: str = "", expected_state: str | None = None
) -> Innovation:
    """Make a submitted (or unpublished) case public."""
    return _apply(
        "publish", innovation=innovation, actor=actor, note=note, expected_state=expected_state
    )


def innovation_request_changes(
    *, innovation: Innovation | int, actor, note: str, expected_state: str | None = None
) -> Innovation:
    """Send a submitted case back to its contributor with a message saying what to change."""
    return _apply(
        "request_changes",
        innovation=innovation,
        actor=actor,
        note=note,
        expected_state=expected_state,
    )


def innovation_reject(
    *,
    innovation: Innovation | int,
    actor,
    note: str,
    expected_state: str | None = None,
    notify: bool = True,
) -> Innovation:
    """Turn a submission down, with the reason."""
    return _apply(
        "reject",
        innovation=innovation,
        actor=actor,
        note=note,
        expected_state=expected_state,
        notify=notify,
    )


def innovation_unpublish(
    *, innovation: Innovation | int, actor, note: str = "", expected_state: str | None = None
) -> Innovation:
    """Take a published case off the public site (it also leaves the home page)."""
    return _apply(
        "unpublish", innovation=innovation, actor=actor, note=note, expected_state=expected_state
    )


# The moderator's decisions by name, for the views, the admin and the command.
MODERATOR_ACTIONS = {
    "publish": innovation_publish,
    "request_changes": innovation_request_changes,
    "reject": innovation_reject,
    "unpublish": innovation_unpublish,
}


def innovation_reject_spam(*, innovations: Iterable[int], actor) -> int:
    """Reject obvious spam in bulk, without mailing the sender; returns how many moved."""
    rejected = 0
    for pk in innovations:
        try:
            innovation_reject(innovation=pk, actor=actor, note=_("Rejected as spam."), notify=False)
        except (TransitionError, Innovation.DoesNotExist):
            continue
        rejected += 1
    return rejected


def innovation_feature(
    *,
    innovation: Innovation | int,
    actor,
    featured: bool = True,
    order: int | None = None,
    label=None,
) -> Innovation:
    """Put a published case on the home page at this order, or take it off."""
    with transaction.atomic():
        case = _locked(innovation)
        if featured and case.state != State.PUBLISHED:
            raise TransitionError(
                _("Only a published case can be featured; this one is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        if (case.featured, case.featured_order) == (featured, order if featured else None):
            return case  # nothing to change, nothing to log
        case.featured = featured
        case.featured_order = order if featured else None
        case.save(update_fields=["featured", "featured_order", "updated_at"])
        if featured:
            note = (
                _("Featured on the home page (order %(order)s).") % {"order": order}
                if order is not None
                else _("Featured on the home page.")
            )
        else:
            note = _("Taken off the home page.")
        _log_edit(
            case,
            actor=actor,
            fields=["featured", "featured_order"],
            note=note,
            label=label,
            event=Event.FEATURE if featured else Event.UNFEATURE,
        )
        if case.state == State.PUBLISHED:
            indexing.cases_changed([case.pk])
    return case


def innovation_delete(*, innovation: Innovation | int, actor) -> None:
    """Delete a case for good (the admin's delete); it leaves the index with it."""
    with transaction.atomic():
        case = _locked(innovation)
        was_public = case.state == State.PUBLISHED
        pk = case.pk
        case.delete()
        if was_public:
            indexing.cases_changed([pk])


# -- content ----------------------------------------------------------------------------


def _log_edit(
    case: Innovation,
    *,
    actor,
    fields: list[str],
    note: str = "",
    label=None,
    event: str = Event.EDIT,
) -> CaseEdit:
    return CaseEdit.objects.create(
        innovation=case,
        actor=actor,
        actor_label=_label(actor, label),
        fields=fields,
        note=note,
        event=event,
    )


def _latest(case: Innovation) -> CaseVersion | None:
    return case.versions.order_by("-number").first()


def _version(case: Innovation, *, actor, note: str = "", label=None) -> CaseVersion:
    """Record the case's public record now as its next version, unless the latest
    version already holds it in the same state. Called with the case's row locked."""
    latest = _latest(case)
    record = versions.record(case)
    if latest is not None and latest.record == record and latest.state == case.state:
        return latest
    return CaseVersion.objects.create(
        innovation=case,
        number=latest.number + 1 if latest else 1,
        actor=actor,
        actor_label=_label(actor, label),
        state=case.state,
        fields=versions.changed(latest.record if latest else None, record),
        record=record,
        note=note,
    )


def _baseline(case: Innovation) -> None:
    """A case written before versions were kept gets its record as it is now as its
    first version, so that the change about to be made has something to differ from."""
    if case.pk and not case.versions.exists():
        _version(case, actor=None, label=_("Before history was kept"))


def _ids(values) -> set[int]:
    return {getattr(value, "pk", value) for value in values or []}


def _store(case: Innovation, data: dict, parts: dict | None, *, creating: bool) -> list[str]:
    """Write cleaned data to the (locked or new) case; returns the fields that changed."""
    unknown = set(data) - FIELDS - {*TAGS, "countries"}
    if unknown:
        raise ValueError(f"not a field a service writes: {', '.join(sorted(unknown))}")
    changed = []
    for name in sorted(FIELDS & set(data)):
        value = data[name]
        if value is None and name != "year_launched":
            value = ""
        if isinstance(value, str):  # browsers send CRLF; one form of line ending is kept
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if name == "slug" and value != case.slug and case.published_at is not None:
            raise TransitionError(
                _("A case keeps its address once published: its slug cannot change."),
                state=case.state,
            )
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if creating:
        case.save()
    for name in TAGS:
        if name in data:
            wanted = _ids(data[name])
            if wanted != set(getattr(case, name).values_list("pk", flat=True)):
                getattr(case, name).set(wanted)
                changed.append(name)
    if "countries" in data:
        wanted = {str(code) for code in data["countries"] or []}
        have = {str(code) for code in case.country_links.values_list("country", flat=True)}
        if wanted != have:
            case.country_links.exclude(country__in=wanted).delete()
            InnovationCountry.objects.bulk_create(
                InnovationCountry(innovation=case, country=code) for code in sorted(wanted - have)
            )
            changed.append("countries")
    for name, part_data in (parts or {}).items():
        changed += case_parts[name].save(case, part_data)
    if changed and not creating:
        case.save()  # moves updated_at, the version of the case's cached card and page
    return changed


def _slug_chosen(case: Innovation) -> bool:
    """Whether a moderator set the case's slug (the edit log says so)."""
    edits = case.edits.exclude(actor=None).values_list("fields", flat=True)
    return any("slug" in fields for fields in edits)


def _edit(
    case: Innovation,
    data: dict,
    parts: dict | None,
    *,
    actor,
    note: str = "",
    event: str = Event.EDIT,
):
    _baseline(case)
    changed = _store(case, data, parts, creating=False)
    case.changed_fields = changed  # for the admin's history message
    if changed:
        if actor is not None:
            case.reviewed_at = timezone.now()
            case.save(update_fields=["reviewed_at"])
        _log_edit(case, actor=actor, fields=changed, note=note, event=event)
        _version(case, actor=actor, note=note)
        if case.state == State.PUBLISHED:
            indexing.cases_changed([case.pk])
    return case


def innovation_create(*, data: dict, parts: dict | None = None, actor=None) -> Innovation:
    """A new draft from cleaned data; `actor` None for a contributor on the public form."""
    with transaction.atomic():
        case = Innovation(state=State.DRAFT)
        _store(case, data, parts, creating=True)
        note = _("Draft started.") if actor is None else _("Created.")
        change = _log(case, actor=actor, from_state="", note=note)
        _version(case, actor=actor, note=note)
        if actor is None:
            # The contributor gets the private link by mail, if they gave an address.
            _notify_after_commit(change)
    return case


def innovation_save_draft(
    *, innovation: Innovation | int | None = None, data: dict, parts: dict | None = None
) -> Innovation:
    """Save what a contributor typed: a new draft, or their edit of a draft or of a case
    sent back for changes (through the private link)."""
    if innovation is None:
        return innovation_create(data=data, parts=parts)
    with transaction.atomic():
        case = _locked(innovation)
        if case.state not in CONTRIBUTOR_EDITABLE:
            raise TransitionError(
                _("This case can no longer be edited: it is now “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        return _edit(case, data, parts, actor=None)


def innovation_edit(
    *, innovation: Innovation | int, data: dict, parts: dict | None = None, actor, note: str = ""
) -> Innovation:
    """A moderator's (or an import's) edit of a case in any state; only the fields in
    `data` and the parts in `parts` change. Logged with who and which fields."""
    with transaction.atomic():
        return _edit(_locked(innovation), data, parts, actor=actor, note=note)


def innovation_import(
    *,
    data: dict,
    parts: dict | None = None,
    actor=None,
    note: str = "",
    publish: bool = True,
    published_at=None,
) -> tuple[Innovation, bool]:
    """Create or update the case with the record's slug; returns (case, created).

    The record is validated like any case (`ValidationError`, nothing written). With
    `publish`, a case that was not published is published, on `published_at` if given
    (an export's own date, kept through a round trip); without it, a new case enters the
    moderation queue (no mail: an import is announced by whoever runs it) and an existing
    one keeps its state. The log says it was imported; `case.changed_fields` lists the
    fields an update changed.
    """
    note, label = note or _("Imported."), _("Import")
    with transaction.atomic():
        existing = Innovation.objects.filter(slug=data["slug"]).values_list("pk", flat=True)
        case = _locked(existing[0]) if existing else Innovation(state=State.DRAFT)
        created = case.pk is None
        if created:
            changed = _store(case, data, parts, creating=True)
        else:
            _baseline(case)
            changed = _store(case, data, parts, creating=False)
            if changed:
                _log_edit(
                    case, actor=actor, fields=changed, note=note, label=label, event=Event.IMPORT
                )
        case.full_clean(validate_unique=False, validate_constraints=False)
        case.changed_fields = changed
        now = timezone.now()
        if not publish:
            if created:
                case.state, case.submitted_at = State.SUBMITTED, now
                case.save()
                _log(case, actor=actor, from_state="", note=note, label=label)
            elif changed and case.state == State.PUBLISHED:
                indexing.cases_changed([case.pk])
        elif case.state != State.PUBLISHED:
            from_state = "" if created else case.state
            case.state = State.PUBLISHED
            case.submitted_at = case.submitted_at or now
            case.published_at = case.published_at or published_at or now
            case.save()
            _log(case, actor=actor, from_state=from_state, note=note, label=label)
            indexing.cases_changed([case.pk])
        elif created or changed:
            indexing.cases_changed([case.pk])
        _version(case, actor=actor, note=note, label=label)
    return case, created


def contributor_address_language(*, email: str, language: str) -> None:
    """Mail to this address is written in the language of the pages it was sent from."""
    email = email.strip().lower()
    if email:
        ContributorAddress.objects.update_or_create(email=email, defaults={"language": language})


def contributor_address_confirm(email: str) -> None:
    """The contributor confirmed their address: news of their cases may now be mailed."""
    address, _created = ContributorAddress.objects.get_or_create(email=email.strip().lower())
    if address.confirmed_at is None:
        ContributorAddress.objects.filter(pk=address.pk).update(confirmed_at=timezone.now())


# -- curation: reverts, verification, suggested updates ------------------------------------


def innovation_revert(
    *, innovation: Innovation | int, version: CaseVersion | int, actor, note: str = ""
) -> Innovation:
    """Give the case the content, tags, countries and parts of one of its versions, as
    an edit (logged as a revert, recorded as a new version, re-indexed)."""
    with transaction.atomic():
        case = _locked(innovation)
        old = CaseVersion.objects.get(pk=getattr(version, "pk", version), innovation=case)
        data, parts = versions.restore(old.record)
        note = note.strip() or _("Reverted to version %(number)s.") % {"number": old.number}
        return _edit(case, data, parts, actor=actor, note=note, event=Event.REVERT)


def innovation_verify(*, innovation: Innovation | int, actor) -> Innovation:
    """A moderator checked the published case: "Verified by the moderators on DATE"."""
    with transaction.atomic():
        case = _locked(innovation)
        if case.state != State.PUBLISHED:
            raise TransitionError(
                _("Only a published case can be verified; this one is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        case.verified_at = case.reviewed_at = timezone.now()
        case.save(update_fields=["verified_at", "reviewed_at", "updated_at"])
        _log_edit(case, actor=actor, fields=[], note=_("Verified."), event=Event.VERIFY)
        indexing.cases_changed([case.pk])
    return case


# The fields a reader may suggest changes to: the public text and facts of the case.
SUGGESTABLE = [name for name in CONTENT_FIELDS if name != "language"]


class SuggestionConflict(TransitionError):
    """The fields a suggestion changes were changed on the case since it was made."""

    def __init__(self, fields: list[str]):
        super().__init__(
            _(
                "This suggestion was made against an older version, and %(fields)s changed "
                "since: nothing was applied. Compare it with the case as it is now."
            )
            % {"fields": ", ".join(versions.label(f) for f in fields)},
            state=State.PUBLISHED,
        )
        self.fields = fields


def suggestion_create(
    *,
    innovation: Innovation | int,
    changes: dict,
    message: str = "",
    name: str = "",
    email: str = "",
) -> Suggestion:
    """A reader's suggested update of a published case: pending, the case unchanged.
    `changes` holds cleaned values of `SUGGESTABLE` fields; only those that differ from
    the case are kept (`ValueError` if none does)."""
    unknown = set(changes) - set(SUGGESTABLE)
    if unknown:
        raise ValueError(f"not a field a reader may suggest: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        case = _locked(innovation)
        if case.state != State.PUBLISHED:
            raise TransitionError(_("This case is not public."), state=case.state)
        kept = {}
        for field, value in changes.items():
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
            current = getattr(case, field)
            if value != current and not (value in ("", None) and current in ("", None)):
                kept[field] = value
        if not kept:
            raise ValueError("nothing differs from the case")
        _baseline(case)
        found = Suggestion.objects.create(
            innovation=case,
            base=_latest(case),
            changes=kept,
            message=message.strip(),
            name=name.strip(),
            email=email.strip().lower(),
        )
        if found.email:
            transaction.on_commit(lambda: tasks.confirm_suggester.enqueue(found.pk))
    return found


def _pending(suggestion: Suggestion | int) -> Suggestion:
    found = Suggestion.objects.select_for_update().get(pk=getattr(suggestion, "pk", suggestion))
    if found.state != Suggestion.Decision.PENDING:
        raise TransitionError(
            _("This suggestion was already %(decision)s.")
            % {"decision": found.get_state_display().lower()},
            state=found.state,
        )
    return found


def suggestion_accept(*, suggestion: Suggestion | int, actor, note: str = "") -> Suggestion:
    """Apply a suggested update as a new version of the case. If a field it changes was
    changed on the case since the version it was made against, nothing is applied:
    `SuggestionConflict`."""
    with transaction.atomic():
        found = _pending(suggestion)
        case = _locked(found.innovation_id)
        if case.state != State.PUBLISHED:
            raise TransitionError(
                _("This case is no longer public: it is “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        if found.base is not None:
            base = found.base.record
            moved = [f for f in found.changes if base.get(f) != getattr(case, f)]
            if moved:
                raise SuggestionConflict(moved)
        note = note.strip() or _("Suggested update accepted.")
        _edit(case, dict(found.changes), None, actor=actor, note=note, event=Event.SUGGESTION)
        found.state = Suggestion.Decision.ACCEPTED
        found.decided_at = timezone.now()
        found.decided_by = actor
        found.reply = note
        found.version = _latest(case)
        found.save()
        _notify_suggester(found)
    return found


def _notify_suggester(found: Suggestion) -> None:
    """The decision, with the moderator's note, goes to the reader if their address is
    confirmed (`tasks.notify_suggester` checks)."""
    if found.email:
        transaction.on_commit(lambda: tasks.notify_suggester.enqueue(found.pk))


def suggestion_decline(*, suggestion: Suggestion | int, actor, reason: str) -> Suggestion:
    """Turn a suggested update down, with the reason; the case does not change."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Please give the reason."))
    with transaction.atomic():
        found = _pending(suggestion)
        found.state = Suggestion.Decision.DECLINED
        found.decided_at = timezone.now()
        found.decided_by = actor
        found.reply = reason
        found.save()
        _notify_suggester(found)
    return found


# -- collections and links between cases ---------------------------------------------------


def _touch(ids) -> None:
    """Cases whose page shows a collection or a link that changed: a new version of their
    cached page, and of their place in the index."""
    ids = sorted(set(ids))
    if not ids:
        return
    Innovation.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    published = Innovation.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    indexing.cases_changed(list(published))


def collection_save(
    *, collection: Collection | None = None, title: str, description: str = "", slug: str = ""
) -> Collection:
    """Create a collection, or change its title and description (its slug stays)."""
    with transaction.atomic():
        if collection is None:
            base = slugify(slug or title)[:200] or "collection"
            slug, n = base, 1
            while Collection.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            collection = Collection(slug=slug)
        collection.title, collection.description = title.strip(), description.strip()
        collection.full_clean()
        collection.save()
        _touch(collection.items.values_list("innovation_id", flat=True))
    return collection


def collection_set_cases(*, collection: Collection | int, cases: list[int]) -> Collection:
    """The collection's cases, in this order (ids; unknown ones are left out)."""
    with transaction.atomic():
        found = Collection.objects.select_for_update().get(pk=getattr(collection, "pk", collection))
        wanted = list(dict.fromkeys(cases))
        known = set(Innovation.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        wanted = [pk for pk in wanted if pk in known]
        before = dict(found.items.values_list("innovation_id", "order"))
        found.items.exclude(innovation_id__in=wanted).delete()
        for order, pk in enumerate(wanted):
            CollectionItem.objects.update_or_create(
                collection=found, innovation_id=pk, defaults={"order": order}
            )
        after = {pk: order for order, pk in enumerate(wanted)}
        changed = {pk for pk in {*before, *after} if before.get(pk) != after.get(pk)}
        found.save()  # moves updated_at, for the sitemap and the feed
        _touch(changed)
    return found


def collection_delete(*, collection: Collection | int) -> None:
    with transaction.atomic():
        found = Collection.objects.select_for_update().get(pk=getattr(collection, "pk", collection))
        members = list(found.items.values_list("innovation_id", flat=True))
        found.delete()
        _touch(members)


def case_link(*, source: Innovation | int, target: Innovation | int, kind: str) -> CaseLink:
    """Link two cases with a typed relation (shown on both pages); once per kind."""
    source_id, target_id = getattr(source, "pk", source), getattr(target, "pk", target)
    if source_id == target_id:
        raise ValueError("a case cannot be linked to itself")
    if kind not in CaseLink.Kind.values:
        raise ValueError(f"not a kind of link: {kind}")
    with transaction.atomic():
        link, _created = CaseLink.objects.get_or_create(
            source_id=source_id, target_id=target_id, kind=kind
        )
        _touch([source_id, target_id])
    return link


def case_unlink(*, link: CaseLink | int) -> None:
    with transaction.atomic():
        found = CaseLink.objects.filter(pk=getattr(link, "pk", link)).first()
        if found is not None:
            found.delete()
            _touch([found.source_id, found.target_id])
