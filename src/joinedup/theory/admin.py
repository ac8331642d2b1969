from django.contrib import admin

from joinedup.theory.models import ChangeLink, ChangeStep, StepEvidence


@admin.register(ChangeStep)
class ChangeStepAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "partnership"]
    list_filter = ["kind"]


admin.site.register(ChangeLink)
admin.site.register(StepEvidence)
