import io

import pytest
from django.core.management import call_command

from coproduction.models import CoproductionProfile
from innovations.models import Innovation, InnovationCountry

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_set_covers_the_catalogue():
    load()
    cases = Innovation.objects.published()
    assert cases.count() >= 30
    assert InnovationCountry.objects.values("country").distinct().count() >= 12
    for relation in ("sectors", "approaches", "enabling_factors"):
        model = getattr(Innovation, relation).field.related_model
        unused = model.objects.exclude(innovations__in=cases)
        assert not unused.exists(), f"{relation} without a demo case: {list(unused)}"
    assert CoproductionProfile.objects.count() >= 10
    assert Innovation.objects.featured().count() >= 6
    assert not cases.filter(source_url="").exists()


def test_demo_includes_the_cases_the_seed_names():
    load()
    titles = " ".join(Innovation.objects.values_list("title", flat=True))
    for name in ("NemID", "Burocrazia", "Health Buddy", "Mulheres da Paz"):
        assert name in titles


def test_demo_command_is_idempotent():
    first = load()
    snapshot = list(Innovation.objects.order_by("slug").values_list("slug", "state", "featured"))
    second = load()
    assert "created" in first and "0 created" in second
    assert snapshot == list(
        Innovation.objects.order_by("slug").values_list("slug", "state", "featured")
    )
    assert CoproductionProfile.objects.count() >= 10
