from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read, and where the sitemap is (an absolute URL, as the
    standard asks)."""
    # English is unprefixed; every other language has the same rules under its prefix.
    others = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    prefixes = ["", *(f"/{code}" for code in others)]
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        "prefixes": prefixes,
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
