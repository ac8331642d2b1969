"""Who may see and do what. Every view and API endpoint asks these functions.

Roles (see :class:`joinedup.registry.models.Access`):

- administrator (a superuser): everything;
- coordinator of a partnership: sees and manages that partnership only;
- member of a partnership: sees that partnership's results;
- evaluator: reads every partnership's pages and published results (an open round
  shows them its response count only), manages none;
- respondent: no account; reaches only their own survey through a token link.

Suppression of small groups applies to every role, administrators included.

Refusals (the same rule in the pages and the JSON API):

- not signed in: the login page (pages) or 401 (API);
- an object the viewer may not see at all: 404, the very answer given for an id
  that never existed (:func:`get_visible_or_404`), so an account cannot learn which
  partnerships, rounds or organisations exist by trying ids;
- an object the viewer may see, but an action on it their role does not allow (a
  member opening a coordinator's page, anyone but an administrator asking for the
  raw pair ratings): 403 (:func:`require_manage` for the common case). This tells
  nothing new: the viewer already sees the object.
What a role sees of a survey round while it is open (the response count only for
members and evaluators) is decided by :func:`joinedup.surveys.visibility.round_view`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from joinedup.registry.models import Access, AccessRole, Organisation, Partnership

M = TypeVar("M", bound=Model)


def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_evaluator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_administrator(user)
        or Access.objects.filter(user=user, role=AccessRole.EVALUATOR).exists()
    )


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
    if is_administrator(user):
        return Partnership.objects.all()
    return Partnership.objects.filter(
        access__user=user, access__role=AccessRole.COORDINATOR
    ).distinct()


def can_view(user: Any, partnership: Partnership) -> bool:
    return visible_partnerships(user).filter(pk=partnership.pk).exists()


def can_manage(user: Any, partnership: Partnership) -> bool:
    return managed_partnerships(user).filter(pk=partnership.pk).exists()


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may see: every one for evaluators, otherwise those
    with a membership, past or present, in a partnership ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if is_evaluator(user):
        return Organisation.objects.all()
    visible = visible_partnerships(user)
    return Organisation.objects.filter(memberships__partnership__in=visible).distinct()


def get_visible_or_404(
    objects: QuerySet[M] | type[M], user: Any, pk: Any, *, through: str | Sequence[str] = ()
) -> M:
    """Object ``pk`` of ``objects`` if ``user`` may see it; Http404 otherwise.

    One query answers both "no such id" and "not yours", with the same exception,
    so the pages and the API (django-ninja turns Http404 into its own not-found
    answer) cannot tell the two apart. A partnership is visible by
    :func:`visible_partnerships`, an organisation by :func:`visible_organisations`;
    any other object names in ``through`` the field or fields that tie it to
    partnerships (``"partnership"``, ``"profile__partnership"``), and is visible
    when any of them is a partnership ``user`` may see.
    """
    queryset = objects if isinstance(objects, QuerySet) else objects._default_manager.all()
    model = queryset.model
    if issubclass(model, Partnership):
        scope = Q(pk__in=visible_partnerships(user))
    elif issubclass(model, Organisation):
        scope = Q(pk__in=visible_organisations(user))
    else:
        paths = [through] if isinstance(through, str) else list(through)
        if not paths:
            raise TypeError(f"say through which field a {model.__name__} has a partnership")
        visible = visible_partnerships(user)
        tied = Q()
        for path in paths:
            tied |= Q(**{f"{path}__in": visible})
        # A subquery, so that a many-to-many path cannot return the row twice.
        scope = Q(pk__in=model._default_manager.filter(tied).values("pk"))
    return get_object_or_404(queryset.filter(scope), pk=pk)


def require_manage(user: Any, partnership: Partnership) -> None:
    """PermissionDenied (403) unless ``user`` may change ``partnership``. Call it
    after :func:`get_visible_or_404`: the 403 is for those who may see it."""
    if not can_manage(user, partnership):
        raise PermissionDenied


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may change (their name, sector, tier and people):
    every one for administrators; for a coordinator, those with a membership, past
    or present, in a partnership they run."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if is_administrator(user):
        return Organisation.objects.all()
    managed = managed_partnerships(user)
    return Organisation.objects.filter(memberships__partnership__in=managed).distinct()


def require_manage_organisation(user: Any, organisation: Organisation) -> None:
    """PermissionDenied (403) unless ``user`` may change ``organisation``; call it
    after :func:`get_visible_or_404`."""
    if not managed_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied


def require_admin(user: Any) -> None:
    """PermissionDenied (403) unless ``user`` is an administrator (creating a
    partnership, granting the evaluator's role, the first-run page)."""
    if not is_administrator(user):
        raise PermissionDenied
