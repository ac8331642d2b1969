"""The demo's sign-ins: one account for each role, so the roles can be tried side by side.

``joinedup demo`` calls :func:`demo_logins` after loading the town, on every run:
each account gets a new password, printed once. The accounts are not a demo step
(no ``ORDER``): the test database's demo has no accounts, and the test personas
keep their own names.

- ``admin``: the administrator (a superuser), who sees and runs everything;
- ``coordinator``: coordinator of the Local Strategic Partnership;
- ``member``: member of the Local Strategic Partnership and of the Community
  Safety Partnership;
- ``evaluator``: an evaluator, who reads across every partnership.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from joinedup.demo import TOWN
from joinedup.registry.models import Access, AccessRole, Partnership
from joinedup.registry.setup import ensure_admin

ADMIN = "admin"
COORDINATOR = "coordinator"
MEMBER = "member"
EVALUATOR = "evaluator"
#: The accounts besides the administrator that the demo owns (and may reset).
ROLE_ACCOUNTS = (COORDINATOR, MEMBER, EVALUATOR)

COORDINATED = f"{TOWN} Local Strategic Partnership"
MEMBER_OF = (f"{TOWN} Local Strategic Partnership", f"{TOWN} Community Safety Partnership")


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    #: What the account is, in words ("coordinator of …").
    role: str


def _short(partnership: Partnership) -> str:
    return partnership.name.removeprefix(f"{TOWN} ")


def _password() -> str:
    return secrets.token_urlsafe(9)


def _account(username: str, password: str) -> Any:
    users = get_user_model().objects
    user, _ = users.get_or_create(username=username, defaults={"email": ""})
    user.is_staff = False
    user.is_superuser = False
    user.set_password(password)
    user.save()
    # The demo decides this account's rights afresh on every run.
    Access.objects.filter(user=user).delete()
    return user


@transaction.atomic
def demo_logins(password: Callable[[], str] = _password) -> list[Login]:
    """Create the administrator and one account per role (or reset their passwords
    and rights) and return the four sign-ins. Needs the demo town loaded."""
    coordinated = Partnership.objects.get(name=COORDINATED)
    member_of = [Partnership.objects.get(name=name) for name in MEMBER_OF]
    logins = []

    secret = password()
    ensure_admin(ADMIN, "", secret)
    logins.append(Login(ADMIN, secret, "administrator: every partnership, every setting"))

    secret = password()
    user = _account(COORDINATOR, secret)
    Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=coordinated)
    logins.append(Login(COORDINATOR, secret, f"coordinator of {_short(coordinated)}"))

    secret = password()
    user = _account(MEMBER, secret)
    for partnership in member_of:
        Access.objects.create(user=user, role=AccessRole.MEMBER, partnership=partnership)
    names = " and ".join(_short(p) for p in member_of)
    logins.append(Login(MEMBER, secret, f"member of {names}"))

    secret = password()
    user = _account(EVALUATOR, secret)
    Access.objects.create(user=user, role=AccessRole.EVALUATOR)
    logins.append(
        Login(EVALUATOR, secret, "evaluator: reads every partnership's published results")
    )
    return logins
