"""Writing one registry row: create it, change it, or leave it as it is.

The JSON API's write operations (:mod:`joinedup.registry.api_write`) and the bulk
imports that keep the registry in step with an outside directory
(:mod:`joinedup.registry.sync`) write every organisation, person, partnership and
membership through :func:`save`, so a row is checked by the same rules (the
model's ``full_clean``: field limits, choices, unique names and external ids, a
membership that would overlap another) wherever it comes from. Each write that
changes something announces itself with :data:`joinedup.registry.signals.changed`,
which the audit log records inside the same transaction; a write that would change
nothing writes nothing and is reported as :data:`UNCHANGED`, which is what makes a
second run of the same import (or a repeated ``PUT``) idempotent.

Permissions are the caller's business: the API asks
:mod:`joinedup.registry.permissions` before it writes, the imports ask their
:class:`~joinedup.registry.sync.Writer`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from joinedup.registry.models import Membership, Organisation, Partnership, Person
from joinedup.registry.signals import changed as changed_signal

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
ENDED = "ended"

KIND = {Organisation: "organisation", Person: "person", Partnership: "partnership"}
KIND[Membership] = "membership"


class Refused(Exception):
    """The model's rules refuse the row. ``errors`` maps a field name (or
    ``"__all__"`` for a rule about several fields) to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if k == NON_FIELD_ERRORS else k): [str(m) for m in v]
            for k, v in exc.message_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def partnership_of(obj: Model | None) -> Partnership | None:
    if isinstance(obj, Partnership):
        return obj
    if isinstance(obj, Membership):
        return obj.partnership
    return None


def announce(action: str, obj: Model | None, summary: str) -> None:
    """Tell the audit log (through the signal) that ``obj`` was written (``None``:
    an event about many rows, such as a whole import)."""
    changed_signal.send(
        sender=type(obj) if obj is not None else Model,
        action=action,
        obj=obj,
        partnership=partnership_of(obj),
        summary=summary[:500],
    )


def save(obj: Model, values: dict[str, Any]) -> str:
    """Set ``values`` (field attribute names: ``parent_id``, not ``parent``) on
    ``obj`` and save it if it is new or anything differs; returns :data:`CREATED`,
    :data:`UPDATED` or :data:`UNCHANGED`. Raises :class:`Refused` (nothing saved)
    when the model's rules refuse the result."""
    created = obj.pk is None
    differing = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not created and not differing:
        return UNCHANGED
    before = {k: getattr(obj, k) for k in differing}
    for key, value in differing.items():
        setattr(obj, key, value)
    try:
        _name_is_free(obj, differing)
        obj.full_clean()
        with transaction.atomic():  # a savepoint: a refused row leaves the rest usable
            obj.save()
    except ValidationError as exc:
        _restore(obj, before, created)
        raise Refused(_errors(exc)) from None
    except IntegrityError:
        _restore(obj, before, created)
        raise Refused({"__all__": ["This conflicts with a row already stored."]}) from None
    kind = KIND[type(obj)]
    if created:
        announce(f"{kind}.create", obj, str(obj))
        return CREATED
    announce(f"{kind}.change", obj, f"{obj}: {', '.join(sorted(differing))}")
    return UPDATED


def _name_is_free(obj: Model, differing: dict[str, Any]) -> None:
    """Organisation and partnership names are unique; the database compares them as
    written, the imports match them in any case, so a name differing only in case
    is refused here as taken."""
    if "name" not in differing or not isinstance(obj, Organisation | Partnership):
        return
    taken = type(obj)._default_manager.filter(name__iexact=differing["name"])
    if taken.exclude(pk=obj.pk).exists():
        label = KIND[type(obj)]
        message = f"Another {label} has this name (names are compared in any case)."
        raise ValidationError({"name": [message]})


def _restore(obj: Model, before: dict[str, Any], created: bool) -> None:
    for key, value in before.items():
        setattr(obj, key, value)
    if created:
        obj.pk = None


def end_membership(membership: Membership, day: dt.date) -> str:
    """Close an open membership on ``day`` (never before it began), keeping the row
    as history; :data:`ENDED`, or :data:`UNCHANGED` if it had already ended. The lead
    organisation's membership is refused: name another lead first."""
    if membership.left is not None:
        return UNCHANGED
    partnership = membership.partnership
    if partnership.lead_id == membership.organisation_id:
        message = f"{membership.organisation} leads {partnership}: name another lead first."
        raise Refused({"organisation": [message]})
    membership.left = max(day, membership.joined)
    try:
        membership.full_clean()
        membership.save()
    except ValidationError as exc:
        membership.left = None
        raise Refused(_errors(exc)) from None
    announce("membership.end", membership, f"{membership} ended")
    return ENDED
