"""The contributor's own pages: sign-in by a link mailed to them, "my cases" (every case
and suggestion sent from their address), saved searches and their alerts.

Signing in puts the address under its own session key (`CONTRIBUTOR_SESSION_KEY`),
never a Django user: a contributor cannot reach moderation or the admin. The private
status links keep working without signing in.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import contributor_services as contributors
from .. import ratelimit, services
from ..models import Frequency, Innovation, SavedSearch, Suggestion

KEY = contributors.CONTRIBUTOR_SESSION_KEY

# What the contributor can do next, by the case's state.
NEXT_STEP = {
    Innovation.State.DRAFT: gettext_lazy("Finish it and submit it for review."),
    Innovation.State.SUBMITTED: gettext_lazy("Nothing: the moderators will review it."),
    Innovation.State.CHANGES_REQUESTED: gettext_lazy(
        "Make the changes the moderators ask for, then send it again."
    ),
    Innovation.State.PUBLISHED: gettext_lazy("It is public; you can suggest an update."),
    Innovation.State.REJECTED: gettext_lazy("Read the moderators' reason on its status page."),
    Innovation.State.UNPUBLISHED: gettext_lazy("It was taken off the catalogue; see why."),
}


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy("The address you gave with your cases or suggestions."),
        max_length=254,
    )


class SavedSearchForm(forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("E-mail me the new cases"), choices=Frequency.choices
    )


def signed_in_email(request: HttpRequest) -> str:
    return request.session.get(KEY, "")


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    url = reverse("innovations:sign-in")
    if request.method != "GET":
        return redirect(url)
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link. Known or unknown, the address gets the same answer."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        limit = settings.OPSI_RATE_LIMITS["SIGN_INS_PER_HOUR"]
        if ratelimit.take("contributor-sign-in", request, limit, 3600):
            contributors.sign_in_link_request(
                email=form.cleaned_data["email"], language=translation.get_language()
            )
            if next_url:
                request.session["opsi_contributor_next"] = next_url
            return render(
                request,
                "innovations/mine/sign_in_sent.html",
                {"email": form.cleaned_data["email"], "minutes": settings.OPSI_SIGN_IN_MINUTES},
            )
        form.add_error(
            None,
            _("Too many sign-in links were asked from your address. Please try again later."),
        )
        status = 429
    return render(
        request, "innovations/mine/sign_in.html", {"form": form, "next": next_url}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: a button (mail scanners follow links, so a GET spends
    nothing), then the contributor is signed in and sees their cases."""
    if request.method != "POST":
        link = contributors.sign_in_link_peek(token)
        if link is None:
            return _link_refused(request)
        return render(request, "innovations/mine/sign_in_link.html", {"email": link.email})
    email = contributors.sign_in_link_use(token=token)
    if email is None:
        return _link_refused(request)
    next_url = request.session.pop("opsi_contributor_next", "")
    request.session.cycle_key()  # a new session id for the signed-in contributor
    request.session[KEY] = email
    messages.success(request, _("You are signed in as %(email)s.") % {"email": email})
    return redirect(next_url or "innovations:mine")


def _link_refused(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "innovations/mine/sign_in.html",
        {"form": SignInForm(), "refused": True},
        status=404,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(KEY, None)
    request.session.cycle_key()
    messages.success(request, _("You are signed out."))
    return redirect("innovations:home")


CASE_FIELDS = ("title", "slug", "state", "status_key", "created_at", "submitted_at")


@require_http_methods(["GET", "HEAD"])
def my_cases(request: HttpRequest) -> HttpResponse:
    """Every case and suggestion sent from the signed-in address, and its saved searches."""
    email = signed_in_email(request)
    if not email:
        return _to_sign_in(request)
    cases = (
        Innovation.objects.filter(contributor_email__iexact=email)
        .only(*CASE_FIELDS, "published_at", "moderator_message")
        .order_by("-created_at", "-pk")
    )
    rows = [
        {
            "case": case,
            "reference": services.reference(case),
            "status_token": services.status_token(case),
            "editable": case.state in services.CONTRIBUTOR_EDITABLE,
            "next_step": NEXT_STEP.get(case.state, ""),
        }
        for case in cases
    ]
    suggestions = (
        Suggestion.objects.filter(email__iexact=email)
        .select_related("innovation")
        .only("state", "created_at", "reply", "innovation__title", "innovation__slug")
        .order_by("-created_at", "-pk")
    )
    saved = list(SavedSearch.objects.filter(email=email))
    for search in saved:
        search.terms = describe(search.query)
        search.form = SavedSearchForm(
            initial={"frequency": search.frequency}, prefix=f"s{search.pk}"
        )
    return render(
        request,
        "innovations/mine/cases.html",
        {"email": email, "rows": rows, "suggestions": suggestions, "saved": saved},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def search_save(request: HttpRequest) -> HttpResponse:
    """Save the search of the query string, with alerts by e-mail."""
    email = signed_in_email(request)
    if not email:
        return _to_sign_in(request)
    query = contributors.search_query(request.GET)
    form = SavedSearchForm(request.POST or None, initial={"frequency": Frequency.WEEKLY})
    if request.method == "POST" and form.is_valid():
        contributors.saved_search_save(
            email=email,
            query=query,
            frequency=form.cleaned_data["frequency"],
            language=translation.get_language(),
        )
        messages.success(request, _("Your search is saved."))
        return redirect("innovations:mine")
    return render(
        request,
        "innovations/mine/search_save.html",
        {"form": form, "query": query, "terms": describe(query)},
    )


def describe(query: str) -> list[tuple[str, str]]:
    """The search's parameters as (name, value) pairs, for people to read."""
    from django.http import QueryDict

    return [(k, v) for k, values in QueryDict(query).lists() for v in values if v]


@require_POST
def search_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a saved search's frequency, or delete it (only one's own)."""
    email = signed_in_email(request)
    if not email:
        return _to_sign_in(request)
    saved = SavedSearch.objects.filter(Q(pk=pk), email=email).first()
    if saved is None:
        raise Http404(_("No such saved search."))
    if "delete" in request.POST:
        contributors.saved_search_delete(saved=saved)
        messages.success(request, _("The saved search is deleted."))
        return redirect("innovations:mine")
    form = SavedSearchForm(request.POST, prefix=f"s{saved.pk}")
    if form.is_valid():
        contributors.saved_search_save(
            email=email,
            query=saved.query,
            frequency=form.cleaned_data["frequency"],
            language=translation.get_language(),
        )
        messages.success(request, _("Your saved search is changed."))
    return redirect("innovations:mine")


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def alert_stop(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from a saved search's alerts; needs no sign-in. A GET shows
    the button (mail scanners follow links); the POST (ours, or the mail program's)
    turns the alerts off. The token is signed: it stops this one search only."""
    saved = contributors.saved_search_from_token(token)
    if saved is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        contributors.saved_search_stop(saved=saved)
        return render(request, "innovations/mine/alert_stop.html", {"stopped": True})
    return render(
        request,
        "innovations/mine/alert_stop.html",
        {"stopped": saved.frequency == Frequency.OFF, "terms": describe(saved.query)},
    )
