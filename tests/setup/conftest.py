"""A small registry for the set-up pages: two partnerships, each with its own
organisations, and the personas (an administrator; partnership A's coordinator,
member and evaluator; partnership B's coordinator; an outsider)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD

START = dt.date(2025, 4, 1)


@dataclass
class Town:
    a: Any
    b: Any
    council: Any
    trust: Any
    garage: Any
    users: dict[str, Any]

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name])
        return client


@pytest.fixture
def town(db) -> Town:
    from joinedup.registry.models import (
        Access,
        AccessRole,
        Membership,
        Organisation,
        Partnership,
        Person,
    )

    council = Organisation.objects.create(name="Brackwater Council", sector="public")
    trust = Organisation.objects.create(name="Brackwater Food Trust", sector="voluntary")
    garage = Organisation.objects.create(name="Fenby Motors", sector="private")
    a = Partnership.objects.create(name="Brackwater Together", basis="voluntary", start_date=START)
    b = Partnership.objects.create(name="Fenby Roads Group", basis="statutory", start_date=START)
    for org, partnership in ((council, a), (trust, a), (garage, b)):
        Membership.objects.create(organisation=org, partnership=partnership, joined=START)
    Person.objects.create(
        display_name="Ada Oyelaran", email="ada@council.test", organisation=council
    )
    Person.objects.create(display_name="Gil Marsh", email="gil@motors.test", organisation=garage)
    users = get_user_model().objects
    people = {
        "admin": users.create_superuser("admin", "admin@example.org", PASSWORD),
        "coordinator_a": users.create_user("coordinator_a", "coord@example.org", PASSWORD),
        "member_a": users.create_user("member_a", "member@example.org", PASSWORD),
        "evaluator": users.create_user("evaluator", "eval@example.org", PASSWORD),
        "coordinator_b": users.create_user("coordinator_b", "coordb@example.org", PASSWORD),
        "outsider": users.create_user("outsider", "out@example.org", PASSWORD),
    }
    Access.objects.create(user=people["coordinator_a"], role=AccessRole.COORDINATOR, partnership=a)
    Access.objects.create(user=people["member_a"], role=AccessRole.MEMBER, partnership=a)
    Access.objects.create(user=people["evaluator"], role=AccessRole.EVALUATOR)
    Access.objects.create(user=people["coordinator_b"], role=AccessRole.COORDINATOR, partnership=b)
    return Town(a, b, council, trust, garage, people)
