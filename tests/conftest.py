"""Fixtures for the cross-app tests under tests/."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 costs half a second per user on a small machine; these tests build many users and
    test who sees what, not how passwords are hashed (the unit tests of the login keep Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
