"""Seed the three vocabularies, so every database (test databases too) has them."""

from django.db import migrations

from opsi.irreversible import RefuseReverse

SECTORS = [
    ("01", "general-public-services", "General public services",
     "Executive and legislative organs, financial and fiscal affairs, external affairs, "
     "general services and public administration."),
    ("02", "defence", "Defence", "Military and civil defence, and foreign military aid."),
    ("03", "public-order-and-safety", "Public order and safety",
     "Police, fire protection, law courts and prisons."),
    ("04", "economic-affairs", "Economic affairs",
     "Commerce, labour, agriculture, fuel and energy, transport, communication and industry."),
    ("05", "environmental-protection", "Environmental protection",
     "Waste and waste water management, pollution abatement, biodiversity and landscape."),
    ("06", "housing-and-community-amenities", "Housing and community amenities",
     "Housing and community development, water supply and street lighting."),
    ("07", "health", "Health",
     "Medical products, outpatient and hospital services, and public health services."),
    ("08", "recreation-culture-and-religion", "Recreation, culture and religion",
     "Recreational and sporting services, cultural services, broadcasting and publishing."),
    ("09", "education", "Education",
     "Pre-primary to tertiary education, and services subsidiary to education."),
    ("10", "social-protection", "Social protection",
     "Sickness, disability, old age, family and children, unemployment, housing support "
     "and social exclusion."),
]

# The six approaches of the OECD slides, with their "1990s" and "today" columns.
APPROACHES = [
    ("service-integration", "Service integration",
     "General loosening of central control; limited horizontal integration; regulatory reform.",
     "Integrated services, with multi-channel access to a range of public and private "
     "services through agencies."),
    ("support-service-sharing", "Support service sharing", "",
     "Centralised standard setting and service sharing."),
    ("user-tailoring", "User tailoring",
     "Some use of tailoring services to specific types of user groups.",
     "Tailoring of services and workplace to match citizens' and employees' lifestyles and "
     "behaviours."),
    ("participatory-design", "Participatory design and development",
     "Some use of feedback mechanisms, measurement of service satisfaction.",
     "Direct involvement of service users in the design and development, often using web 2.0 "
     "technologies."),
    ("competition", "Competition",
     "Important role of competition to enhance user choice, link payments to performance, "
     "partnering with private sector and benchmarking.",
     "Focus on user choice, private sector involvement and performance-linked payment. "
     "Increased role of transparency for comparing performance."),
    ("decentralising-responsibilities", "Decentralising responsibilities",
     "Devolution of financial and management responsibilities to local government; "
     "redesign of agencies.",
     "Some continuation of decentralisation to the local level."),
]

# The six enabling factors of the OECD slides, with their role and prevalence (1-3 stars).
FACTORS = [
    ("user-involvement", "User involvement",
     "Involving end users provides insight on genuine user need to drive impact and "
     "effectiveness.", 2),
    ("partnerships", "Partnerships",
     "Partnerships across the public, private and community sectors can provide additional "
     "expertise, resources and networks.", 3),
    ("prototyping-and-piloting", "Prototyping and piloting",
     "Trialling new approaches can reduce risk and improve a service before it is implemented "
     "more widely.", 2),
    ("online-technologies", "Online technologies",
     "Online technologies change how services are delivered and how the public administration "
     "works.", 2),
    ("resource-flexibility", "Resource flexibility",
     "Resources can move rapidly to where they are most needed.", 2),
    ("high-level-commitment", "High-level commitment",
     "High-level commitment can provide an important impetus to push change through.", 1),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("innovations", "Sector")
    Approach = apps.get_model("innovations", "Approach")
    EnablingFactor = apps.get_model("innovations", "EnablingFactor")
    for order, (code, slug, name, description) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "cofog_code": code, "order": order},
        )
    for order, (slug, name, in_1990s, today) in enumerate(APPROACHES, start=1):
        Approach.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": today, "in_1990s": in_1990s, "today": today,
                      "order": order},
        )
    for order, (slug, name, role, prevalence) in enumerate(FACTORS, start=1):
        EnablingFactor.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": role, "role": role, "prevalence": prevalence,
                      "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it deletes nothing, but applying it again re-seeds the sectors, approaches and enabling factors over the editors' changes (names, descriptions, order) and brings back removed terms."
        ),
    ]
