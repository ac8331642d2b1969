from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "joinedup.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from joinedup.audit import signals

        signals.connect()
