"""Spanish and German twins of the vocabularies' texts, and the texts of the seeded terms.

Sectors take the official Spanish and German names of the COFOG (the UN's Classification
of the Functions of Government: "Clasificación de las funciones del gobierno", and the
"Klassifikation der Ausgaben des Staates nach Aufgabenbereichen" as Eurostat translates
it). A term an editor renamed keeps its texts empty until an editor fills them in; pages
then show the English.
"""

from django.db import migrations, models

from opsi.irreversible import RefuseReverse

# slug: {language: (name, description)}
SECTORS = {
    "general-public-services": {
        "es": (
            "Servicios públicos generales",
            "Órganos ejecutivos y legislativos, asuntos financieros y fiscales, asuntos "
            "exteriores, servicios generales y administración pública.",
        ),
        "de": (
            "Allgemeine öffentliche Verwaltung",
            "Exekutiv- und Legislativorgane, Finanz- und Steuerwesen, auswärtige "
            "Angelegenheiten, allgemeine Dienste und öffentliche Verwaltung.",
        ),
    },
    "defence": {
        "es": ("Defensa", "Defensa militar y civil, y ayuda militar al exterior."),
        "de": (
            "Verteidigung",
            "Militärische und zivile Verteidigung, Militärhilfe für das Ausland.",
        ),
    },
    "public-order-and-safety": {
        "es": (
            "Orden público y seguridad",
            "Servicios de policía, servicios de protección contra incendios, tribunales de "
            "justicia y prisiones.",
        ),
        "de": (
            "Öffentliche Ordnung und Sicherheit",
            "Polizei, Brandschutz, Gerichte und Justizvollzug.",
        ),
    },
    "economic-affairs": {
        "es": (
            "Asuntos económicos",
            "Comercio, trabajo, agricultura, combustibles y energía, transporte, "
            "comunicaciones e industria.",
        ),
        "de": (
            "Wirtschaftliche Angelegenheiten",
            "Handel, Arbeit, Landwirtschaft, Brennstoffe und Energie, Verkehr, "
            "Nachrichtenübermittlung und Industrie.",
        ),
    },
    "environmental-protection": {
        "es": (
            "Protección del medio ambiente",
            "Gestión de desechos y de aguas residuales, reducción de la contaminación, "
            "protección de la diversidad biológica y del paisaje.",
        ),
        "de": (
            "Umweltschutz",
            "Abfall- und Abwasserwirtschaft, Beseitigung von Umweltverunreinigungen, Schutz "
            "der Biodiversität und der Landschaft.",
        ),
    },
    "housing-and-community-amenities": {
        "es": (
            "Vivienda y servicios comunitarios",
            "Urbanización y desarrollo comunitario, abastecimiento de agua y alumbrado público.",
        ),
        "de": (
            "Wohnungswesen und kommunale Einrichtungen",
            "Wohnungswesen und Raumordnung, Wasserversorgung und Straßenbeleuchtung.",
        ),
    },
    "health": {
        "es": (
            "Salud",
            "Productos médicos, servicios para pacientes externos y hospitalarios, y "
            "servicios de salud pública.",
        ),
        "de": (
            "Gesundheitswesen",
            "Medizinische Erzeugnisse, ambulante und stationäre Behandlung, öffentlicher "
            "Gesundheitsdienst.",
        ),
    },
    "recreation-culture-and-religion": {
        "es": (
            "Actividades recreativas, cultura y religión",
            "Servicios recreativos y deportivos, servicios culturales, servicios de "
            "radio, televisión y servicios editoriales.",
        ),
        "de": (
            "Freizeitgestaltung, Sport, Kultur und Religion",
            "Freizeit- und Sportdienste, kulturelle Dienste, Rundfunk- und Verlagswesen.",
        ),
    },
    "education": {
        "es": (
            "Educación",
            "De la enseñanza preescolar a la enseñanza terciaria, y servicios auxiliares "
            "de la educación.",
        ),
        "de": (
            "Bildungswesen",
            "Vom Elementarbereich bis zum Tertiärbereich, und Hilfsdienste für das Bildungswesen.",
        ),
    },
    "social-protection": {
        "es": (
            "Protección social",
            "Enfermedad, discapacidad, edad avanzada, familia e hijos, desempleo, vivienda "
            "y exclusión social.",
        ),
        "de": (
            "Soziale Sicherung",
            "Krankheit, Erwerbsunfähigkeit, Alter, Familie und Kinder, Arbeitslosigkeit, "
            "Wohnen und soziale Ausgrenzung.",
        ),
    },
}

# slug: {language: (name, in the 1990s, today)} (the description is the "today" text).
APPROACHES = {
    "service-integration": {
        "es": (
            "Integración de servicios",
            "Flexibilización general del control central; integración horizontal "
            "limitada; reforma regulatoria.",
            "Servicios integrados, con acceso por múltiples canales a un conjunto de "
            "servicios públicos y privados a través de organismos.",
        ),
        "de": (
            "Integration von Dienstleistungen",
            "Allgemeine Lockerung der zentralen Steuerung; begrenzte horizontale "
            "Integration; Regulierungsreform.",
            "Integrierte Dienstleistungen mit Zugang über mehrere Kanäle zu einer Reihe "
            "öffentlicher und privater Dienste über Behörden.",
        ),
    },
    "support-service-sharing": {
        "es": (
            "Servicios de apoyo compartidos",
            "",
            "Normas fijadas de forma centralizada y servicios compartidos.",
        ),
        "de": (
            "Gemeinsame Nutzung von Unterstützungsdiensten",
            "",
            "Zentral festgelegte Standards und gemeinsam genutzte Dienste.",
        ),
    },
    "user-tailoring": {
        "es": (
            "Servicios adaptados a los usuarios",
            "Cierta adaptación de los servicios a determinados grupos de usuarios.",
            "Servicios y lugares de trabajo adaptados a los estilos de vida y los "
            "comportamientos de la ciudadanía y del personal.",
        ),
        "de": (
            "Nutzerorientierte Anpassung",
            "Vereinzelte Anpassung von Diensten an bestimmte Nutzergruppen.",
            "Dienste und Arbeitsplätze, die auf die Lebensweisen und Gewohnheiten der "
            "Bürgerinnen und Bürger sowie der Beschäftigten zugeschnitten sind.",
        ),
    },
    "participatory-design": {
        "es": (
            "Diseño y desarrollo participativos",
            "Algunos mecanismos de retroalimentación y medición de la satisfacción con el "
            "servicio.",
            "Participación directa de las personas usuarias en el diseño y el desarrollo "
            "de los servicios, a menudo con herramientas de la web 2.0.",
        ),
        "de": (
            "Partizipative Gestaltung und Entwicklung",
            "Einige Feedbackmechanismen, Messung der Zufriedenheit mit den Diensten.",
            "Direkte Beteiligung der Nutzerinnen und Nutzer an Gestaltung und Entwicklung "
            "der Dienste, oft mit Web-2.0-Technologien.",
        ),
    },
    "competition": {
        "es": (
            "Competencia",
            "Papel importante de la competencia para ampliar la elección de las personas "
            "usuarias, vincular los pagos a los resultados, asociarse con el sector privado "
            "y comparar el desempeño.",
            "Énfasis en la elección de las personas usuarias, la participación del sector "
            "privado y los pagos vinculados a los resultados. Mayor transparencia para "
            "comparar el desempeño.",
        ),
        "de": (
            "Wettbewerb",
            "Wichtige Rolle des Wettbewerbs, um die Wahlfreiheit der Nutzer zu erweitern, "
            "Zahlungen an Leistung zu knüpfen, mit der Privatwirtschaft zusammenzuarbeiten "
            "und Leistungen zu vergleichen.",
            "Schwerpunkt auf Wahlfreiheit der Nutzer, Beteiligung der Privatwirtschaft und "
            "leistungsabhängiger Vergütung. Mehr Transparenz für Leistungsvergleiche.",
        ),
    },
    "decentralising-responsibilities": {
        "es": (
            "Descentralización de responsabilidades",
            "Traspaso de responsabilidades financieras y de gestión a los gobiernos "
            "locales; reorganización de los organismos.",
            "Cierta continuidad de la descentralización hacia el nivel local.",
        ),
        "de": (
            "Dezentralisierung von Zuständigkeiten",
            "Übertragung finanzieller und organisatorischer Verantwortung auf die "
            "Kommunen; Neuordnung der Behörden.",
            "Teilweise fortgesetzte Dezentralisierung auf die kommunale Ebene.",
        ),
    },
}

# slug: {language: (name, role)} (the description is the role).
FACTORS = {
    "user-involvement": {
        "es": (
            "Participación de las personas usuarias",
            "Involucrar a las personas usuarias permite conocer sus necesidades reales y "
            "lograr más impacto y eficacia.",
        ),
        "de": (
            "Einbeziehung der Nutzer",
            "Die Einbeziehung der Endnutzer zeigt ihren tatsächlichen Bedarf und macht "
            "Maßnahmen wirksamer.",
        ),
    },
    "partnerships": {
        "es": (
            "Alianzas",
            "Las alianzas entre los sectores público, privado y comunitario aportan "
            "conocimientos, recursos y redes adicionales.",
        ),
        "de": (
            "Partnerschaften",
            "Partnerschaften zwischen öffentlichem, privatem und gemeinnützigem Sektor "
            "bringen zusätzliches Fachwissen, Ressourcen und Netzwerke.",
        ),
    },
    "prototyping-and-piloting": {
        "es": (
            "Prototipos y pruebas piloto",
            "Probar nuevos enfoques reduce el riesgo y mejora un servicio antes de extenderlo.",
        ),
        "de": (
            "Prototypen und Pilotprojekte",
            "Neue Ansätze zu erproben verringert Risiken und verbessert einen Dienst, bevor "
            "er breiter eingeführt wird.",
        ),
    },
    "online-technologies": {
        "es": (
            "Tecnologías en línea",
            "Las tecnologías en línea cambian la forma de prestar los servicios y de "
            "funcionar de la administración pública.",
        ),
        "de": (
            "Online-Technologien",
            "Online-Technologien verändern, wie Dienste erbracht werden und wie die "
            "öffentliche Verwaltung arbeitet.",
        ),
    },
    "resource-flexibility": {
        "es": (
            "Flexibilidad de los recursos",
            "Los recursos pueden trasladarse con rapidez allí donde más se necesitan.",
        ),
        "de": (
            "Flexible Ressourcen",
            "Ressourcen können rasch dorthin verlagert werden, wo sie am dringendsten "
            "gebraucht werden.",
        ),
    },
    "high-level-commitment": {
        "es": (
            "Compromiso al más alto nivel",
            "El compromiso al más alto nivel puede dar un impulso importante para llevar "
            "adelante el cambio.",
        ),
        "de": (
            "Engagement auf höchster Ebene",
            "Engagement auf höchster Ebene kann einen wichtigen Anstoß geben, um "
            "Veränderungen durchzusetzen.",
        ),
    },
}


def seed(apps, schema_editor):
    Sector = apps.get_model("innovations", "Sector")
    Approach = apps.get_model("innovations", "Approach")
    EnablingFactor = apps.get_model("innovations", "EnablingFactor")
    for slug, texts in SECTORS.items():
        for code, (name, description) in texts.items():
            Sector.objects.filter(slug=slug).update(
                **{f"name_{code}": name, f"description_{code}": description}
            )
    for slug, texts in APPROACHES.items():
        for code, (name, in_1990s, today) in texts.items():
            Approach.objects.filter(slug=slug).update(
                **{
                    f"name_{code}": name,
                    f"description_{code}": today,
                    f"in_1990s_{code}": in_1990s,
                    f"today_{code}": today,
                }
            )
    for slug, texts in FACTORS.items():
        for code, (name, role) in texts.items():
            EnablingFactor.objects.filter(slug=slug).update(
                **{f"name_{code}": name, f"description_{code}": role, f"role_{code}": role}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0023_merged_into"),
    ]

    operations = [
        migrations.AddField(
            model_name="approach",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="in_1990s_de",
            field=models.TextField(blank=True, verbose_name="in the 1990s (German)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="in_1990s_es",
            field=models.TextField(blank=True, verbose_name="in the 1990s (Spanish)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="today_de",
            field=models.TextField(blank=True, verbose_name="today (German)"),
        ),
        migrations.AddField(
            model_name="approach",
            name="today_es",
            field=models.TextField(blank=True, verbose_name="today (Spanish)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="role_de",
            field=models.TextField(blank=True, verbose_name="role (German)"),
        ),
        migrations.AddField(
            model_name="enablingfactor",
            name="role_es",
            field=models.TextField(blank=True, verbose_name="role (Spanish)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description (Spanish)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="name_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="sector",
            name="name_es",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Spanish)"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the Spanish and German names and texts of the sectors, "
            "approaches and enabling factors; applying it again re-seeds them over the "
            "editors' changes."
        ),
    ]
