"""Admin pages for the registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.registry.models import (
    DEFAULT_TIME_ZONE,
    Access,
    Membership,
    Organisation,
    Partnership,
    Person,
    time_zone_choices,
)


class MembershipFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Checks the partnership's lead against the membership rows being saved."""

    def clean(self) -> None:
        super().clean()
        lead_id = getattr(self.instance, "lead_id", None)
        if lead_id is None:
            return
        kept = [
            form.cleaned_data.get("organisation")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not any(org is not None and org.pk == lead_id for org in kept):
            raise ValidationError(_("The lead organisation must be one of the members below."))


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    formset = MembershipFormSet
    extra = 1
    autocomplete_fields = ["organisation"]


class PartnershipForm(forms.ModelForm):  # type: ignore[type-arg]
    time_zone = forms.ChoiceField(
        label=gettext_lazy("time zone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        required=False,  # left out: Europe/London
    )

    def clean_time_zone(self) -> str:
        return str(self.cleaned_data.get("time_zone") or DEFAULT_TIME_ZONE)

    class Meta:
        model = Partnership
        fields = [
            "name",
            "purpose",
            "purpose_kind",
            "basis",
            "lead",
            "area",
            "start_date",
            "end_date",
            "stage",
            "time_zone",
            "benchmark_profile",
            "external_id",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The membership formset on the same page checks the lead.
        self.instance._lead_checked_elsewhere = True


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PartnershipForm
    list_display = ["name", "purpose_kind", "basis", "lead", "stage", "start_date", "member_count"]
    list_filter = ["purpose_kind", "basis", "stage"]
    search_fields = ["name", "area", "purpose", "external_id"]
    inlines = [MembershipInline]
    autocomplete_fields = ["lead"]

    @admin.display(description=_("current members"))
    def member_count(self, obj: Partnership) -> int:
        return obj.memberships.filter(left__isnull=True).count()


class PersonInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Person
    extra = 0
    fields = ["display_name", "email", "language", "constituency"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "sector", "tier", "parent", "partnership_count"]
    list_filter = ["sector", "tier"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["parent"]
    inlines = [PersonInline]

    @admin.display(description=_("partnerships now"))
    def partnership_count(self, obj: Organisation) -> int:
        return obj.memberships.filter(left__isnull=True).count()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "partnership", "role", "joined", "left"]
    list_filter = ["partnership", "role", "organisation__sector"]
    search_fields = ["organisation__name", "partnership__name"]
    autocomplete_fields = ["organisation", "partnership"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["display_name", "organisation", "constituency"]
    search_fields = ["display_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    exclude = ["user"]


@admin.register(Access)
class AccessAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "partnership"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["partnership"]
