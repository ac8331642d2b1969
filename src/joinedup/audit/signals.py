"""Audit events for changes made outside the services: access grants and API tokens
(wherever they are made: the administration, a page, a script); and for the
registry's writes through the API and the imports, which the registry announces with
:data:`joinedup.registry.signals.changed` (it may not import the audit log)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _access_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    from joinedup.audit.log import record

    if kwargs.get("raw"):
        return
    record(
        "access.grant" if created else "access.change",
        obj=instance,
        partnership=instance.partnership,
        summary=f"{instance.user}: {instance.get_role_display()}",
    )


def _access_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from joinedup.audit.log import record

    # No link to the partnership: it may be being deleted in the same transaction.
    where = f" of partnership {instance.partnership_id}" if instance.partnership_id else ""
    record(
        "access.revoke",
        obj=instance,
        summary=f"user {instance.user_id}: {instance.get_role_display()}{where}",
    )


def _token_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    from joinedup.audit.log import record

    if created and not kwargs.get("raw"):
        record("api-token.create", obj=instance, summary=f"{instance.name} ({instance.user})")


def _token_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from joinedup.audit.log import record

    record("api-token.revoke", obj=instance, summary=instance.name)


def _registry_changed(sender: Any, action: str, obj: Any, **kwargs: Any) -> None:
    from joinedup.audit.log import record

    record(
        action,
        obj=obj,
        partnership=kwargs.get("partnership"),
        summary=str(kwargs.get("summary") or obj or ""),
    )


def connect() -> None:
    from joinedup.registry.models import Access
    from joinedup.registry.signals import changed
    from joinedup.web.models import ApiToken

    post_save.connect(_access_saved, sender=Access, dispatch_uid="audit-access-saved")
    post_delete.connect(_access_deleted, sender=Access, dispatch_uid="audit-access-deleted")
    post_save.connect(_token_saved, sender=ApiToken, dispatch_uid="audit-token-saved")
    post_delete.connect(_token_deleted, sender=ApiToken, dispatch_uid="audit-token-deleted")
    changed.connect(_registry_changed, dispatch_uid="audit-registry-changed")
