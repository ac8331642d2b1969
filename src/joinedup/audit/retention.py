"""What ``joinedup housekeeping`` deletes: expired sessions, and audit events older
than the operator's retention period (deleting them is itself recorded)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from joinedup.audit.log import record
from joinedup.audit.models import AuditEvent


def clear_sessions() -> int:
    """Delete sessions past their expiry date (Django keeps them otherwise)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def prune_audit(days: int) -> int:
    """Delete audit events older than ``days`` days, and record that it was done."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = AuditEvent.objects.filter(when__lt=cutoff).delete()
        record("audit.prune", summary=f"{deleted} events before {cutoff:%Y-%m-%d} deleted")
    return deleted
