"""What the benchmark asks for: the same three pages on every server."""

from urllib.parse import quote_plus

# (a) the search page filtered by one sector and one country (every facet group counted)
SECTOR = "health"
COUNTRY = "FR"
# (b) a full-text query of two common words (facets included)
QUERY = ("transparency", "accountability")
# (c) a case page: the case with this id (its slug is looked up in the database)
CASE_ID = 4242
# (g) the JSON API's list with the filters of (a), facet counts included


def project_paths(case_slug: str) -> dict[str, str]:
    return {
        "a": f"/cases/?sector={SECTOR}&country={COUNTRY}",
        "b": "/cases/?q=" + quote_plus(" ".join(QUERY)),
        "c": f"/cases/{case_slug}/",
        "g": f"/api/v1/cases?sector={SECTOR}&country={COUNTRY}",
        "i": f"/insights/?sector={SECTOR}&country={COUNTRY}",
    }


def datasette_paths() -> dict[str, str]:
    base = "/cases/cases"
    return {
        "a": f"{base}?_facet=sector&_facet=country&sector={SECTOR}&country={COUNTRY}",
        "b": f"{base}?_search=" + quote_plus(" ".join(QUERY)) + "&_facet=sector&_facet=country",
    }


def case_id(size: int) -> int:
    return min(CASE_ID, size // 2)
