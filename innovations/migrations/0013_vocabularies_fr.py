"""French twins of the vocabularies' texts, and the French texts of the seeded terms.

Sectors take the French names of the COFOG (CFAP, « classification des fonctions des
administrations publiques »). A term an editor renamed keeps its French text empty
until an editor fills it in; pages then show the English.
"""

from django.db import migrations, models

from opsi.irreversible import RefuseReverse

SECTORS = {
    "general-public-services": (
        "Services généraux des administrations publiques",
        "Organes exécutifs et législatifs, affaires financières et fiscales, affaires "
        "étrangères, services généraux et administration publique.",
    ),
    "defence": ("Défense", "Défense militaire et civile, aide militaire à l’étranger."),
    "public-order-and-safety": (
        "Ordre et sécurité publics",
        "Police, services de protection contre l’incendie, tribunaux et prisons.",
    ),
    "economic-affairs": (
        "Affaires économiques",
        "Commerce, travail, agriculture, combustibles et énergie, transports, "
        "communications et industrie.",
    ),
    "environmental-protection": (
        "Protection de l’environnement",
        "Gestion des déchets et des eaux usées, lutte contre la pollution, préservation de "
        "la biodiversité et protection des paysages.",
    ),
    "housing-and-community-amenities": (
        "Logements et équipements collectifs",
        "Logement et aménagement du territoire, alimentation en eau et éclairage public.",
    ),
    "health": (
        "Santé",
        "Produits médicaux, soins ambulatoires et hospitaliers, services de santé publique.",
    ),
    "recreation-culture-and-religion": (
        "Loisirs, culture et culte",
        "Services récréatifs et sportifs, services culturels, radiodiffusion, télévision et "
        "édition.",
    ),
    "education": (
        "Enseignement",
        "De l’enseignement préélémentaire à l’enseignement supérieur, et services annexes "
        "à l’enseignement.",
    ),
    "social-protection": (
        "Protection sociale",
        "Maladie, invalidité, vieillesse, famille et enfants, chômage, aide au logement et "
        "lutte contre l’exclusion sociale.",
    ),
}

# name, in the 1990s, today (the description is the "today" text, as in English).
APPROACHES = {
    "service-integration": (
        "Intégration des services",
        "Assouplissement général du contrôle central ; intégration horizontale limitée ; "
        "réforme de la réglementation.",
        "Services intégrés : un accès par plusieurs canaux à un ensemble de services publics "
        "et privés, par l’intermédiaire d’agences.",
    ),
    "support-service-sharing": (
        "Mutualisation des fonctions support",
        "",
        "Normes fixées au niveau central et mutualisation des services.",
    ),
    "user-tailoring": (
        "Services adaptés aux usagers",
        "Adaptation ponctuelle des services à certains types de publics.",
        "Services et organisation du travail adaptés aux modes de vie et aux comportements "
        "des citoyens et des agents.",
    ),
    "participatory-design": (
        "Conception et développement participatifs",
        "Quelques dispositifs de retour des usagers, mesure de la satisfaction.",
        "Participation directe des usagers à la conception et au développement des services, "
        "souvent au moyen des outils du web 2.0.",
    ),
    "competition": (
        "Mise en concurrence",
        "Rôle important de la concurrence pour élargir le choix des usagers, lier les "
        "paiements aux résultats, s’associer au secteur privé et comparer les performances.",
        "Accent mis sur le choix de l’usager, la participation du secteur privé et la "
        "rémunération liée aux résultats. Transparence accrue pour comparer les performances.",
    ),
    "decentralising-responsibilities": (
        "Décentralisation des responsabilités",
        "Transfert des responsabilités financières et de gestion aux collectivités locales ; "
        "réorganisation des agences.",
        "Poursuite, dans une certaine mesure, de la décentralisation vers l’échelon local.",
    ),
}

# name, role (the description is the role, as in English).
FACTORS = {
    "user-involvement": (
        "Participation des usagers",
        "Associer les usagers permet de comprendre leurs besoins réels et de rendre l’action "
        "plus utile et plus efficace.",
    ),
    "partnerships": (
        "Partenariats",
        "Les partenariats entre secteurs public, privé et associatif apportent des "
        "compétences, des moyens et des réseaux supplémentaires.",
    ),
    "prototyping-and-piloting": (
        "Prototypage et expérimentation",
        "Tester une nouvelle approche réduit les risques et améliore le service avant sa "
        "généralisation.",
    ),
    "online-technologies": (
        "Outils numériques",
        "Les outils en ligne transforment la manière de rendre les services et le "
        "fonctionnement de l’administration.",
    ),
    "resource-flexibility": (
        "Souplesse des moyens",
        "Les moyens peuvent être réaffectés rapidement là où ils sont le plus nécessaires.",
    ),
    "high-level-commitment": (
        "Engagement au plus haut niveau",
        "Un engagement au plus haut niveau peut donner l’impulsion nécessaire pour mener le "
        "changement à bien.",
    ),
}


def seed(apps, schema_editor):
    Sector = apps.get_model("innovations", "Sector")
    Approach = apps.get_model("innovations", "Approach")
    EnablingFactor = apps.get_model("innovations", "EnablingFactor")
    for slug, (name, description) in SECTORS.items():
        Sector.objects.filter(slug=slug).update(name_fr=name, description_fr=description)
    for slug, (name, in_1990s, today) in APPROACHES.items():
        Approach.objects.filter(slug=slug).update(
            name_fr=name, description_fr=today, in_1990s_fr=in_1990s, today_fr=today
        )
    for slug, (name, role) in FACTORS.items():
        EnablingFactor.objects.filter(slug=slug).update(
            name_fr=name, description_fr=role, role_fr=role
        )


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0012_collections"),
    ]

    operations = [
        migrations.AddField(
            model_name="approach",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="in_1990s_fr",
            field=models.TextField(blank=True, verbose_name="in the 1990s (French)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="today_fr",
            field=models.TextField(blank=True, verbose_name="today (French)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="role_fr",
            field=models.TextField(blank=True, verbose_name="role (French)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="description_fr",
            field=models.TextField(blank=True, verbose_name="description (French)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="name_fr",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (French)"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the French names and texts of the sectors, approaches and "
            "enabling factors; applying it again re-seeds them over the editors' changes."
        ),
    ]
