"""A deterministic synthetic catalogue of N published cases, in SQLite and PostgreSQL.

`ensure(engine, size)` (no Django import) creates the database, migrates it and runs
this file as a Django script (`python bench/generate.py SIZE` with DATABASE_URL set),
which writes the rows with bulk_create / executemany, then rebuilds the full-text
index (bulk writes send no signals) with `manage.py search_index rebuild` (which also
moves the catalogue's generation) and analyses. A database that already holds exactly
SIZE published, indexed cases is kept: migrated, and its index verified if the code
changed (`python bench/generate.py SIZE --reindex` rebuilds it and analyses).
"""

import datetime as dt
import hashlib
import itertools
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    OUT,
    PG_ADMIN,
    PYTHON,
    ROOT,
    SNAPSHOTS,
    django_env,
    log,
    manage,
    pg_name,
    sqlite_path,
)
from bench.datasette import flat_path
from bench.scenarios import QUERY  # two common words, each in ~37% of cases

# --- the words -------------------------------------------------------------------------

COMMON = """
the of and to in a for public service citizens government local data new with by on as
is that from are this services through city people national digital community health
housing education participation open support design users programme project platform
policy social council agency ministry innovation municipal regional care school young
older families employment transport energy climate water waste safety police court
justice tax budget procurement open-source app online portal mobile information evidence
evaluation pilot scale partnership network volunteers neighbourhood residents workers
staff training skills access inclusion equity poverty homelessness refugees migrants
disability children elderly patients hospital clinic prevention wellbeing mental
nutrition food farmers rural urban mobility cycling parking roads permits licences
registration identity records archive library museum culture sport tourism environment
forest river coast air pollution recycling circular procurement contracts suppliers
markets business startups entrepreneurs jobs income benefits pensions welfare savings
costs efficiency quality satisfaction trust transparency accountability integrity
corruption audit feedback survey consultation dialogue deliberation assembly jury
lottery budget co-design prototype experiment laboratory lab team method toolkit
framework standard guidance regulation law reform strategy mission challenge prize fund
grant investment región município santé bürger coopération São Bogotá Zürich éducation
participación gestión innovación société économie naïve café Québec México Málaga Kraków
Tórshavn
""".split()  # noqa: SIM905


def _tail_words(count: int) -> list[str]:
    """Rare made-up words (the long tail of a real vocabulary), always the same ones."""
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "tr", "pl"]
    vowels = ["a", "e", "i", "o", "u", "é", "ü"]
    codas = ["", "n", "r", "s", "l", "nt"]
    syllables = [o + v + c for o, v, c in itertools.product(onsets, vowels, codas)]
    words = (a + b for a, b in itertools.product(syllables, syllables))
    return list(itertools.islice(words, count))


WORDS = COMMON + _tail_words(4000)
# Zipf-like frequencies: the word at rank n (from 0) has weight 1/(n+2).
CUM_WEIGHTS = list(itertools.accumulate(1 / (n + 2) for n in range(len(WORDS))))
assert all(w in COMMON for w in QUERY)

COUNTRIES = (  # noqa: SIM905
    "FR DE GB US CA AU NZ BR MX CO CL AR PE ES PT IT NL BE DK SE "
    "NO FI EE LT LV PL CZ AT CH IE GR TR IL JP KR SG IN ZA KE RW"
).split()
COUNTRY_WEIGHTS = [1 / (n + 5) for n in range(len(COUNTRIES))]
# Words per text: summary, description, and each of innovative / results / challenges.
# Above 100,000 cases the description and the three parts are a quarter as long, so that
# 1,000,000 cases generate and index in minutes, not hours (the words are drawn alike).
TEXT_WORDS = {"summary": (45, 75), "description": (300, 500), "part": (20, 40)}
SHORT_TEXT_WORDS = {"summary": (45, 75), "description": (75, 125), "part": (5, 10)}
SHORT_TEXTS_ABOVE = 100_000
LEVELS = ["national", "regional", "local", "supranational"]
STATUSES = ["planned", "pilot", "implemented", "scaled", "discontinued"]
CHUNK = 5000


def words(rng: random.Random, n: int) -> list[str]:
    return rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=n)


def sentences(rng: random.Random, n: int) -> str:
    """About n words in sentences of 8 to 20 words; a paragraph break now and then."""
    out, left = [], n
    while left > 0:
        k = min(left, rng.randint(8, 20))
        w = words(rng, k)
        out.append(w[0].capitalize() + " " + " ".join(w[1:]) + ".")
        left -= k
        if rng.random() < 0.12:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n")


# --- writing (inside Django) -----------------------------------------------------------


def load(size: int) -> None:
    import django

    django.setup()
    from innovations.services.guard import writing

    with writing("bench: a synthetic catalogue written in bulk, then indexed"):
        _load(size)


def _load(size: int) -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils.text import slugify

    from coproduction.models import (
        DIMENSIONS,
        CoproductionProfile,
        EnhancingFactor,
        HinderingFactor,
        Reason,
    )
    from innovations.models import (
        Approach,
        EnablingFactor,
        Innovation,
        InnovationCountry,
        Sector,
    )

    rng = random.Random(size)
    lengths = TEXT_WORDS if size <= SHORT_TEXTS_ABOVE else SHORT_TEXT_WORDS
    if connection.vendor == "sqlite":  # a throw-away database: no fsync, a big cache
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")
    started = time.monotonic()
    vocabularies = [
        (
            Innovation.sectors.through,
            "sector_id",
            list(Sector.objects.values_list("pk", flat=True)),
        ),
        (
            Innovation.approaches.through,
            "approach_id",
            list(Approach.objects.values_list("pk", flat=True)),
        ),
        (
            Innovation.enabling_factors.through,
            "enablingfactor_id",
            list(EnablingFactor.objects.values_list("pk", flat=True)),
        ),
    ]
    terms = [
        (
            CoproductionProfile.reasons.through,
            "reason_id",
            list(Reason.objects.values_list("pk", flat=True)),
        ),
        (
            CoproductionProfile.hindering_factors.through,
            "hinderingfactor_id",
            list(HinderingFactor.objects.values_list("pk", flat=True)),
        ),
        (
            CoproductionProfile.enhancing_factors.through,
            "enhancingfactor_id",
            list(EnhancingFactor.objects.values_list("pk", flat=True)),
        ),
    ]
    newest = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    profile_id = 0

    for start in range(0, size, CHUNK):
        cases, links, countries, profiles, profile_links = [], [], [], [], []
        for pk in range(start + 1, min(start + CHUNK, size) + 1):
            title_words = words(rng, rng.randint(6, 10))
            title = " ".join(title_words).capitalize()
            published = newest - dt.timedelta(minutes=7 * pk + rng.randint(0, 6))
            cases.append(
                Innovation(
                    pk=pk,
                    title=title,
                    slug=f"{slugify(title)[:80]}-{pk}",
                    summary=sentences(rng, rng.randint(*lengths["summary"])),
                    description=sentences(rng, rng.randint(*lengths["description"])),
                    innovative=sentences(rng, rng.randint(*lengths["part"])),
                    results=sentences(rng, rng.randint(*lengths["part"])),
                    challenges=sentences(rng, rng.randint(*lengths["part"])),
                    source_url=f"https://example.org/cases/{pk}",
                    website_url=f"https://service-{pk}.example.gov" if rng.random() < 0.5 else "",
                    level=rng.choice(LEVELS),
                    lead_organisation=f"Ministry of {' '.join(words(rng, 2)).title()}",
                    partners=", ".join(w.title() for w in words(rng, rng.randint(0, 4))),
                    year_launched=rng.randint(1990, 2025),
                    status=rng.choice(STATUSES),
                    language="en",
                    state=Innovation.State.PUBLISHED,
                    featured=pk <= 12,
                    featured_order=pk if pk <= 12 else None,
                    created_at=published - dt.timedelta(days=rng.randint(1, 60)),
                    submitted_at=published - dt.timedelta(days=1),
                    published_at=published,
                    contributor_name="Bench Contributor",
                    contributor_email=f"contributor{pk}@example.org",
                    licence_consent=True,
                    status_key=f"{rng.getrandbits(128):032x}",
                )
            )
            for through, column, pks in vocabularies:
                for tag in rng.sample(pks, rng.randint(1, 3)):
                    links.append((through, column, pk, tag))
            codes = {
                rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0]
                for _ in range(rng.choice([1, 1, 1, 1, 2]))
            }
            countries += [
                InnovationCountry(innovation_id=pk, country=code) for code in sorted(codes)
            ]
            if rng.random() < 0.3:
                profile_id += 1
                profile = CoproductionProfile(pk=profile_id, innovation_id=pk)
                for dimension in DIMENSIONS:
                    values = dimension.choices.values
                    if dimension.multiple:
                        profile.set_values(dimension, [v for v in values if rng.random() < 0.4])
                    else:
                        profile.set_values(dimension, [rng.choice([*values, ""])])
                profile.impact_evidence = sentences(rng, 25)
                profiles.append(profile)
                for through, column, pks in terms:
                    for term in rng.sample(pks, rng.randint(0, 3)):
                        profile_links.append((through, column, profile_id, term))

        with transaction.atomic(), connection.cursor() as cursor:
            Innovation.objects.bulk_create(cases, batch_size=1000)
            InnovationCountry.objects.bulk_create(countries, batch_size=5000)
            CoproductionProfile.objects.bulk_create(profiles, batch_size=2000)
            for rows, owner in (
                (links, "innovation_id"),
                (profile_links, "coproductionprofile_id"),
            ):
                by_table: dict = {}
                for through, column, a, b in rows:
                    by_table.setdefault((through._meta.db_table, column), []).append((a, b))
                for (table, column), values in by_table.items():
                    cursor.executemany(
                        f"INSERT INTO {table} ({owner}, {column}) VALUES (%s, %s)", values
                    )
        log(f"  {min(start + CHUNK, size):>7} cases written ({time.monotonic() - started:.0f} s)")

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Innovation, InnovationCountry, CoproductionProfile]
        ):
            cursor.execute(sql)
    reindex(started)


def reindex(started: float) -> None:
    """Rebuild the full-text index with `manage.py search_index rebuild` where it exists
    (it also makes every worker rebuild its facet index; before it did, the same by
    hand), then analyse."""
    from django.core.management import call_command, get_commands
    from django.db import connection

    if "search_index" in get_commands():
        call_command("search_index", "rebuild", "--quiet", stdout=sys.stderr)
    else:
        from innovations import search
        from innovations.models import CatalogueRevision

        search.rebuild()
        CatalogueRevision.bump()
    log(f"  index rebuilt ({time.monotonic() - started:.0f} s)")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("VACUUM ANALYZE")
    log(f"  analysed ({time.monotonic() - started:.0f} s)")


# --- creating and caching (outside Django) ---------------------------------------------


def _count(engine: str, size: int) -> tuple[int, int]:
    """(published cases, indexed cases) in the bench database, or (-1, -1)."""
    sql = (
        "SELECT (SELECT count(*) FROM innovations_innovation WHERE state = 'published'), "
        "(SELECT count(DISTINCT case_id) FROM innovations_searchterm)"
    )
    try:
        if engine == "sqlite":
            path = sqlite_path(size)
            if not path.exists():
                return -1, -1
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                return db.execute(sql).fetchone()
        import psycopg

        with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + pg_name(size)) as db:
            return db.execute(sql).fetchone()
    except Exception:
        return -1, -1


def code_stamp() -> str:
    """A fingerprint of the apps' code: the index a database holds was written by it."""
    files = sorted(p for app in ("innovations", "coproduction") for p in (ROOT / app).rglob("*.py"))
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:16]


def stamp_path(engine: str, size: int) -> Path:
    return OUT / f"{engine}-{size}.indexed-by"


def ensure(engine: str, size: int, regenerate: bool = False) -> None:
    """Generate the database, or reuse it: migrated, and (if the apps' code has changed
    since its index was last written or verified) `search_index verify`, rebuilding the
    index if it is not what the code would write now (then the Datasette export goes)."""
    stamp, stamped = code_stamp(), stamp_path(engine, size)
    if not regenerate and _count(engine, size) == (size, size):
        log(f"{engine} {size}: cached")
        manage(engine, size, "migrate", "--noinput", "-v0")
        if stamped.exists() and stamped.read_text() == stamp:
            return
        log(f"{engine} {size}: the code changed; verifying the full-text index")
        command = [PYTHON, str(ROOT / "manage.py"), "search_index", "verify", "--quiet"]
        verify = subprocess.run(
            command, cwd=ROOT, env=django_env(engine, size), stdout=subprocess.PIPE
        )
        if verify.returncode:
            log(f"{engine} {size}: index out of date; rebuilding it")
            shutil.rmtree(SNAPSHOTS, ignore_errors=True)
            if engine == "sqlite":
                flat_path(size).unlink(missing_ok=True)
            script = [PYTHON, __file__, str(size), "--reindex"]
            subprocess.run(script, cwd=ROOT, env=django_env(engine, size), check=True)
        stamped.write_text(stamp)
        return
    log(f"{engine} {size}: generating")
    shutil.rmtree(SNAPSHOTS, ignore_errors=True)
    if engine == "sqlite":
        path = sqlite_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        flat_path(size).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {pg_name(size)} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {pg_name(size)}")
    manage(engine, size, "migrate", "--noinput", "-v0")
    subprocess.run(
        [PYTHON, __file__, str(size)], cwd=ROOT, env=django_env(engine, size), check=True
    )
    assert _count(engine, size) == (size, size), _count(engine, size)
    stamped.write_text(stamp)


if __name__ == "__main__":
    if sys.argv[2:] == ["--reindex"]:
        __import__("django").setup()
        reindex(time.monotonic())
    else:
        load(int(sys.argv[1]))
