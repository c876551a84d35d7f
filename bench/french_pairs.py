"""French queries beside their English equivalents: how much of the English query's top 10
the French one finds, on the judged catalogue (README, "Search and facets").

    DATABASE_URL=sqlite:///var/judged.sqlite3 .venv/bin/python bench/french_pairs.py

None of these queries is in the relevance set's dev queries. Prints each pair's share of
the English top 10 found by the French query (lowest first) and the mean.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsi.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")

import django

django.setup()

from innovations import search  # noqa: E402

PAIRS = """santé mentale=mental health
logement social=social housing
identité numérique=digital identity
données ouvertes=open data
intelligence artificielle=artificial intelligence
budget participatif=participatory budgeting
emploi des jeunes=youth employment
personnes âgées=older people
eau potable=drinking water
énergie renouvelable=renewable energy
changement climatique=climate change
qualité de l'air=air quality
agriculture durable=sustainable agriculture
impôts=taxes
marchés publics=public procurement
participation citoyenne=citizen participation
violence domestique=domestic violence
handicap=disability
sans-abri=homelessness
pauvreté=poverty
chômage=unemployment
réfugiés=refugees
inondations=floods
incendies de forêt=wildfires
télémédecine=telemedicine
dossier médical=medical records
guichet unique=one-stop shop
gouvernement ouvert=open government
mobilité urbaine=urban mobility
ville intelligente=smart city
recyclage=recycling
biodiversité=biodiversity
bibliothèques=libraries
jeunesse=youth
décrochage scolaire=school dropout
maladies chroniques=chronic diseases
protection des données=data protection
vote électronique=electronic voting
consultation publique=public consultation
aide juridique=legal aid
sécurité alimentaire=food security
efficacité énergétique=energy efficiency
urbanisme=urban planning
zones rurales=rural areas
inclusion numérique=digital inclusion
travail social=social work
retraites=pensions
fraude fiscale=tax fraud
lutte contre la corruption=anti-corruption
santé des enfants=child health
soins à domicile=home care
apprentissage automatique=machine learning
tribunaux=courts
état civil=civil registration
permis de conduire=driving licence
recensement=census
espaces verts=green spaces
transport public=public transport
politiques publiques=public policy
démocratie participative=participatory democracy
services publics numériques=digital public services
laboratoire d'innovation=innovation lab
violences faites aux femmes=violence against women
égalité entre les femmes et les hommes=gender equality
éducation des adultes=adult education
prévention de la criminalité=crime prevention
gestion de l'eau=water management
énergie solaire=solar energy
voitures électriques=electric vehicles
assemblée citoyenne=citizens' assembly""".splitlines()


def main() -> None:
    rows = []
    for line in PAIRS:
        french, english = line.split("=")
        found, wanted = search.matches(french), search.matches(english)
        share = len(set(found[:10]) & set(wanted[:10])) / max(1, min(10, len(wanted)))
        rows.append((share, french, english, len(found), len(wanted)))
    for share, french, english, n_french, n_english in sorted(rows):
        print(f"{share:.1f}  {french!r:42} {english!r:30} matches {n_french}/{n_english}")
    print(f"mean share of the English top 10: {sum(r[0] for r in rows) / len(rows):.3f}")


if __name__ == "__main__":
    main()
