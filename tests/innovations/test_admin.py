import pytest
from django.urls import reverse

from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client):
    return admin_client


def test_case_list_shows_state_with_facet_counts(staff):
    make_case(title="Listed case")
    response = staff.get(reverse("admin:innovations_innovation_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Listed case" in html and "Published" in html
    assert "(1)" in html  # facet counts beside the list filters


def test_case_change_page_has_the_coproduction_inline(staff):
    case = make_case()
    html = staff.get(reverse("admin:innovations_innovation_change", args=[case.pk])).content
    assert b"coproduction-group" in html or b"Co-production profile" in html


@pytest.mark.parametrize(
    "name",
    [
        "innovations_sector",
        "innovations_approach",
        "innovations_enablingfactor",
        "coproduction_reason",
        "coproduction_hinderingfactor",
        "coproduction_enhancingfactor",
    ],
)
def test_vocabulary_admin_pages_load(staff, name):
    assert staff.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert staff.get(reverse(f"admin:{name}_add")).status_code == 200


def test_profile_admin_is_read_only(staff):
    """A profile is edited with its case, through the services; its own list only reads."""
    assert (
        staff.get(reverse("admin:coproduction_coproductionprofile_changelist")).status_code == 200
    )
    assert staff.get(reverse("admin:coproduction_coproductionprofile_add")).status_code == 403


def test_admin_search_finds_a_case(staff):
    make_case(title="Findable in admin")
    response = staff.get(reverse("admin:innovations_innovation_changelist"), {"q": "Findable"})
    assert "Findable in admin" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("admin:innovations_innovation_changelist"))
    assert response.status_code == 302
