"""Forms of the set-up pages: organisations, people, partnerships, memberships,
uploads and invitations. Each checks what the model checks (``full_clean``), so a
page shows the same reasons the administration would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.registry.models import (
    AccessRole,
    Membership,
    Organisation,
    Partnership,
    Person,
    Role,
    time_zone_choices,
)
from joinedup.web.uploads import UploadForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["name", "sector", "tier", "parent", "external_id"]

    def __init__(self, *args: Any, parents: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parents.exclude(pk=self.instance.pk) if self.instance.pk else parents

    def clean_name(self) -> str:
        """Names are unique whatever their case, as the importer matches them."""
        name = str(self.cleaned_data["name"]).strip()
        others = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("An organisation with this name exists already."))
        return name


class JoinForm(forms.Form):
    """Membership of a new organisation in the partnership it is added to."""

    role = forms.ChoiceField(
        label=gettext_lazy("Role in the partnership"),
        choices=Role.choices,
    )
    joined = forms.DateField(label=gettext_lazy("Member since"), widget=DATE, initial=dt.date.today)


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Person
        fields = [
            "display_name",
            "email",
            "language",
            "organisation",
            "constituency",
            "external_id",
        ]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        field.required = True


class PartnershipForm(forms.ModelForm):  # type: ignore[type-arg]
    """A partnership; when new, also the organisations that found it (the lead must
    be one of them)."""

    members = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Member organisations"),
        help_text=gettext_lazy("They join on the start date; add more later."),
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "purpose",
            "purpose_kind",
            "basis",
            "area",
            "start_date",
            "end_date",
            "stage",
            "lead",
            "time_zone",
            "benchmark_profile",
            "external_id",
        ]
        widgets = {
            "time_zone": forms.Select(choices=time_zone_choices()),
            "start_date": DATE,
            "end_date": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["members"]
            lead = self.fields["lead"]
            assert isinstance(lead, forms.ModelChoiceField)
            lead.queryset = Organisation.objects.filter(
                memberships__partnership=self.instance
            ).distinct()
        else:
            # The lead is checked against the members chosen on this page (clean).
            self.instance._lead_checked_elsewhere = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, members = data.get("lead"), data.get("members")
        new = not self.instance.pk
        if new and lead is not None and members is not None and lead not in members:
            self.add_error("lead", _("The lead organisation must be one of the members."))
        return data


class MembershipForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ["organisation", "role", "joined", "left"]
        widgets = {"joined": DATE, "left": DATE}

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if self.instance.pk:
            field.disabled = True


class KeepInStepForm(UploadForm):
    """An upload that keeps one kind of registry row in step with a directory."""

    check_only = forms.BooleanField(
        label=gettext_lazy("Only check: count what would change, write nothing"),
        required=False,
        initial=True,
    )
    sync = forms.BooleanField(
        label=gettext_lazy("Deal with rows the file leaves out"),
        required=False,
        help_text=gettext_lazy(
            "Memberships: end the open memberships of the partnerships in the file that it "
            "leaves out (they are kept as history). Other tables: list the stored rows with "
            "an external id that the file leaves out; nothing is deleted."
        ),
    )
    end_date = forms.DateField(
        label=gettext_lazy("Date the ended memberships end"),
        required=False,
        help_text=gettext_lazy("YYYY-MM-DD; today when empty."),
    )


class InviteUserForm(forms.Form):
    """An account for a person, with one role."""

    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=AccessRole.choices)
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        label=gettext_lazy("Partnership"),
        help_text=gettext_lazy("For a coordinator or a member; an evaluator reads every one."),
    )

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], evaluators: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partnerships
        if not evaluators:
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [c for c in AccessRole.choices if c[0] != AccessRole.EVALUATOR]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, partnership = data.get("role"), data.get("partnership")
        if role == AccessRole.EVALUATOR:
            data["partnership"] = None
        elif role and partnership is None:
            self.add_error("partnership", _("Choose the partnership for this role."))
        return data
