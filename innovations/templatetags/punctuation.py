"""Punctuation that depends on the language: French puts a no-break space before the
colon (and before ; ? !), as the README promises for every French page."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Languages whose typography spaces a colon from the word before it.
SPACED_COLON = {"fr"}


def colon_after() -> str:
    return "\u00a0:" if (get_language() or "").split("-")[0] in SPACED_COLON else ":"


@register.filter
def colon(value) -> SafeString:
    """The value followed by a colon, as the page's language writes it ("Pays :")."""
    return mark_safe(f"{conditional_escape(value)}{colon_after()}")


@register.simple_tag
def colon_mark() -> str:
    """Just the colon, for after markup (a <time> element, a link)."""
    return colon_after()
