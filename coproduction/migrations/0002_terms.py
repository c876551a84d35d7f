"""Seed the study's editable vocabularies: reasons, hindering and enhancing factors.

A starting set; editors add and rename terms in the admin. The study's key success
factors (top-level political commitment, adequate public-sector capacity, aligned
financial incentives) lead the enhancing factors.
"""

from django.db import migrations

from opsi.irreversible import RefuseReverse

REASONS = [
    ("improve-quality", "Improve service quality"),
    ("improve-outcomes", "Improve outcomes"),
    ("reduce-costs", "Reduce costs"),
    ("increase-satisfaction", "Increase user satisfaction"),
    ("empower-citizens", "Empower citizens and communities"),
    ("increase-transparency", "Increase transparency and accountability"),
]
HINDERING = [
    ("risk-aversion", "Risk aversion"),
    ("lack-of-financial-incentives", "Lack of financial incentives"),
    ("insufficient-public-capacity", "Insufficient public-sector capacity"),
    ("insufficient-citizen-capacity", "Insufficient capacity of citizens and organisations"),
    ("professional-resistance", "Resistance from professionals"),
    ("legal-barriers", "Legal or regulatory barriers"),
]
ENHANCING = [
    ("political-commitment", "Top-level political commitment"),
    ("public-sector-capacity", "Adequate public-sector capacity"),
    ("financial-incentives", "Aligned financial incentives"),
    ("citizen-capacity", "Capacity of citizens and organisations"),
    ("professional-support", "Support from professionals"),
    ("ict-tools", "ICT tools"),
]


def seed(apps, schema_editor):
    for model, terms in [("Reason", REASONS), ("HinderingFactor", HINDERING),
                         ("EnhancingFactor", ENHANCING)]:
        Model = apps.get_model("coproduction", model)
        for order, (slug, name) in enumerate(terms, start=1):
            Model.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("coproduction", "0001_initial")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it deletes nothing, but applying it again re-seeds the reasons, hindering and enhancing factors over the editors' changes (names, order) and brings back removed terms."
        ),
    ]
