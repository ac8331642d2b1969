"""Admin pages for instruments and rounds (token hashes are never shown), and for the
survey-link limit: see which addresses are counted or waiting, and delete a row to
let an address in again at once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from joinedup.surveys.models import InstrumentVersion, Invitation, Round, TokenThrottle


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "version", "title", "kind", "source", "created"]
    list_filter = ["source", "kind"]
    search_fields = ["key", "title"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A version a round has used is frozen: every field is read-only.
        if obj is not None and obj.is_used():
            return ["key", "version", "title", "kind", "definition", "source", "created"]
        return ["created"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_used():
            return False
        return super().has_delete_permission(request, obj)


class InvitationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Invitation
    fields = ("person", "organisation", "group", "sent_at", "reminded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["partnership", "instrument", "period", "opens", "closes", "status"]
    list_filter = ["status", "partnership"]
    inlines = [InvitationInline]


@admin.register(TokenThrottle)
class TokenThrottleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("address", "failures", "window_start")
    ordering = ("-window_start",)
    search_fields = ("address",)
    readonly_fields = ("address", "failures", "window_start")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
