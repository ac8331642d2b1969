"""Coordinator forms: activities, inputs, decisions, links, feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joinedup.participation import models as m


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    methods = forms.MultipleChoiceField(
        choices=m.METHOD_CHOICES, widget=forms.CheckboxSelectMultiple, label=_("Methods")
    )
    target_groups = forms.CharField(
        label=_("Target groups"), required=False, help_text=_("Separate groups with semicolons.")
    )

    class Meta:
        model = m.Activity
        fields = [
            "title",
            "role",
            "methods",
            "declared_depth",
            "area",
            "target_groups",
            "topic",
            "start",
            "end",
            "participants",
            "feedback_due",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "feedback_due": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["target_groups"] = "; ".join(self.instance.target_groups or [])

    def clean_target_groups(self) -> list[str]:
        raw = self.cleaned_data.get("target_groups") or ""
        return [g.strip() for g in raw.split(";") if g.strip()]


class InputForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = m.Input
        fields = ["summary"]


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = m.Decision
        fields = ["taken_on", "title", "body", "delegated"]
        widgets = {"taken_on": forms.DateInput(attrs={"type": "date"})}


class LinkForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = m.InputDecisionLink
        fields = ["input", "decision", "kind", "note"]

    def __init__(self, activity: m.Activity, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = [activity.partnership_id, *activity.joint_with.values_list("pk", flat=True)]
        self.fields["input"].queryset = activity.inputs.all()  # type: ignore[attr-defined]
        self.fields["decision"].queryset = m.Decision.objects.filter(  # type: ignore[attr-defined]
            partnership_id__in=owners
        )


class FeedbackForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = m.Feedback
        fields = ["you_said", "we_did", "published_on"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
        }
