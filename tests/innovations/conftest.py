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
