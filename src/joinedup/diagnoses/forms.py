"""The advisor form and the coordinator's sharing-register form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joinedup.analysis.frameworks.advisor import INHOUSE, RHODES
from joinedup.diagnoses.models import ContractStyle, PartnerContract, PriceDecision, SharingEntry

CHOICES = [
    ("", _("not sure / not answered")),
    ("yes", _("yes, this holds")),
    ("no", _("no, it does not")),
]


class AdvisorForm(forms.Form):
    """One yes / no / not-sure question per condition."""

    service = forms.CharField(label=_("Service or activity"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, text in [*RHODES.items(), *INHOUSE.items()]:
            self.fields[name] = forms.ChoiceField(
                label=text[:1].upper() + text[1:], choices=CHOICES, required=False
            )

    def answers(self) -> dict[str, str | None]:
        return {c: self.cleaned_data.get(c) or None for c in [*RHODES, *INHOUSE]}

    def rhodes_fields(self) -> list[forms.BoundField]:
        return [self[c] for c in RHODES]

    def inhouse_fields(self) -> list[forms.BoundField]:
        return [self[c] for c in INHOUSE]


class SharingEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = partnership.memberships.values_list("organisation_id", flat=True)
        self.fields["organisations"].queryset = (  # type: ignore[attr-defined]
            self.fields["organisations"].queryset.filter(pk__in=ids)  # type: ignore[attr-defined]
        )

    class Meta:
        model = SharingEntry
        fields = ["kind", "description", "organisations", "amount", "unit", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "organisations": forms.CheckboxSelectMultiple,
        }


class _MembersOnly(forms.ModelForm):  # type: ignore[type-arg]
    """A register form whose organisation fields offer the partnership's members only."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = partnership.memberships.values_list("organisation_id", flat=True)
        for name in self.member_fields:
            field = self.fields[name]
            field.queryset = field.queryset.filter(pk__in=ids)  # type: ignore[attr-defined]


class PartnerContractForm(_MembersOnly):
    member_fields = ("purchaser", "provider")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style = self.fields["style"]
        style.choices = ContractStyle.choices  # type: ignore[attr-defined]  # no blank radio

    class Meta:
        model = PartnerContract
        fields = ["purchaser", "provider", "style", "purpose", "value", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "style": forms.RadioSelect,
        }


class PriceDecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    class Meta:
        model = PriceDecision
        fields = ["decision", "price_decided", "decided_on"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}


class ContractsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Contracts file (CSV or XLSX)"),
        help_text=_(
            "Columns: purchaser, provider, style (adversarial or obligational), purpose, "
            "value, start, end."
        ),
    )
