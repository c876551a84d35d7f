"""Fixtures for the contribution and moderation tests."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing a password the production way takes a second; tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(django_user_model):
    """A user in the "Moderators" group that the migrations create."""
    user = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def other_moderator(django_user_model):
    user = django_user_model.objects.create_user("mod2", "mod2@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture(autouse=True, scope="session")
def _flush_cascades_to_the_search_table():
    """Let the flush after a transactional test TRUNCATE ... CASCADE on PostgreSQL.

    The search table lives outside the ORM and references the cases, and PostgreSQL
    refuses to TRUNCATE a referenced table on its own; CASCADE empties both.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=True)

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture
def clean_search_index(transactional_db):
    """The SQLite FTS table is outside the ORM, so the flush does not empty it."""
    from django.db import connection

    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM innovations_search")
