"""Admin pages for partnership context: one page per partnership with its targets,
funding streams and measures as inlines, plus lists across all partnerships."""

from __future__ import annotations

from django.contrib import admin

from joinedup.context.forms import ProfileForm
from joinedup.context.models import (
    CentralTarget,
    FundingStream,
    PartnershipProfile,
    PerformanceMeasure,
)


class TargetInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CentralTarget
    extra = 0


class FundingInline(admin.StackedInline):  # type: ignore[type-arg]
    model = FundingStream
    extra = 0
    autocomplete_fields = ["provider"]


class MeasureInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PerformanceMeasure
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(PartnershipProfile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ProfileForm
    list_display = ["partnership", "statutory_duty", "mandated_membership", "inspection_regime"]
    search_fields = ["partnership__name"]
    autocomplete_fields = ["partnership"]
    inlines = [TargetInline, FundingInline, MeasureInline]


@admin.register(FundingStream)
class FundingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "profile", "source", "amount", "earmarked", "start", "end"]
    list_filter = ["source", "earmarked"]
    search_fields = ["name", "profile__partnership__name"]
    autocomplete_fields = ["provider"]
    date_hierarchy = "end"


@admin.register(PerformanceMeasure)
class MeasureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "profile", "owner", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "profile__partnership__name"]
