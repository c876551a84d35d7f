"""Read a page's form as a browser would send it, so tests post what a person sees; and
the public submission form's data, as a complete submission sends it."""

import time
from html.parser import HTMLParser

from django.urls import reverse

from innovations import antispam
from innovations.models import Sector


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id in (None, a.get("id"), a.get("action")):
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.add(name, a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.add(self.select, a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                # Browsers drop the newline that follows <textarea>.
                value = self.data[self.textarea][-1]
                self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_data(html: str | bytes, form_id: str | None = None) -> dict[str, list[str]]:
    """Every field of the form (the first one, or the one with this id or action), with
    its values."""
    reader = _FormReader(form_id)
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    return reader.data


def started(seconds_ago: float = 60) -> str:
    """The form's signed start token, as if the form was opened `seconds_ago`."""
    return antispam.started_token(at=time.time() - seconds_ago)


def complete(**overrides) -> dict:
    """A submission with every section answered (None leaves a field out)."""
    data = {
        "title": "Zanzibarian ferry timetable co-design",
        "summary": "Residents redesigned the ferry timetable.",
        "description": "A long description.",
        "innovative": "New to the port authority.",
        "results": "Fewer missed connections.",
        "challenges": "Getting night workers to come.",
        "source_url": "https://example.org/ferry",
        "level": "local",
        "lead_organisation": "Port authority",
        "year_launched": "2019",
        "status": "implemented",
        "sectors": [str(Sector.objects.get(slug="economic-affairs").pk)],
        "countries": ["TZ"],
        "contributor_name": "Asha",
        "contributor_email": "asha@example.org",
        "licence_consent": "on",
        antispam.STARTED: started(),
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data, url=None, **extra):
    """Post to the submission form (or `url`)."""
    return client.post(url or reverse("innovations:submit"), data, **extra)
