"""Administration of the benchmark across installations: trusted installations."""

from django.contrib import admin

from joinedup.reports.models import ImportedRound, TrustedInstallation


@admin.register(TrustedInstallation)
class TrustedInstallationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "installation_id", "added"]
    readonly_fields = ["installation_id", "added"]
    fields = ["name", "public_key", "note", "installation_id", "added"]


@admin.register(ImportedRound)
class ImportedRoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["installation", "partnership_key", "instrument_key", "closed", "imported"]
    list_filter = ["installation", "instrument_key"]
    readonly_fields = [f.name for f in ImportedRound._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
