"""Forms for a partnership's context, shared by the admin and the coordinator pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joinedup.context.models import (
    CentralTarget,
    FundingStream,
    Objective,
    PartnershipProfile,
    PerformanceMeasure,
    Steering,
)


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    objectives = forms.MultipleChoiceField(
        label=_("Objectives pursued"),
        choices=Objective.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    steering = forms.MultipleChoiceField(
        label=_("How government steers it"),
        choices=Steering.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PartnershipProfile
        fields = [
            "objectives",
            "statutory_duty",
            "duty",
            "mandated_membership",
            "inspection_regime",
            "steering",
        ]


class UniqueNameMixin:
    """The name must be new within the partnership (the profile is set by the view,
    so the model form's own unique check cannot see it)."""

    def clean_name(self) -> str:
        form: Any = self
        name: str = form.cleaned_data["name"]
        instance = form.instance
        others = type(instance).objects.filter(profile_id=instance.profile_id, name=name)
        if instance.pk is not None:
            others = others.exclude(pk=instance.pk)
        if instance.profile_id is not None and others.exists():
            raise forms.ValidationError(_("This partnership already has one with that name."))
        return name


class FundingForm(UniqueNameMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FundingStream
        fields = [
            "name",
            "provider",
            "source",
            "amount",
            "earmarked",
            "start",
            "end",
            "conditions",
        ]
        widgets = {
            "start": DateInput,
            "end": DateInput,
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].help_text = _("Leave blank if no single organisation provides it.")


class MeasureForm(UniqueNameMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PerformanceMeasure
        fields = ["name", "owner", "kind"]


class TargetForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CentralTarget
        fields = ["name", "set_by", "attached_on"]
        widgets = {"attached_on": DateInput}
