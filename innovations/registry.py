"""Extension points that other apps fill in from their AppConfig.ready().

`innovations` never imports the apps that extend it; they register here instead:
the co-production app adds its section to the case page, its filters and facets to
the search page, and its fields to the submission form.
"""

from dataclasses import dataclass, field


@dataclass
class CasePage:
    """What other apps add to the case page: prefetches and template sections."""

    prefetches: list = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


case_page = CasePage()
