"""The audit log in the administration: a read-only list for administrators only.

Staff accounts that are not administrators get 403 even if someone grants them
the model's permissions; nobody can add, change or delete an event here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from joinedup.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["when", "who", "role", "action", "partnership", "summary"]
    list_filter = ["action", "role", "partnership", "when"]
    search_fields = ["who", "summary", "object_id", "address"]
    date_hierarchy = "when"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_select_related = ["partnership"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
