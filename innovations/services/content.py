"""Content: a case's fields, tags, countries and parts, created, edited and imported.

Called by the admin, the importers (`innovations.importing`, `opendata.importer`,
`import_cases`, `load_demo`), the contributor's side (`contribution`) and `curation`
(reverts and accepted suggestions go through `store_edit`). Forms are never passed:
`data` holds cleaned values of `FIELDS`, tags (terms or ids) and countries (ISO codes);
`parts` holds each registered part's cleaned data (`innovations.registry.case_parts`).
Every change of the public record is logged in `CaseEdit`, recorded as a `CaseVersion`
and, for a published case, re-indexed in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import derived, translations
from ..models import (
    CONTENT_FIELDS,
    CONTRIBUTOR_FIELDS,
    PROVENANCE_FIELDS,
    Event,
    Innovation,
    InnovationCountry,
)
from ..registry import case_parts
from .common import (
    CONTRIBUTOR_EDITABLE,
    State,
    TransitionError,
    baseline,
    locked,
    log_edit,
    log_state,
    notify_after_commit,
    record_version,
)
from .guard import service

# What `data` may hold: the case's own fields, its tags (terms or their ids) and its
# countries (ISO codes). State, featuring and dates move only through `moderation`.
FIELDS = frozenset(
    [*CONTENT_FIELDS, *CONTRIBUTOR_FIELDS, *PROVENANCE_FIELDS, "licence_consent", "slug"]
)
TAGS = ("sectors", "approaches", "enabling_factors")


def _ids(values) -> set[int]:
    return {getattr(value, "pk", value) for value in values or []}


def _store(case: Innovation, data: dict, parts: dict | None, *, creating: bool) -> list[str]:
    """Write cleaned data to the (locked or new) case; returns the fields that changed."""
    unknown = set(data) - FIELDS - {*TAGS, "countries"}
    if unknown:
        raise ValueError(f"not a field a service writes: {', '.join(sorted(unknown))}")
    changed = []
    if "translations" in data:  # trimmed and checked against the texts' language
        language = data.get("text_language") or case.text_language
        data = {**data, "translations": translations.clean(data["translations"], language)}
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


def store_edit(
    case: Innovation,
    data: dict,
    parts: dict | None,
    *,
    actor,
    note: str = "",
    event: str = Event.EDIT,
):
    baseline(case)
    changed = _store(case, data, parts, creating=False)
    case.changed_fields = changed  # for the admin's history message
    if changed:
        if actor is not None:
            case.reviewed_at = timezone.now()
            case.save(update_fields=["reviewed_at"])
        log_edit(case, actor=actor, fields=changed, note=note, event=event)
        record_version(case, actor=actor, note=note)
        if case.state == State.PUBLISHED:
            derived.cases_changed([case.pk])
    return case


@service
def innovation_create(*, data: dict, parts: dict | None = None, actor=None) -> Innovation:
    """A new draft from cleaned data; `actor` None for a contributor on the public form."""
    with transaction.atomic():
        case = Innovation(state=State.DRAFT)
        _store(case, data, parts, creating=True)
        note = _("Draft started.") if actor is None else _("Created.")
        change = log_state(case, actor=actor, from_state="", note=note)
        record_version(case, actor=actor, note=note)
        if actor is None:
            # The contributor gets the private link by mail, if they gave an address.
            notify_after_commit(change)
    return case


@service
def innovation_save_draft(
    *, innovation: Innovation | int | None = None, data: dict, parts: dict | None = None
) -> Innovation:
    """Save what a contributor typed: a new draft, or their edit of a draft or of a case
    sent back for changes (through the private link)."""
    if innovation is None:
        return innovation_create(data=data, parts=parts)
    with transaction.atomic():
        case = locked(innovation)
        if case.state not in CONTRIBUTOR_EDITABLE:
            raise TransitionError(
                _("This case can no longer be edited: it is now “%(state)s”.")
                % {"state": case.get_state_display()},
                state=case.state,
            )
        return store_edit(case, data, parts, actor=None)


@service
def innovation_edit(
    *, innovation: Innovation | int, data: dict, parts: dict | None = None, actor, note: str = ""
) -> Innovation:
    """A moderator's (or an import's) edit of a case in any state; only the fields in
    `data` and the parts in `parts` change. Logged with who and which fields."""
    with transaction.atomic():
        return store_edit(locked(innovation), data, parts, actor=actor, note=note)


@service
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
        case = locked(existing[0]) if existing else Innovation(state=State.DRAFT)
        created = case.pk is None
        if created:
            changed = _store(case, data, parts, creating=True)
        else:
            baseline(case)
            changed = _store(case, data, parts, creating=False)
            if changed:
                log_edit(
                    case, actor=actor, fields=changed, note=note, label=label, event=Event.IMPORT
                )
        case.full_clean(validate_unique=False, validate_constraints=False)
        case.changed_fields = changed
        now = timezone.now()
        if not publish:
            if created:
                case.state, case.submitted_at = State.SUBMITTED, now
                case.save()
                log_state(case, actor=actor, from_state="", note=note, label=label)
            elif changed and case.state == State.PUBLISHED:
                derived.cases_changed([case.pk])
        elif case.state != State.PUBLISHED:
            from_state = "" if created else case.state
            case.state = State.PUBLISHED
            case.submitted_at = case.submitted_at or now
            case.published_at = case.published_at or published_at or now
            case.save()
            log_state(case, actor=actor, from_state=from_state, note=note, label=label)
            derived.cases_changed([case.pk])
        elif created or changed:
            derived.cases_changed([case.pk])
        record_version(case, actor=actor, note=note, label=label)
    return case, created
