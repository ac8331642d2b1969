"""Forms for a partnership's context, shared by the admin and the coordinator pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from joinedup.context.models import (
    CentralTarget,
    FundingStream,
    Objective,
    PartnershipProfile,
    PerformanceMeasure,
    Steering,
)
from joinedup.registry import permissions
from joinedup.registry.models import Organisation


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


def limit_organisations(form: forms.ModelForm, user: Any) -> None:  # type: ignore[type-arg]
    """Offer in the form's ``provider`` and ``owner`` lists only organisations ``user``
    may know of: members of a partnership they may see, organisations in no
    partnership (outside funders, central departments), and the current choice.
    Without this a coordinator saw every organisation of every other partnership."""
    visible = permissions.visible_partnerships(user)
    for name in ("provider", "owner"):
        field = form.fields.get(name)
        if not isinstance(field, forms.ModelChoiceField):
            continue
        allowed = Q(memberships__partnership__in=visible) | Q(memberships__isnull=True)
        current = getattr(form.instance, f"{name}_id", None)
        if current is not None:
            allowed |= Q(pk=current)
        field.queryset = Organisation.objects.filter(allowed).distinct().order_by("name")
