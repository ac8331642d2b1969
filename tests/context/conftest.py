"""A lighter demo for this directory: the town and the context step only.

Most context tests need Kestermouth's partnerships, organisations and context but not
its survey rounds or participation records, which take most of the full demo's load
time. ``test_demo.py`` checks the same page against the full demo once.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    from joinedup.demo import DemoContext, context, town
    from joinedup.registry.models import Partnership

    ctx = DemoContext(seed=2024)
    town.run(ctx)
    context.run(ctx)
    return {p.name: p for p in Partnership.objects.all()}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' accounts need no slow password hashing in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
