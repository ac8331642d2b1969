"""Shared fixtures: the demo town and the people who use joinedup.

Personas (fixed, so access rules read the same in every test):
- ``admin``: an administrator;
- ``coordinator_a``: coordinates partnership A (the demo's first partnership);
- ``member_a``: represents a member organisation of partnership A;
- ``evaluator``: reads across partnerships;
- ``outsider``: has an account and no business with any partnership.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def demo(db):
    """The demo town, loaded into the test database."""
    from joinedup.demo import load_demo

    load_demo(seed=2024)
    from joinedup.registry.models import Partnership

    return {p.name: p for p in Partnership.objects.all()}


@pytest.fixture
def admin_user(db):
    user_model = get_user_model()
    return user_model.objects.create_superuser("admin", "admin@example.org", "admin-pass-123")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
