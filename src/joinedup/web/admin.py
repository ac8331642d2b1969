"""Administration of the survey-link limit: see which addresses are counted or
waiting, and delete a row to let an address in again at once."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from joinedup.web.models import TokenThrottle


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
