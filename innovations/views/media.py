"""A case's pictures, documents and video links: the contributor's page to add and
remove them (through the private link, while the case is editable), and the view that
serves the files.

A file is served only if its case is published, or to the contributor (the private
link's token as `?key=`), or to a moderator past the second factor; anyone else gets
404. Served with `X-Content-Type-Options: nosniff`, a CSP that allows nothing (and
sandboxes the file), and PDFs as attachments.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import media_services, services
from ..forms import MediaForm
from ..models import CaseMedia
from .submission import _case_or_404


def _editable_case(token: str):
    case = _case_or_404(token)
    return case, case.state in media_services.EDITABLE


@require_http_methods(["GET", "HEAD", "POST"])
def case_media(request: HttpRequest, token: str) -> HttpResponse:
    case, editable = _editable_case(token)
    if not editable:
        messages.info(request, _("This case is with the moderators; it cannot be edited now."))
        return redirect("innovations:status", token)
    form = MediaForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                media_services.media_add(
                    innovation=case,
                    kind=data["kind"],
                    title=data["title"],
                    checked=data.get("checked"),
                    url=data.get("url", ""),
                    alt_text=data.get("alt_text", ""),
                    credit=data.get("credit", ""),
                )
            except media_services.MediaError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Added to your case."))
                return redirect("innovations:case-media", token)
        status = 400
    return render(
        request,
        "innovations/case_media.html",
        {"case": case, "token": token, "form": form, "media": case.media.all()},
        status=status,
    )


@require_POST
def case_media_remove(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    case, editable = _editable_case(token)
    if not editable:
        return redirect("innovations:status", token)
    media_services.media_remove(media=pk, innovation=case)
    messages.success(request, _("Removed from your case."))
    return redirect("innovations:case-media", token)


def _may_see(request: HttpRequest, media: CaseMedia) -> bool:
    case = media.innovation
    if case.state == case.State.PUBLISHED:
        return True
    key = request.GET.get("key", "")
    if key and services.innovation_from_token(key) == case:
        return True
    user = request.user
    return bool(
        user.is_authenticated
        and user.has_perm("innovations.moderate_innovation")
        and getattr(user, "is_verified", lambda: False)()
    )


@require_safe
def media_file(request: HttpRequest, pk: int, width: int | None = None) -> HttpResponse:
    """The file, or one of a picture's smaller copies (`width`), at the same doors."""
    media = get_object_or_404(
        CaseMedia.objects.select_related("innovation").exclude(file=""), pk=pk
    )
    if not _may_see(request, media):
        raise Http404(_("No such file."))
    name = media.file.name
    if width is not None:
        name = next((r["name"] for r in media.renditions if r["width"] == width), None)
        if name is None:
            raise Http404(_("No such file."))
    public = media.innovation.state == media.innovation.State.PUBLISHED
    return serve(media.file.storage, name, media.content_type, media.title, public=public)


def serve(storage, name: str, content_type: str, title: str, *, public: bool) -> FileResponse:
    """A stored file with headers that keep it inert: no sniffing, no script, no frame."""
    try:
        handle = storage.open(name, "rb")
    except OSError as error:
        raise Http404(_("No such file.")) from error
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if content_type == "application/pdf":
        filename = (slugify(title) or "document")[:80]
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    else:
        response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
