"""Citations of published cases for reference managers: BibTeX, RIS and CSL-JSON.

One `Reference` per case holds what a citation says (the same facts as the case page's
"How to cite": the lead organisation as a corporate author, or the catalogue's
contributors; the year and date it was published in the catalogue; the title; the
catalogue; the page's address and the day it was read). Each format writes a list of
them, so a case, a search or a shortlist is cited the same way.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .models import Innovation

# Each format's extension and content type.
FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


@dataclass
class Reference:
    key: str
    author: str
    title: str
    published: date
    url: str
    accessed: date
    publisher: str
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)


def reference(case: Innovation, url: str, accessed: date) -> Reference:
    """What a citation of this case says; `url` is its page's absolute address."""
    published = (case.published_at or case.updated_at).date()
    keywords = [t.label for t in [*case.sectors.all(), *case.approaches.all()]]
    keywords += [t.label for t in case.enabling_factors.all()]
    return Reference(
        key=case.slug or f"case-{case.pk}",
        author=case.lead_organisation or _("OPSI catalogue contributors"),
        title=case.title,
        published=published,
        url=url,
        accessed=accessed,
        publisher=_("OPSI catalogue"),
        abstract=case.summary,
        keywords=keywords,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# BibTeX: characters that LaTeX would read as commands, and braces, which must balance.
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX))


def _tex(text: str) -> str:
    return _TEX_RE.sub(lambda m: _TEX[m.group()], _one_line(text))


def _bib_url(url: str) -> str:
    # An address with a brace, a space or a percent sign would break the entry.
    return re.sub(r"[{}\s%\\]", lambda m: f"%{ord(m.group()):02X}", url)


def bibtex(references: list[Reference]) -> str:
    """`@misc` entries (BibTeX and biblatex read them; Zotero takes `urldate` as the
    date accessed). The author is braced twice: an organisation, not a person's name."""
    entries = []
    for ref in references:
        fields = [
            ("author", f"{{{_tex(ref.author)}}}"),
            ("title", f"{{{_tex(ref.title)}}}"),
            ("howpublished", _tex(ref.publisher)),
            ("publisher", _tex(ref.publisher)),
            ("year", str(ref.published.year)),
            ("date", ref.published.isoformat()),
            ("url", _bib_url(ref.url)),
            ("urldate", ref.accessed.isoformat()),
            ("abstract", _tex(ref.abstract)),
            ("keywords", _tex(", ".join(ref.keywords))),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{ref.key},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(references: list[Reference]) -> str:
    """RIS records of type ELEC (a web page), with CRLF line ends as the format asks."""
    lines = []
    for ref in references:
        record = [
            ("TY", "ELEC"),
            ("AU", ref.author),
            ("TI", ref.title),
            ("T2", ref.publisher),
            ("PB", ref.publisher),
            ("PY", str(ref.published.year)),
            ("DA", ref.published.strftime("%Y/%m/%d")),
            ("Y2", ref.accessed.strftime("%Y/%m/%d")),
            ("UR", ref.url),
            ("AB", ref.abstract),
            *(("KW", keyword) for keyword in ref.keywords),
            ("ID", ref.key),
        ]
        lines += [f"{tag}  - {_one_line(value)}" for tag, value in record if value]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines)


def _date_parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(references: list[Reference]) -> str:
    """A CSL-JSON array of `webpage` items (Zotero, Mendeley and citeproc read it)."""
    items = [
        {
            "id": ref.key,
            "type": "webpage",
            "title": ref.title,
            "author": [{"literal": ref.author}],
            "container-title": ref.publisher,
            "publisher": ref.publisher,
            "issued": _date_parts(ref.published),
            "accessed": _date_parts(ref.accessed),
            "URL": ref.url,
            "abstract": ref.abstract,
            "keyword": ", ".join(ref.keywords),
        }
        for ref in references
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": bibtex, "ris": ris, "json": csl_json}


def highwire(ref: Reference) -> list[tuple[str, str]]:
    """The Highwire Press `citation_*` meta tags (and their Dublin Core twins) that
    Zotero's connector and Google Scholar read from a page."""
    published = ref.published.strftime("%Y/%m/%d")
    tags = [
        ("citation_title", ref.title),
        ("citation_author", ref.author),
        ("citation_publication_date", published),
        ("citation_date", published),
        ("citation_publisher", ref.publisher),
        ("citation_public_url", ref.url),
        ("citation_abstract", _one_line(ref.abstract)),
        ("citation_keywords", "; ".join(ref.keywords)),
        ("DC.title", ref.title),
        ("DC.creator", ref.author),
        ("DC.date", ref.published.isoformat()),
        ("DC.publisher", ref.publisher),
        ("DC.type", "Text"),
        ("DC.identifier", ref.url),
    ]
    return [(name, value) for name, value in tags if value]
