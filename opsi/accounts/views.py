"""Sign in, the second factor (verify, set up, recovery codes) and sign out."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovations.clients import limit_address

from .forms import TokenForm

RECOVERY_CODES = 10


def client_ip(request: HttpRequest) -> str:
    """django-axes's idea of the client: the same address the rate limits use (an IPv6
    client's /64)."""
    return limit_address(request)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """Signed in: the language of this page becomes the language of their mail."""
        from innovations.services.mail import moderator_language_remember

        response = super().form_valid(form)
        moderator_language_remember(user=form.get_user(), language=translation.get_language())
        return response


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """What django-axes answers once an account or a client has failed too often."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/login.html",
        {
            "form": auth_views.AuthenticationForm(request),
            "locked_minutes": minutes,
            "next": _next(request, ""),
        },
        status=429,
    )


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target else default


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    if not user_has_device(request.user):
        return redirect(f"{reverse('accounts:setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(_next(request, reverse("moderation:queue")))
        form.add_error("token", _("That code is not right, or has expired. Try the next one."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request, "")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan, confirm with a code, get recovery codes."""
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(request.user)
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request, reverse("moderation:queue"))},
            )
        form.add_error("token", _("That code is not right. Check the clock of your phone."))
    import segno

    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title=_("QR code for your authenticator app")),
            "secret": _grouped(device.config_url),
            "next": _next(request, ""),
        },
    )


def _grouped(config_url: str) -> str:
    """The secret from the otpauth URL, in groups of four for typing."""
    from urllib.parse import parse_qs, urlsplit

    secret = parse_qs(urlsplit(config_url).query)["secret"][0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@login_required
@require_http_methods(["POST"])
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (only from a verified session)."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?next={reverse('moderation:queue')}")
    codes = _new_recovery_codes(request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("moderation:queue")},
    )
