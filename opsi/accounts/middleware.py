"""Middleware of signed-in pages: the second factor, and no caching of private pages."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language_from_path

# Pages that need a verified second factor from anyone who may moderate or administer.
GUARDED = ("/moderation/", "/admin/")
# Pages that show one person's data: never stored by a browser or a proxy.
PRIVATE = (
    "/moderation/",
    "/admin/",
    "/accounts/",
    "/submit/",
    "/status/",
    "/confirm/",
    "/mine/",
)


def unprefixed(path: str) -> str:
    """The path without its language prefix: /fr/submit/ is /submit/."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


def needs_second_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("innovations.moderate_innovation")
    )


class TwoFactorRequired:
    """Moderators and staff reach moderation and the admin only with a verified second
    factor; those without one are sent to set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = unprefixed(request.path_info)
        if path.startswith(GUARDED) and not path.startswith("/admin/login/"):
            user = request.user
            if needs_second_factor(user) and not user.is_verified():
                from django_otp import user_has_device

                name = "accounts:verify" if user_has_device(user) else "accounts:setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)


class PrivatePagesNotStored:
    """`Cache-Control: private, no-store` on pages that show one person's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if unprefixed(request.path_info).startswith(PRIVATE):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
