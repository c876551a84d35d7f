import os

import pytest
from django.db import connections

from tests.factories import HIDDEN, PROFILE, make_case, make_moderator

# Every shared fixture lives here; shared helpers live in tests/factories.py and
# tests/forms.py, so that no test module imports another.


def pytest_configure(config):
    """The write guard is on in every test (DEBUG is off under pytest-django): a case
    written anywhere but through the services fails the test that does it."""
    from innovations.services import guard

    guard.install()


@pytest.fixture(autouse=True)
def _search_index_follows_the_database(request):
    """Django skips post_migrate (and so `search.prune`) after the flush that ends a
    transactional test with serialized_rollback; prune before each database test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    request.getfixturevalue("transactional_db" if transactional else "db")
    from innovations import search

    search.prune()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_built_files(settings, tmp_path_factory):
    """Built exports are named by catalogue revision, which every test starts again."""
    settings.OPSI_BUILT_FILES = str(tmp_path_factory.mktemp("built"))


@pytest.fixture(autouse=True)
def _fresh_facet_index(monkeypatch, settings):
    """Each test's database is rolled back; so must this worker's facet index and the
    cache be. A background build could not see the test's transaction: build inline
    (tests of the background build turn it back on)."""
    from django.core.cache import cache

    from innovations import facets

    monkeypatch.setattr(facets.worker, "REBUILD_IN_BACKGROUND", False)
    settings.OPSI_FACET_SNAPSHOTS = ""  # (a test of snapshots gives its own folder)
    facets.forget()
    cache.clear()
    yield
    facets.forget()
    cache.clear()


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright; skipped only where none is installed."""
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.skip(f"no Chromium at {executable} (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # The test's ORM calls ran while Playwright's loop was current, on connections
        # of that context; close them here, or PostgreSQL cannot drop the test database.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the second step the admin asks for."""
    from tests.factories import sign_in

    return sign_in(client, admin_user)


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to a French page leaves French active in this thread (the locale
    middleware activates a language per request and never resets it); without this,
    `reverse()` in the next test would give /fr/ addresses."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing a password the production way takes a second; tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(django_user_model):
    """A user in the "Moderators" group that the migrations create (no staff status),
    with the password `tests.factories.PASSWORD`."""
    return make_moderator(django_user_model)


@pytest.fixture
def other_moderator(django_user_model):
    return make_moderator(django_user_model, "mod2")


@pytest.fixture
def fast_form(settings):
    """The submission form without its minimum fill time, unless a test asks for it."""
    settings.OPSI_ANTISPAM = {**settings.OPSI_ANTISPAM, "MIN_SECONDS": 0}


@pytest.fixture
def api_catalogue(db):
    """Three published cases (one with a co-production profile) and one hidden case per
    state the public must never see (each with a profile too)."""
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


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, on the file system."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
