"""Admin pages for the participation records."""

from __future__ import annotations

from django.contrib import admin

from joinedup.participation import models as m


class InputInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.Input
    extra = 0


class FeedbackInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.Feedback
    extra = 0


class ProfileInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.ParticipantProfile
    extra = 0


@admin.register(m.Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "title",
        "partnership",
        "declared_depth",
        "area",
        "start",
        "end",
        "participants",
    ]
    list_filter = ["partnership", "declared_depth", "role", "area"]
    search_fields = ["title", "topic"]
    filter_horizontal = ["joint_with"]
    inlines = [InputInline, FeedbackInline, ProfileInline]


@admin.register(m.Decision)
class DecisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "partnership", "taken_on", "delegated"]
    list_filter = ["partnership"]


@admin.register(m.InputDecisionLink)
class LinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["input", "decision", "kind"]
    list_filter = ["kind"]


class ReportBackInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.ReportBack
    extra = 0


@admin.register(m.BoardSeat)
class BoardSeatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "partnership", "constituency", "appointed", "term_start", "term_end"]
    list_filter = ["partnership", "appointed"]
    inlines = [ReportBackInline]


class ObservationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.IndicatorObservation
    extra = 0


@admin.register(m.Indicator)
class IndicatorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "partnership", "kind", "defined_by", "unit", "target", "direction"]
    list_filter = ["partnership", "kind", "defined_by"]
    inlines = [ObservationInline]


@admin.register(m.PopulationCount)
class PopulationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["area", "category", "group", "count"]
    list_filter = ["area", "category"]


@admin.register(m.CitizensPanel)
class PanelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "partnership"]


admin.site.register(m.PublicFeedbackPage)
