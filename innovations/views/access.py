"""Who may see the moderators' pages."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PERMISSION = "innovations.moderate_innovation"


def moderator_required(view):
    """Anonymous visitors get the login page; signed-in users without the permission, 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


MAX_SEARCH = 200


def posted_pks(request, name: str = "cases") -> list[int]:
    """The primary keys a moderation form posts: ASCII digits that fit a database
    integer (anything else is left out, never a server error)."""
    return [pk for v in request.POST.getlist(name) if (pk := form_pk(v)) is not None]


def form_pk(value: str) -> int | None:
    """A primary key as a form sends it, or None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def search_text(request, name: str = "q") -> str:
    """A moderation list's search text (`?q=`, or the case picker's `?pick=`), cut to a
    sane length."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:MAX_SEARCH]
