from django.contrib import admin

from joinedup.diagnoses.models import SharingEntry


@admin.register(SharingEntry)
class SharingEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("partnership", "kind", "description", "amount", "unit", "start", "end")
    list_filter = ("kind", "partnership")
    filter_horizontal = ("organisations",)
    search_fields = ("description",)
