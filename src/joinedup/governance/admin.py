from django.contrib import admin

from joinedup.governance.models import AccountabilityLine, DecisionRight, IntendedGroup


@admin.register(DecisionRight)
class DecisionRightAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("partnership", "area", "holder", "organisation", "delegate")
    list_filter = ("holder", "partnership")
    search_fields = ("area",)


@admin.register(AccountabilityLine)
class AccountabilityLineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("partnership", "answers_to", "body", "through", "covers_spending")
    list_filter = ("answers_to", "through", "partnership")


@admin.register(IntendedGroup)
class IntendedGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("partnership", "name", "sector")
    list_filter = ("partnership",)
