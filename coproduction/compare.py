"""The co-production profile's rows in the side-by-side comparison of cases."""

from django.utils.translation import gettext as _

from .models import DIMENSIONS, CoproductionProfile


def _profile(case) -> CoproductionProfile | None:
    try:
        return case.coproduction
    except CoproductionProfile.DoesNotExist:
        return None


def rows(cases) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """Each dimension and term list, with each case's values linked to their searches
    (empty cells for a case without a profile)."""
    profiles = [_profile(case) for case in cases]
    if not any(profiles):
        return []
    found = [
        (
            profile.rows() if profile else [{"options": []} for _d in DIMENSIONS],
            profile.term_lists() if profile else None,
        )
        for profile in profiles
    ]
    table = [(_("Co-production profile"), [[(_("Yes") if p else _("No"), "")] for p in profiles])]
    for n, dimension in enumerate(DIMENSIONS):
        table.append(
            (
                str(dimension.label),
                [[(str(t), url) for t, url in rows[n]["options"]] for rows, _l in found],
            )
        )
    for n, label in enumerate(
        [_("Reasons for co-production"), _("Hindering factors"), _("Enhancing factors")]
    ):
        cells = [
            [(term.label, url) for term, url in lists[n]["terms"]] if lists else []
            for _r, lists in found
        ]
        table.append((str(label), cells))
    return table
