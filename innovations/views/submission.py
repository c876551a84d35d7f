"""The contributor's side: the submission form, drafts, the receipt and the status page.

No account is needed: a contributor comes back through a signed private link
(`services.status_token`). A bot is refused quietly; a person who trips a limit is told
why, with everything they typed still in the form.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import (
    antispam,
    contributor_services,
    contributor_tasks,
    duplicates,
    quality,
    services,
    tasks,
)
from ..forms import SubmissionForm
from ..models import ContributorAddress, Innovation
from ..registry import case_page, submission_sections
from .public import preview_context

ACTIONS = {"draft", "preview", "submit"}
# Sent by the form once it has shown the published cases the contributor's may repeat.
SEEN_DUPLICATES = "seen_duplicates"


def _case_or_404(token: str) -> Innovation:
    case = services.innovation_from_token(token)
    if case is None:
        raise Http404(_("This link is not valid. Check that you copied all of it."))
    return case


def _render_form(
    request, *, form, sections, case=None, token=None, problems=(), status=200, fresh=False
):
    started = request.POST.get(antispam.STARTED, "") if request.method == "POST" else ""
    if fresh or not antispam.valid_token(started):
        started = antispam.started_token()
    already = []
    if case is not None and case.pk:
        already = duplicates.in_catalogue(case.title, case.source_url, exclude=case.pk)
    return render(
        request,
        "innovations/submit.html",
        {
            "form": form,
            "form_sections": sections,
            "case": case,
            "token": token,
            "status_url": (
                request.build_absolute_uri(reverse("innovations:status", args=[token]))
                if token
                else ""
            ),
            "link_mail": link_mail(case) if token else None,
            "problems": problems,
            "honeypot": antispam.HONEYPOT,
            "started_name": antispam.STARTED,
            "started": started,
            "already": already,
        },
        status=status,
    )


# What the contributor typed, for the link cap: every field but the form's own.
NOT_TYPED = {"csrfmiddlewaretoken", "action", antispam.STARTED, antispam.HONEYPOT}


def _typed(data) -> list[str]:
    return [v for key in data if key not in NOT_TYPED for v in data.getlist(key)]


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """The submission form: new (no token), or a draft / a case sent back for changes."""
    case = _case_or_404(token) if token else None
    if case is not None and case.state not in services.CONTRIBUTOR_EDITABLE:
        messages.info(request, _("This case is with the moderators; it cannot be edited now."))
        return redirect("innovations:status", token)

    if request.method == "GET":
        form = SubmissionForm(
            instance=case, submitting=False, translation=request.GET.get("translation")
        )
        sections = [(s, s.build(None, case, prefix=s.prefix)) for s in submission_sections]
        return _render_form(request, form=form, sections=sections, case=case, token=token)

    if antispam.is_bot(request.POST):
        return render(request, "innovations/submit_done.html", {"case": None})

    action = request.POST.get("action", "draft")
    action = action if action in ACTIONS else "draft"
    form = SubmissionForm(request.POST, instance=case, submitting=action == "submit")
    sections = [(s, s.build(request.POST, case, prefix=s.prefix)) for s in submission_sections]

    problems, status = [], 200
    if antispam.stale(request.POST):
        problems.append(
            _(
                "This form was open for more than a day. Nothing is lost: check your "
                "answers and send it again."
            )
        )
    # A returning contributor (through the private link) is never timed.
    elif case is None and antispam.too_fast(request.POST):
        problems.append(
            _(
                "That was quicker than we allow, to keep robots out. Please check your "
                "answers and send the form again in a few seconds."
            )
        )
    if case is None and antispam.rate_limited(request):
        problems.append(
            _(
                "Too many cases have been started from your address in the last hour. "
                "Nothing is lost: keep this page open and send it again later."
            )
        )
        status = 429
    links = antispam.link_count(*_typed(request.POST))
    if links > antispam.max_links():
        problems.append(
            _(
                "The form holds %(count)s links; at most %(max)s are allowed. Put the main "
                "one in “Source” and remove the others."
            )
            % {"count": links, "max": antispam.max_links()}
        )
    # Validate every form (no short-circuit), so that all errors are shown at once.
    valid = form.is_valid() & all([f.is_valid() for _s, f in sections])  # noqa: C419
    if problems or not valid:
        return _render_form(
            request,
            form=form,
            sections=sections,
            case=case,
            token=token,
            problems=problems,
            status=status,
        )

    creating = case is None
    if action == "submit" and not request.POST.get(SEEN_DUPLICATES):
        data = form.cleaned_data
        exclude = None if creating else case.pk
        if duplicates.in_catalogue(data.get("title"), data.get("source_url"), exclude):
            # Saved as a draft; the form shows the published cases it may repeat, with
            # "suggest an update instead", and can still be submitted.
            action = "similar"
    try:
        case = services.contribution_save(
            request=request,
            innovation=case,
            data=form.case_data(),
            parts={s.prefix: f.cleaned_data for s, f in sections},
            submit=action == "submit",
        )
    except antispam.Refused as refused:
        return _render_form(
            request,
            form=form,
            sections=sections,
            case=None if creating else case,
            token=token,
            problems=[refused.message],
            status=refused.status,
            fresh=refused.status == 400,
        )
    except services.TransitionError as error:
        messages.error(request, error.message)
        return redirect("innovations:status", services.status_token(case))

    token = services.status_token(case)
    if action == "submit":
        return redirect("innovations:submit-done", token)
    if action == "similar":
        messages.warning(
            request,
            _(
                "This may already be in the catalogue: see the cases below. You can suggest "
                "an update to one of them instead, or submit yours anyway."
            ),
        )
        return redirect("innovations:submit-edit", token)
    if action == "preview":
        return redirect("innovations:submit-preview", token)
    messages.success(
        request,
        _("Your draft is saved. Keep the private link on this page to come back to it."),
    )
    return redirect("innovations:submit-edit", token)


@require_safe
def submit_done(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt: a reference, the private status link, what happens next."""
    case = _case_or_404(token)
    return render(
        request,
        "innovations/submit_done.html",
        {
            "case": case,
            "reference": services.reference(case),
            "status_url": request.build_absolute_uri(reverse("innovations:status", args=[token])),
            "link_mail": link_mail(case),
        },
    )


def link_mail(case: Innovation) -> dict:
    """What mail the private link really goes out in: with news of the case to a
    confirmed address; to an unconfirmed one, only once it is confirmed."""
    email = case.contributor_email.strip().lower()
    confirmed = (
        bool(email)
        and ContributorAddress.objects.filter(email=email, confirmed_at__isnull=False).exists()
    )
    return {"email": email, "confirmed": confirmed}


@require_safe
def submit_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The contributor's case rendered by the public case page's own template."""
    case = _case_or_404(token)
    case = Innovation.objects.for_detail().prefetch_related(*case_page.prefetches).get(pk=case.pk)
    messages.info(
        request,
        _("This is a preview: the case is not public. Use your private link to go back to it."),
    )
    return render(
        request,
        "innovations/innovation_detail.html",
        {
            **preview_context(request, case),
            "preview_token": token if case.state in services.CONTRIBUTOR_EDITABLE else None,
        },
    )


@require_http_methods(["POST"])
def submit_send(request: HttpRequest, token: str) -> HttpResponse:
    """ "Submit for review" from the preview: the saved case goes to the moderators if
    every required field is answered; otherwise the form opens with what is missing."""
    case = _case_or_404(token)
    if case.state not in services.CONTRIBUTOR_EDITABLE:
        messages.info(request, _("This case is with the moderators; it cannot be edited now."))
        return redirect("innovations:status", token)
    form = SubmissionForm(saved_answers(case), instance=case, submitting=True)
    if not form.is_valid():
        sections = [(s, s.build(None, case, prefix=s.prefix)) for s in submission_sections]
        return _render_form(request, form=form, sections=sections, case=case, token=token)
    try:
        services.contribution_send(innovation=case)
    except services.TransitionError as error:
        messages.error(request, error.message)
        return redirect("innovations:status", token)
    return redirect("innovations:submit-done", token)


def saved_answers(case: Innovation) -> QueryDict:
    """The saved case as the form would post it, to check it as a submission."""
    data = QueryDict(mutable=True)
    for field in SubmissionForm(instance=case, submitting=False):
        value = field.value()
        if isinstance(value, (list, tuple)):
            data.setlist(field.name, [str(v) for v in value])
        elif value is True:
            data[field.name] = "on"
        elif value not in (None, False):
            data[field.name] = str(value)
    return data


@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The private status page: the case's state, the moderator's message, what to do next."""
    case = _case_or_404(token)
    history = case.state_changes.only("to_state", "at").order_by("at", "pk")
    return render(
        request,
        "innovations/status.html",
        {
            "case": case,
            "token": token,
            "reference": services.reference(case),
            "history": [(c.get_to_state_display(), c.at) for c in history],
            "editable": case.state in services.CONTRIBUTOR_EDITABLE,
            "quality": quality.completeness(case),
            "status_url": request.build_absolute_uri(),
            # Where to ask for a change once it is published, when there is no
            # "suggest an update" page to link to.
            "contact_email": settings.DEFAULT_FROM_EMAIL,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_address(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail: a button (mail scanners follow links, so a GET
    changes nothing), then the address is confirmed and the case's status page opens."""
    found = tasks.read_confirmation(token)
    if found is None:
        raise Http404(_("This link is not valid or has expired."))
    if request.method == "POST":
        email = found["e"]
        newly = contributor_services.contributor_address_confirm(email=email)
        services.contributor_address_confirm(email, case_id=found["c"])  # and this case
        case = Innovation.objects.filter(pk=found["c"]).first()
        messages.success(request, _("Thank you: your address is confirmed."))
        if case is not None and case.contributor_email.strip().lower() == email:
            if newly:  # the private link, mailed as soon as the address is confirmed
                transaction.on_commit(
                    lambda: contributor_tasks.send_private_link.enqueue(case.pk, email)
                )
            return redirect("innovations:status", services.status_token(case))
        return redirect("innovations:home")
    return render(request, "innovations/confirm_address.html", {"email": found["e"]})
