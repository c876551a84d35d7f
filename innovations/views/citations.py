"""Citation downloads (BibTeX, RIS, CSL-JSON) of a published case, or of several."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import citations
from ..models import Innovation


def citation_response(request: HttpRequest, cases, fmt: str, filename: str) -> HttpResponse:
    """The citations of these (published) cases as a download in `fmt`."""
    if fmt not in citations.FORMATS:
        raise Http404("No such citation format.")
    today = timezone.localdate()
    references = [
        citations.reference(case, request.build_absolute_uri(case.get_absolute_url()), today)
        for case in cases
    ]
    response = HttpResponse(citations.WRITERS[fmt](references), content_type=citations.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def case_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One published case's citation; a case that is not published has none (404)."""
    case = get_object_or_404(
        Innovation.objects.published().prefetch_related(
            "sectors", "approaches", "enabling_factors"
        ),
        slug=slug,
    )
    return citation_response(request, [case], fmt, case.slug)
