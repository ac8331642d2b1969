"""Who may see and do what. Every view and API endpoint asks these functions.

Roles (see :class:`joinedup.registry.models.Access`):

- administrator (a superuser): everything;
- coordinator of a partnership: sees and manages that partnership only;
- member of a partnership: sees that partnership's results;
- evaluator: reads every partnership, manages none;
- respondent: no account; reaches only their own survey through a token link.

Suppression of small groups applies to every role, administrators included.
What a role sees of a survey round while it is open (the response count only for
members and evaluators) is decided by :func:`joinedup.surveys.visibility.round_view`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from joinedup.registry.models import Access, AccessRole, Partnership


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_evaluator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _is_admin(user) or Access.objects.filter(user=user, role=AccessRole.EVALUATOR).exists()


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships whose pages and results ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Partnership.objects.none()
    if is_evaluator(user):
        return Partnership.objects.all()
    return Partnership.objects.filter(access__user=user).distinct()


def managed_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships ``user`` may change (rounds, participation records, context)."""
    if not getattr(user, "is_authenticated", False):
        return Partnership.objects.none()
    if _is_admin(user):
        return Partnership.objects.all()
    return Partnership.objects.filter(
        access__user=user, access__role=AccessRole.COORDINATOR
    ).distinct()


def can_view(user: Any, partnership: Partnership) -> bool:
    return visible_partnerships(user).filter(pk=partnership.pk).exists()


def can_manage(user: Any, partnership: Partnership) -> bool:
    return managed_partnerships(user).filter(pk=partnership.pk).exists()
