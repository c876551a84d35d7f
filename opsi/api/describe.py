"""Field descriptions from the models (verbose name and help text), so that the API
schema says what the admin, the forms and the codebook say."""

from django.db import models
from django.utils.text import capfirst


def describe(model: type[models.Model], name: str) -> str:
    """A field's meaning: its verbose name, and its help text when it has one."""
    field = model._meta.get_field(name)
    text = capfirst(str(field.verbose_name))
    help_text = str(getattr(field, "help_text", "") or "")
    return f"{text}. {help_text}" if help_text else f"{text}."


def choice_values(model: type[models.Model], name: str) -> list[str]:
    """The stored values a choice field allows (without the empty one)."""
    return [str(value) for value, _label in model._meta.get_field(name).choices if value]
