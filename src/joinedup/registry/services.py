"""Operations on the registry that keep membership history intact."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.registry.models import Membership, Organisation, Partnership, Role


@transaction.atomic
def join(
    partnership: Partnership,
    organisation: Organisation,
    joined: dt.date,
    role: str = Role.MEMBER,
) -> Membership:
    """Open a new membership; refuses one that overlaps an existing period."""
    membership = Membership(
        partnership=partnership, organisation=organisation, joined=joined, role=role
    )
    membership.save()
    return membership


@transaction.atomic
def leave(partnership: Partnership, organisation: Organisation, left: dt.date) -> Membership:
    """Close the organisation's open membership on ``left``; the row is kept as history."""
    membership = (
        Membership.objects.select_for_update()
        .filter(partnership=partnership, organisation=organisation, left__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(f"{organisation} has no open membership of {partnership}.")
    if partnership.lead_id == organisation.pk:
        raise ValidationError(
            f"{organisation} leads {partnership}: choose another lead before it leaves."
        )
    membership.left = left
    membership.save()
    return membership


@transaction.atomic
def change_role(
    partnership: Partnership, organisation: Organisation, role: str, on: dt.date
) -> Membership:
    """Record a change of role as the end of one membership and the start of another,
    so the history shows who held which role when."""
    current = (
        Membership.objects.select_for_update()
        .filter(partnership=partnership, organisation=organisation, left__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(f"{organisation} has no open membership of {partnership}.")
    if current.role == role:
        return current
    if on <= current.joined:
        raise ValidationError("A change of role must come after the membership began.")
    current.left = on - dt.timedelta(days=1)
    current.save()
    return join(partnership, organisation, on, role)


@transaction.atomic
def set_lead(partnership: Partnership, organisation: Organisation | None) -> Partnership:
    """Make ``organisation`` the lead; it must already be a member."""
    partnership.lead = organisation
    partnership.full_clean()
    partnership.save()
    return partnership
