"""Admin pages for instruments and rounds (token hashes are never shown), and for the
survey-link limit: see which addresses are counted or waiting, and delete a row to
let an address in again at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from joinedup.surveys.forms import InstrumentChoiceField
from joinedup.surveys.models import (
    FROZEN_FIELDS,
    InstrumentVersion,
    Invitation,
    Round,
    TokenThrottle,
)
from joinedup.surveys.rounds import default_anonymous


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "version", "title", "kind", "source", "created"]
    list_filter = ["source", "kind"]
    search_fields = ["key", "title"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A version a round has used is frozen: every field is read-only. Where a
        # version was adapted from is the workshop's record, never edited here.
        if obj is not None and obj.is_used():
            return [*FROZEN_FIELDS, "created"]
        return ["created", "adapted_from", "family"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_used():
            return False
        return super().has_delete_permission(request, obj)


class InvitationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Invitation
    fields = ("person", "organisation", "group", "sent_at", "reminded_at", "submitted")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoundAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new round: "anonymous" may be left to the instrument's default (on for
    the built-in health check, off for network surveys)."""

    anonymous_choice = forms.ChoiceField(
        label=_("Anonymous responses"),
        choices=[("", _("As the instrument suggests")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
        help_text=Round._meta.get_field("anonymous").help_text,
    )

    class Meta:
        model = Round
        fields = [
            "partnership",
            "instrument",
            "period",
            "opens",
            "closes",
            "status",
            "groups",
            "introduction",
            "privacy_notice",
        ]

    def save(self, commit: bool = True) -> Any:
        chosen = self.cleaned_data.get("anonymous_choice")
        round_ = super().save(commit=False)
        round_.anonymous = default_anonymous(round_.instrument) if not chosen else chosen == "yes"
        if commit:
            round_.save()
        return round_


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["partnership", "instrument", "period", "opens", "closes", "status", "anonymous"]
    list_filter = ["status", "partnership", "anonymous"]
    inlines = [InvitationInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = RoundAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "instrument":
            kwargs["form_class"] = InstrumentChoiceField  # the title, not the id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Chosen once, at creation: it decides what is kept of every response. Who
        # reads the comments changes on the round's comments page, under its rule
        # (on only before the round closes) and in the audit log.
        return ["anonymous", "members_see_comments"] if obj is not None else []


@admin.register(TokenThrottle)
class TokenThrottleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Counts of unknown survey links per address and link prefix. Deleting an
    address's rows (search for it, select all, delete) lets it in again at once."""

    list_display = ("address", "prefix", "failures", "window_start")
    ordering = ("-window_start",)
    search_fields = ("address",)
    readonly_fields = ("address", "prefix", "failures", "window_start")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
