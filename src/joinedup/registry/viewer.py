"""Who is reading: a signed-in user on the site, or the operator on the command line.

A :class:`Viewer` is what page sections and reports are built for. On the site it
wraps ``request.user`` (:meth:`Viewer.of`) and every question goes to
:mod:`joinedup.registry.permissions`, so the site's rules are the only rules. On the
command line the operator (:meth:`Viewer.operator`), who runs joinedup and can read
its database anyway, reads with an administrator's rights; no user account stands in
for them. Suppression of small groups applies to every viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from joinedup.registry import permissions
from joinedup.registry.models import Access, AccessRole, Partnership


@dataclass(frozen=True)
class Roles:
    """What a viewer is to one partnership (several may hold at once)."""

    operator: bool
    administrator: bool
    coordinator: bool
    member: bool
    evaluator: bool


@dataclass(frozen=True)
class Viewer:
    #: The signed-in user (or an anonymous one); ``None`` for the operator.
    user: Any
    is_operator: bool = False

    @classmethod
    def of(cls, user: Any) -> Viewer:
        """The viewer behind a request's ``user``."""
        return cls(user=user)

    @classmethod
    def operator(cls) -> Viewer:
        """The operator on the command line: an administrator's rights, no account."""
        return cls(user=None, is_operator=True)

    @property
    def is_administrator(self) -> bool:
        return self.is_operator or permissions.is_administrator(self.user)

    @property
    def is_evaluator(self) -> bool:
        return self.is_operator or permissions.is_evaluator(self.user)

    def can_view(self, partnership: Partnership) -> bool:
        return self.is_operator or permissions.can_view(self.user, partnership)

    def can_manage(self, partnership: Partnership) -> bool:
        return self.is_operator or permissions.can_manage(self.user, partnership)

    def visible_partnerships(self) -> QuerySet[Partnership]:
        if self.is_operator:
            return Partnership.objects.all()
        return permissions.visible_partnerships(self.user)

    def rights(self) -> tuple[Any, ...]:
        """Everything the access rules (:mod:`joinedup.registry.permissions`) read
        about this viewer: the operator, an anonymous visitor, or a user with their
        administrator flag and every role they hold in every partnership. Two
        viewers with equal rights may see exactly the same; page sections are kept
        per rights (:mod:`joinedup.web.section_cache`)."""
        if self.is_operator:
            return ("operator",)
        if not getattr(self.user, "is_authenticated", False):
            return ("anonymous",)
        held = Access.objects.filter(user=self.user).values_list("role", "partnership_id")
        return ("user", bool(self.user.is_superuser), tuple(sorted(held, key=repr)))

    def roles(self, partnership: Partnership) -> Roles:
        held: set[str] = set()
        if not self.is_operator and getattr(self.user, "is_authenticated", False):
            held = set(
                Access.objects.filter(user=self.user, partnership=partnership).values_list(
                    "role", flat=True
                )
            )
        return Roles(
            operator=self.is_operator,
            administrator=self.is_administrator,
            coordinator=AccessRole.COORDINATOR in held,
            member=AccessRole.MEMBER in held,
            evaluator=self.is_evaluator,
        )
