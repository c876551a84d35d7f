"""Cases that may be the same initiative as another, and why.

Five signals, each given as the reason: the same source or website address once
normalised (scheme, "www.", letter case, trailing slash, fragment and tracking
parameters do not count), the same text (the same summary: imports copy one
description to several rows), the same initiative (`same_initiative`: one's name
within the other's title, in the same country, the other's title told by its text), a
similar title, and a similar text found through the search index (`search.related`,
the same ranking as the case page's similar cases).
"""

import difflib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db.models import Q
from django.utils.translation import gettext as _

from . import search
from .initiatives import initiative_matches
from .models import Innovation

State = Innovation.State
WORD = re.compile(r"\w{4,}", re.UNICODE)
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|ref)$", re.IGNORECASE)
TITLE_RATIO = 0.6
TEXT_CANDIDATES = 3


def normalise_url(url: str) -> str:
    """The address without what does not change the page: "example.org/path?id=1"."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return ""
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    ]
    path = parts.path.rstrip("/")
    return host + path + (f"?{urlencode(sorted(query))}" if query else "")


@dataclass
class Candidate:
    case: Innovation
    reasons: list[str] = field(default_factory=list)
    weight: float = 0.0


def _title_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def same_address(urls: list[str], states, exclude=None) -> list[tuple[Innovation, str]]:
    """Cases whose source or website is one of these addresses (normalised)."""
    wanted = {normalise_url(u) for u in urls} - {""}
    if not wanted:
        return []
    query = Q()
    for url in wanted:
        core = url.split("?")[0]
        query |= Q(source_url__icontains=core) | Q(website_url__icontains=core)
    found = Innovation.objects.filter(query, state__in=states).only(
        "pk", "title", "slug", "state", "source_url", "website_url"
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    matches = []
    for other in found[:200]:
        for url in (other.source_url, other.website_url):
            if normalise_url(url) in wanted:
                matches.append((other, url))
                break
    return matches


def similar_titles(title: str, states, exclude=None) -> list[tuple[Innovation, float]]:
    words = sorted(set(WORD.findall(title.casefold())), key=len, reverse=True)[:6]
    if not words:
        return []
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    found = Innovation.objects.filter(query, state__in=states).only("pk", "title", "slug", "state")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    scored = [(other, _title_ratio(title, other.title)) for other in found[:200]]
    return [(other, ratio) for other, ratio in scored if ratio >= TITLE_RATIO]


def same_text(summary: str, states, exclude=None) -> list[Innovation]:
    """Cases with exactly this summary (imports copy one description to several rows)."""
    if not summary.strip():
        return []
    found = Innovation.objects.filter(summary=summary, state__in=states)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.only("pk", "title", "slug", "state")[:20])


def candidates(case: Innovation, limit: int = 5) -> list[Candidate]:
    """Published or pending cases that may be this one, each with its reasons."""
    states = [State.PUBLISHED, State.SUBMITTED]
    found: dict[int, Candidate] = {}

    def add(other, reason, weight):
        entry = found.setdefault(other.pk, Candidate(other))
        entry.reasons.append(reason)
        entry.weight += weight

    for other in same_text(case.summary, states, case.pk):
        add(other, _("same text"), 4)
    for other in initiative_matches(case, states):
        add(other, _("same initiative (its name in the title, same country)"), 3.5)

    for other, url in same_address([case.source_url, case.website_url], states, case.pk):
        add(other, _("same address: %(url)s") % {"url": normalise_url(url)}, 3)
    for other, ratio in similar_titles(case.title, states, case.pk):
        add(other, _("similar title (%(percent)s%%)") % {"percent": round(100 * ratio)}, ratio)
    ranked = [pk for pk in search.related(f"{case.title} {case.summary}") if pk != case.pk]
    top = ranked[:TEXT_CANDIDATES]
    if top:
        others = Innovation.objects.filter(pk__in=top).only("pk", "title", "slug", "state")
        for other in sorted(others, key=lambda o: top.index(o.pk)):
            rank = top.index(other.pk) + 1
            add(other, _("similar text (search rank %(rank)s)") % {"rank": rank}, 0.5 / rank)
    return sorted(found.values(), key=lambda c: -c.weight)[:limit]


def in_catalogue(title: str, source_url: str, exclude=None) -> list[Candidate]:
    """Published cases a contributor's case may repeat: the same source address or a
    very similar title."""
    found: dict[int, Candidate] = {}
    for other, _url in same_address([source_url], [State.PUBLISHED], exclude):
        found.setdefault(other.pk, Candidate(other)).reasons.append(_("the same source"))
    for other, ratio in similar_titles(title or "", [State.PUBLISHED], exclude):
        if ratio >= 0.85:
            found.setdefault(other.pk, Candidate(other)).reasons.append(_("a similar title"))
    return list(found.values())[:5]
