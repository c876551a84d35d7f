"""A small catalogue for the API tests: published cases (one with a co-production
profile) and one case in every state the public must never see."""

import pytest

from innovations.models import Innovation
from tests.factories import make_case

HIDDEN = [s for s in Innovation.State if s != Innovation.State.PUBLISHED]

PROFILE = {
    "coproduction": {
        "kind": "addition",
        "initiative": "prompted",
        "stage": ["design", "delivery"],
        "tool": ["ict"],
        "impact_evidence": "Fewer complaints.",
    }
}


@pytest.fixture
def catalogue(db):
    """Three published cases and one hidden case per non-public state."""
    published = [
        make_case(
            title="Open budget portal",
            sectors=("general-public-services",),
            countries=("FR", "DK"),
            parts=PROFILE,
            level="national",
            status="scaled",
            year_launched=2012,
            source_dataset="jrc",
            source_record_id="42",
            source_licence="EUPL-1.2",
            source_attribution="European Commission, JRC",
            contributor_name="Secret Person",
            contributor_email="secret@example.org",
        ),
        make_case(title="School meals by text message", sectors=("education",), countries=("KE",)),
        make_case(title="Health visits at home", sectors=("health",), year_launched=2019),
    ]
    hidden = [
        make_case(title=f"Hidden {state} case", state=state, sectors=("health",), parts=PROFILE)
        for state in HIDDEN
    ]
    return published, hidden
