"""The registry's announcement that one of its rows was written by a service.

The registry sits below the audit log in the layers (``docs/architecture.md``), so
it cannot write audit events itself. Its write services (:mod:`joinedup.registry.writes`,
used by the JSON API and by :mod:`joinedup.registry.sync`) send :data:`changed`
inside the writing transaction, and :mod:`joinedup.audit.signals` records one event
for each: an event is written exactly when the change is, and rolled back with it.

Arguments: ``action`` (``"organisation.create"``, ``"membership.end"``, …), ``obj``
(the model instance), ``partnership`` (or ``None``) and ``summary`` (one line).
"""

from __future__ import annotations

from django.dispatch import Signal

changed = Signal()
