"""The reader's shortlist (kept in the session, no account) and the side-by-side
comparison of up to five published cases, whose address is the shareable shortlist."""

from django.contrib import messages
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars, truncatewords
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import quality, shortlist
from ..models import Innovation
from ..registry import case_page
from .citations import citation_response


def compare_url(slugs: list[str]) -> str:
    """The comparison's address for these cases: the shortlist, shared."""
    query = QueryDict(mutable=True)
    query.setlist("case", slugs)
    return f"{reverse('innovations:compare')}?{query.urlencode()}"


def _back(request: HttpRequest):
    """Back to the page the reader added from (`next`, else the Referer, which follows
    a search filtered by script), if it is a page of this site; else the shortlist."""
    target = request.POST.get("next") or request.headers.get("Referer", "")
    target = target.split("#")[0]
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("innovations:shortlist")


def _number(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def _change(request: HttpRequest) -> HttpResponse:
    if "clear" in request.POST:
        shortlist.empty(request)
        messages.success(request, _("Your shortlist is empty."))
        return redirect("innovations:shortlist")
    if (pk := _number(request.POST.get("remove", ""))) is not None:
        shortlist.take_out(request, pk)
        messages.success(request, _("The case is off your shortlist."))
        return redirect("innovations:shortlist")
    pk = _number(request.POST.get("add", ""))
    if pk is None:
        messages.error(request, _("Choose a case to add to your shortlist."))
        return redirect("innovations:shortlist")
    if len(shortlist.ids(request)) >= shortlist.MAX_CASES and pk not in shortlist.ids(request):
        messages.error(
            request,
            _("Your shortlist is full (%(max)s cases): remove one first.")
            % {"max": shortlist.MAX_CASES},
        )
    elif shortlist.put(request, pk):
        count = len(shortlist.ids(request))
        messages.success(
            request,
            _("The case is on your shortlist (%(count)s of %(max)s).")
            % {"count": count, "max": shortlist.MAX_CASES},
        )
    else:
        messages.error(request, _("This case is not in the public catalogue."))
    return _back(request)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist_page(request: HttpRequest) -> HttpResponse:
    """The session's shortlist: remove cases, choose up to five to compare, cite them."""
    if request.method == "POST":
        return _change(request)
    cases = shortlist.published(shortlist.ids(request))
    slugs = [case.slug for case in cases]
    return render(
        request,
        "innovations/shortlist.html",
        {
            "cases": cases,
            "max_compared": shortlist.MAX_COMPARED,
            "compared": slugs[: shortlist.MAX_COMPARED],
            "query": compare_url(slugs).partition("?")[2] if slugs else "",
        },
    )


def _tags(terms) -> list[tuple[str, str]]:
    return [(term.label, term.get_absolute_url()) for term in terms]


def _text(value) -> list[tuple[str, str]]:
    return [(str(value), "")] if value else []


def _rows(cases: list[Innovation]) -> list[tuple[str, list]]:
    """The table's rows: a label and one cell (a list of (text, URL)) per case."""
    checks = [quality.completeness(case) for case in cases]
    rows = [
        (_("Summary"), [_text(truncatewords(case.summary, 40)) for case in cases]),
        (
            _("Countries"),
            [
                [
                    (str(c.name), reverse("innovations:country", args=[c.code]))
                    for c in case.countries
                ]
                for case in cases
            ],
        ),
        (_("Sectors"), [_tags(case.sectors.all()) for case in cases]),
        (_("Year launched"), [_text(case.year_launched) for case in cases]),
        (_("Status"), [_text(case.get_status_display()) for case in cases]),
        (_("Level of government"), [_text(case.get_level_display()) for case in cases]),
        (_("Lead organisation"), [_text(case.lead_organisation) for case in cases]),
        (_("Innovation approaches"), [_tags(case.approaches.all()) for case in cases]),
        (_("Enabling factors"), [_tags(case.enabling_factors.all()) for case in cases]),
        (
            _("Source"),
            [[(truncatechars(case.source_url, 40), case.source_url)] for case in cases],
        ),
        (
            _("Verified"),
            [
                _text(formats.date_format(case.verified_at, "DATE_FORMAT"))
                if case.verified_at
                else [(_("No"), "")]
                for case in cases
            ],
        ),
        (
            _("Completeness"),
            [_text(_("%(score)s%% of the expected fields") % {"score": c.score}) for c in checks],
        ),
        (
            _("Missing"),
            [_text(", ".join(c.missing)) if c.missing else [(_("Nothing"), "")] for c in checks],
        ),
    ]
    for extra in case_page.compare_rows:
        rows += extra(cases)
    titles = [case.title for case in cases]
    return [(label, list(zip(titles, cells, strict=True))) for label, cells in rows]


def _compared(request: HttpRequest, limit: int) -> tuple[list[Innovation], list[str]]:
    asked = [s for s in request.GET.getlist("case") if s][:limit]
    # Only what can be a case's address is looked up (PostgreSQL refuses a NUL byte).
    return shortlist.published([s for s in asked if slug_re.match(s)], by="slug"), asked


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Up to five published cases side by side (`?case=<slug>`, repeated); the address
    is the comparison, to share. Cases that are not published are left out."""
    cases, asked = _compared(request, shortlist.MAX_COMPARED)
    slugs = [case.slug for case in cases]
    return render(
        request,
        "innovations/compare.html",
        {
            "cases": [(case, compare_url([s for s in slugs if s != case.slug])) for case in cases],
            "rows": _rows(cases) if cases else [],
            "left_out": len(asked) - len(cases),
            "too_many": len([s for s in request.GET.getlist("case") if s]) > shortlist.MAX_COMPARED,
            "max_compared": shortlist.MAX_COMPARED,
            "query": compare_url(slugs).partition("?")[2] if slugs else "",
            "share_url": request.build_absolute_uri(compare_url(slugs)) if slugs else "",
        },
    )


@require_safe
def compare_citations(request: HttpRequest, fmt: str) -> HttpResponse:
    """The citations of these cases (`?case=`, as the comparison; the whole shortlist
    at most)."""
    cases, _asked = _compared(request, shortlist.MAX_CASES)
    return citation_response(request, cases, fmt, "opsi-cases")
