"""Spanish and German twins of the study's editable terms, and the names of the seeded ones."""

from django.db import migrations, models

from opsi.irreversible import RefuseReverse

# model: {slug: (Spanish name, German name)}
TERMS = {
    "Reason": {
        "improve-quality": ("Mejorar la calidad del servicio", "Servicequalität verbessern"),
        "improve-outcomes": ("Mejorar los resultados", "Ergebnisse verbessern"),
        "reduce-costs": ("Reducir los costes", "Kosten senken"),
        "increase-satisfaction": (
            "Aumentar la satisfacción de las personas usuarias",
            "Zufriedenheit der Nutzer steigern",
        ),
        "empower-citizens": (
            "Empoderar a la ciudadanía y a las comunidades",
            "Bürgerinnen, Bürger und Gemeinschaften stärken",
        ),
        "increase-transparency": (
            "Aumentar la transparencia y la rendición de cuentas",
            "Transparenz und Rechenschaftspflicht stärken",
        ),
    },
    "HinderingFactor": {
        "risk-aversion": ("Aversión al riesgo", "Risikoscheu"),
        "lack-of-financial-incentives": (
            "Falta de incentivos financieros",
            "Fehlende finanzielle Anreize",
        ),
        "insufficient-public-capacity": (
            "Capacidad insuficiente del sector público",
            "Unzureichende Kapazitäten des öffentlichen Sektors",
        ),
        "insufficient-citizen-capacity": (
            "Capacidad insuficiente de la ciudadanía y las organizaciones",
            "Unzureichende Kapazitäten von Bürgern und Organisationen",
        ),
        "professional-resistance": (
            "Resistencia de los profesionales",
            "Widerstand der Fachkräfte",
        ),
        "legal-barriers": (
            "Barreras jurídicas o normativas",
            "Rechtliche oder regulatorische Hindernisse",
        ),
    },
    "EnhancingFactor": {
        "political-commitment": (
            "Compromiso político al más alto nivel",
            "Politisches Engagement auf höchster Ebene",
        ),
        "public-sector-capacity": (
            "Capacidad suficiente del sector público",
            "Ausreichende Kapazitäten des öffentlichen Sektors",
        ),
        "financial-incentives": (
            "Incentivos financieros coherentes",
            "Abgestimmte finanzielle Anreize",
        ),
        "citizen-capacity": (
            "Capacidad de la ciudadanía y las organizaciones",
            "Kapazitäten von Bürgern und Organisationen",
        ),
        "professional-support": ("Apoyo de los profesionales", "Unterstützung durch Fachkräfte"),
        "ict-tools": ("Herramientas TIC", "IKT-Werkzeuge"),
    },
}


def seed(apps, schema_editor):
    for model, names in TERMS.items():
        Model = apps.get_model("coproduction", model)
        for slug, (name_es, name_de) in names.items():
            Model.objects.filter(slug=slug).update(name_es=name_es, name_de=name_de)


class Migration(migrations.Migration):
    dependencies = [
        ("coproduction", "0003_vocabularies_fr"),
    ]

    operations = [
        migrations.AddField(
            model_name="enhancingfactor",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="enhancingfactor",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="enhancingfactor",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="enhancingfactor",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="hinderingfactor",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="reason",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the Spanish and German names and descriptions of the "
            "reasons, hindering and enhancing factors; applying it again re-seeds the names "
            "over the editors' changes."
        ),
    ]
