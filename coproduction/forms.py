"""The co-production section of the submission and moderation forms.

Registered in `innovations.registry.submission_sections` from this app's ready(), so the
`innovations` app shows it without importing this one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovations.forms import TermChoiceField

from .models import DIMENSIONS, CoproductionProfile, EnhancingFactor, HinderingFactor, Reason

PREFIX = "coproduction"  # the case part the services save it as (parts.NAME)
TEXT_LIMIT = 5_000


class CoproductionForm(forms.Form):
    """Every dimension of the study, optional, each with its one-line definition as help."""

    def __init__(self, *args, profile: CoproductionProfile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.dimension_names = []
        for dimension in DIMENSIONS:
            if dimension.multiple:
                field = forms.MultipleChoiceField(
                    choices=dimension.choices.choices, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(
                    choices=[("", _("Not given")), *dimension.choices.choices],
                    widget=forms.RadioSelect,
                )
            field.required = False
            field.label = dimension.label
            field.help_text = dimension.definition
            self.fields[dimension.name] = field
            self.dimension_names.append(dimension.name)
            if profile is not None:
                values = profile.values(dimension)
                self.initial[dimension.name] = (
                    values if dimension.multiple else (values[0] if values else "")
                )
        self.fields["impact_evidence"] = forms.CharField(
            label=_("Evidence of impact"),
            required=False,
            max_length=TEXT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["risk_notes"] = forms.CharField(
            label=_("Notes on risks"),
            required=False,
            max_length=TEXT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        for name, model, label in [
            ("reasons", Reason, _("Reasons for using co-production")),
            ("hindering_factors", HinderingFactor, _("Hindering factors")),
            ("enhancing_factors", EnhancingFactor, _("Enhancing factors")),
        ]:
            self.fields[name] = TermChoiceField(
                queryset=model.objects.all(), label=label, required=False
            )
            if profile is not None:
                self.initial[name] = list(getattr(profile, name).all())
        if profile is not None:
            self.initial["impact_evidence"] = profile.impact_evidence
            self.initial["risk_notes"] = profile.risk_notes


def build(data=None, innovation=None, prefix: str = PREFIX) -> CoproductionForm:
    profile = None
    if innovation is not None and innovation.pk:
        profile = CoproductionProfile.objects.filter(innovation=innovation).first()
    return CoproductionForm(data, profile=profile, prefix=prefix)
