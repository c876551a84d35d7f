"""The URL mixes of (d) and (e): distinct pages, each asked for once.

Deterministic from a seed. A search URL has 0-3 filter groups of 1-2 values each, half
of the time a text query of one or two words (each a common or a rare word of
generate.py's vocabulary), a sort ("", newest, year, title) and a page (1-3). Filter
values are those of the generated catalogue: the vocabularies are read from the bench
database, the rest comes from generate.py and the co-production choices.
`datasette_path` maps a search URL to the closest Datasette URL (see bench/README.md).
"""

import math
import random
import sqlite3
from urllib.parse import parse_qs, quote_plus, urlencode, urlsplit

from bench import generate
from bench.common import sqlite_path
from bench.scenarios import project_paths

# The search page's filter groups used in the mixes, in the page's order.
VOCABULARIES = {  # group: its table in the bench database
    "sector": "innovations_sector",
    "approach": "innovations_approach",
    "factor": "innovations_enablingfactor",
}
CHOICES = {
    "country": generate.COUNTRIES,
    "level": generate.LEVELS,
    "status": generate.STATUSES,
    "cp_kind": ["addition", "substitution"],
    "cp_initiative": ["independent", "prompted"],
    "cp_stage": ["planning", "design", "delivery", "evaluation"],
    "cp_impact": ["service_quality", "value_for_money", "outcomes", "innovation", "capacity"],
}
CP_VOCABULARIES = {"cp_reason": "coproduction_reason"}
SORTS = ["", "newest", "year", "title"]
# Common words of four letters or more (no stop words, which the engines treat apart),
# and the made-up long tail (each in 1-7% of cases).
COMMON = sorted({w for w in generate.COMMON if len(w) > 3})
RARE = generate.WORDS[len(generate.COMMON) :]
# Unrelated pages that make both workers build their facet index before a mix starts.
WARM_UP = ["/", "/cases/?year_from=2000"]
# The highest case ids are left to the writer of (e); the mixes' case pages avoid them.
WRITER_CASES = 40


def values(size: int) -> dict[str, list[str]]:
    """Every filter group of the mixes with the values the catalogue has."""
    found: dict[str, list[str]] = {}
    with sqlite3.connect(f"file:{sqlite_path(size)}?mode=ro", uri=True) as db:
        for group, table in {**VOCABULARIES, **CP_VOCABULARIES}.items():
            found[group] = [r[0] for r in db.execute(f"SELECT slug FROM {table} ORDER BY slug")]
    order = [*VOCABULARIES, *CHOICES, *CP_VOCABULARIES]
    return {group: found.get(group) or CHOICES[group] for group in order}


def search_path(rng: random.Random, groups: dict[str, list[str]]) -> str:
    params = []
    if rng.random() < 0.5:
        words = [rng.choice(rng.choice([COMMON, RARE])) for _ in range(rng.randint(1, 2))]
        params.append(("q", " ".join(words)))
    chosen = rng.sample(list(groups), rng.randint(0, 3))
    for group in sorted(chosen, key=list(groups).index):
        params += [(group, v) for v in rng.sample(groups[group], rng.randint(1, 2))]
    sort = rng.choice(SORTS)
    if sort:
        params.append(("sort", sort))
    page = rng.randint(1, 3)
    if page > 1:
        params.append(("page", str(page)))
    return "/cases/" + ("?" + urlencode(params) if params else "")


def searches(size: int, seed: str, count: int) -> list[str]:
    """`count` distinct search URLs, none of them a page measured elsewhere."""
    rng = random.Random(seed)
    groups = values(size)
    seen = set(WARM_UP) | set(project_paths("").values())
    paths: list[str] = []
    while len(paths) < count:
        path = search_path(rng, groups)
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def reads(size: int, seed: str, count: int) -> list[str]:
    """(e)'s reads: 60% distinct searches, 30% case pages, 10% the home page."""
    rng = random.Random(seed)
    kinds = rng.choices(["search", "case", "home"], [6, 3, 1], k=count)
    found = iter(searches(size, seed, kinds.count("search")))
    ids = [rng.randint(13, size - WRITER_CASES) for _ in range(kinds.count("case"))]
    with sqlite3.connect(f"file:{sqlite_path(size)}?mode=ro", uri=True) as db:
        slugs = dict(db.execute("SELECT id, slug FROM innovations_innovation"))
    cases = iter(f"/cases/{slugs[pk]}/" for pk in ids)
    return [next(found) if k == "search" else next(cases) if k == "case" else "/" for k in kinds]


# --- Datasette ---------------------------------------------------------------------------

FACETS = ("sector", "country", "level", "status")  # the export's single-valued columns
ORDER = {  # the project's sort: Datasette's (column, descending); None: by id
    "relevance": None,  # Datasette 0.65 does not rank _search results
    "newest": ("published_at", True),
    "year": ("year_launched", True),
    "title": ("title", False),
}
PAGE_SIZE = 20
_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def tilde_encode(text: str) -> str:
    """Datasette's encoding of a value in a `_next` token."""
    return "".join(chr(b) if b in _SAFE else "+" if b == 32 else f"~{b:02X}" for b in text.encode())


def datasette_path(path: str, db: sqlite3.Connection) -> str:
    """The closest Datasette URL: filters on the columns it has, `_search`, its four
    facets, the sort, and for pages 2-3 the `_next` token of that page (computed here
    from the export, as Datasette pages by keyset, not by number)."""
    params = parse_qs(urlsplit(path).query)
    q = params.get("q", [""])[0]
    out = [("_facet", column) for column in FACETS]
    where, args = [], []
    for column in FACETS:
        chosen = params.get(column, [])
        if chosen:
            name = column if len(chosen) == 1 else f"{column}__in"
            out.append((name, ",".join(chosen)))
            where.append(f"{column} IN ({','.join('?' * len(chosen))})")
            args += chosen
    if q:
        out.append(("_search", q))
        where.append("id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)")
        args.append(" ".join(f'"{w}"' for w in q.split()))  # Datasette's escape_fts
    order = ORDER[params.get("sort", [""])[0] or ("relevance" if q else "newest")]
    if order:
        out.append(("_sort_desc" if order[1] else "_sort", order[0]))
    token = next_token(db, " AND ".join(where) or "1", args, order, int(params.get("page", [1])[0]))
    if token:
        out.append(("_next", token))
    return "/cases/cases?" + "&".join(f"{k}={quote_plus(v)}" for k, v in out)


def next_token(db, where: str, args: list, order, page: int) -> str | None:
    """Datasette's `_next` for this page (the last page if there are fewer, as the
    project shows), or None for the first page."""
    count = db.execute(f"SELECT count(*) FROM cases WHERE {where}", args).fetchone()[0]
    page = min(page, math.ceil(count / PAGE_SIZE))
    if page < 2:
        return None
    column, desc = order or ("id", False)
    row = db.execute(
        f"SELECT {column}, id FROM cases WHERE {where} "
        f"ORDER BY {column} {'DESC' if desc else ''}, id LIMIT 1 OFFSET ?",
        [*args, PAGE_SIZE * (page - 1) - 1],
    ).fetchone()
    if order is None:
        return str(row[1])
    return ("$null" if row[0] is None else tilde_encode(str(row[0]))) + f",{row[1]}"
