"""French twins of the study's editable terms, and the French names of the seeded ones."""

from django.db import migrations, models

from opsi.irreversible import RefuseReverse

TERMS = {
    "Reason": {
        "improve-quality": "Améliorer la qualité du service",
        "improve-outcomes": "Améliorer les résultats",
        "reduce-costs": "Réduire les coûts",
        "increase-satisfaction": "Accroître la satisfaction des usagers",
        "empower-citizens": "Donner plus de pouvoir d’agir aux citoyens et aux communautés",
        "increase-transparency": "Renforcer la transparence et la redevabilité",
    },
    "HinderingFactor": {
        "risk-aversion": "Aversion au risque",
        "lack-of-financial-incentives": "Absence d’incitations financières",
        "insufficient-public-capacity": "Capacités insuffisantes du secteur public",
        "insufficient-citizen-capacity": "Capacités insuffisantes des citoyens et des "
        "organisations",
        "professional-resistance": "Résistance des professionnels",
        "legal-barriers": "Obstacles juridiques ou réglementaires",
    },
    "EnhancingFactor": {
        "political-commitment": "Engagement politique au plus haut niveau",
        "public-sector-capacity": "Capacités suffisantes du secteur public",
        "financial-incentives": "Incitations financières cohérentes",
        "citizen-capacity": "Capacités des citoyens et des organisations",
        "professional-support": "Soutien des professionnels",
        "ict-tools": "Outils numériques",
    },
}


def seed(apps, schema_editor):
    for model, names in TERMS.items():
        Model = apps.get_model("coproduction", model)
        for slug, name in names.items():
            Model.objects.filter(slug=slug).update(name_fr=name)


class Migration(migrations.Migration):
    dependencies = [
        ("coproduction", "0002_terms"),
    ]

    operations = [
        migrations.AddField(
            model_name="enhancingfactor",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="enhancingfactor",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the French names and descriptions of the reasons, hindering "
            "and enhancing factors; applying it again re-seeds the French names over the "
            "editors' changes."
        ),
    ]
