"""The public side of curation: a case's history and "Suggest a correction or update".

The history lists only versions recorded while the case was published (what the public
saw), each compared with the public version before it; a version holds no contributor's
data, and the page names no one. A suggestion needs no account and passes the
submission form's anti-spam checks; it waits for a moderator and changes nothing before.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import antispam, media_services, services, versions
from ..forms import SuggestedMediaForm, SuggestionForm
from ..models import Innovation
from ..translation_form import PREFIX

State = Innovation.State


def public_history(case: Innovation) -> list[dict]:
    """The case's published versions, newest first, each with what changed since the
    published version before it (the first one: "first published")."""
    found = case.versions.filter(state=State.PUBLISHED).only("pk", "number", "at", "record")
    entries, previous = [], None
    for version in found.order_by("number"):
        changes = versions.diff(previous, version.record) if previous is not None else []
        if previous is None or changes:
            entries.append({"version": version, "first": previous is None, "changes": changes})
        previous = version.record
    return entries[::-1]


@require_safe
def case_history(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(
        Innovation.objects.published().only("pk", "title", "slug", "published_at"), slug=slug
    )
    return render(
        request, "innovations/history.html", {"case": case, "entries": public_history(case)}
    )


def _form_page(request, case, form, media_form, problems=(), status=200, fresh=False):
    started = request.POST.get(antispam.STARTED, "") if request.method == "POST" else ""
    if fresh or not antispam.valid_token(started):
        started = antispam.started_token()
    return render(
        request,
        "innovations/suggest.html",
        {
            "case": case,
            "form": form,
            "media_form": media_form,
            "problems": problems,
            "honeypot": antispam.HONEYPOT,
            "started_name": antispam.STARTED,
            "started": started,
        },
        status=status,
    )


def _typed_changes(form: SuggestionForm, case: Innovation) -> list[str]:
    """What the reader typed that differs from the case (the link cap counts only that:
    the case's own links are in the pre-filled form)."""
    typed = [
        str(value)
        for name, value in form.data.items()
        if name in form._meta.fields and str(getattr(case, name) or "") != value
    ]
    had = {text for texts in (case.translations or {}).values() for text in texts.values()}
    typed += [
        str(field.value())
        for field in form.translation_fields
        if field.name != f"{PREFIX}language" and field.value() not in had
    ]
    return [*typed, form.data.get("message", "")]


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Suggest a correction or update": the case's text, pre-filled, to change."""
    case = get_object_or_404(Innovation.objects.published(), slug=slug)
    if request.method != "POST":
        # A translation into the page's language is offered, or the one asked for.
        language = translation.get_language()
        wanted = request.GET.get("translation") or (
            language if language != case.text_language else None
        )
        form = SuggestionForm(instance=case, translation=wanted)
        return _form_page(request, case, form, SuggestedMediaForm(prefix="media"))
    if antispam.is_bot(request.POST):
        return render(request, "innovations/suggest_done.html", {"case": case})
    # The form writes its values on the instance it validates: give it a copy.
    form = SuggestionForm(request.POST, instance=Innovation.objects.get(pk=case.pk))
    media_form = SuggestedMediaForm(request.POST, request.FILES, prefix="media")
    problems, status = [], 200
    if antispam.stale(request.POST):
        problems.append(
            _("This form was open for more than a day. Nothing is lost: send it again.")
        )
    elif antispam.too_fast(request.POST):
        problems.append(
            _(
                "That was quicker than we allow, to keep robots out. Please check your "
                "changes and send the form again in a few seconds."
            )
        )
    links = antispam.link_count(*_typed_changes(form, case))
    if links > antispam.max_links():
        problems.append(
            _("Your changes add %(count)s links; at most %(max)s are allowed.")
            % {"count": links, "max": antispam.max_links()}
        )
    valid = form.is_valid() & media_form.is_valid()  # both, so that every error shows
    if problems or not valid:
        return _form_page(request, case, form, media_form, problems, status)
    try:
        services.suggestion_send(
            request=request,
            innovation=case,
            changes=form.changes(),
            message=form.cleaned_data["message"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            media=media_form.proposed(),
        )
    except antispam.Refused as refused:
        fresh = refused.status == 400
        return _form_page(
            request, case, form, media_form, [refused.message], refused.status, fresh=fresh
        )
    except ValueError:
        return _form_page(
            request,
            case,
            form,
            media_form,
            [_("You have not changed anything in the case yet.")],
        )
    except services.TransitionError as error:
        return _form_page(request, case, form, media_form, [error.message], 409)
    except media_services.MediaError as error:
        media_form.add_error("file" if request.FILES else "kind", error.message)
        return _form_page(request, case, form, media_form)
    return render(request, "innovations/suggest_done.html", {"case": case, "sent": True})
