"""The coordinator's forms for the theory of change (plain forms, no script needed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from joinedup.actions.models import Action
from joinedup.analysis.theory import can_link
from joinedup.participation.models import Decision, Indicator
from joinedup.registry.models import Partnership
from joinedup.theory import services
from joinedup.theory.models import ChangeStep, EvidenceSource, StepKind


def free_key(partnership: Partnership, title: str) -> str:
    """A short name made from ``title`` that no other step of the partnership uses."""
    base = slugify(title)[:50].strip("-") or "step"
    key, n = base, 2
    while ChangeStep.objects.filter(partnership=partnership, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StepKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkForm(forms.Form):
    source = forms.ModelChoiceField(label=_("From"), queryset=ChangeStep.objects.none())
    target = forms.ModelChoiceField(label=_("Leads to"), queryset=ChangeStep.objects.none())
    mechanism = forms.CharField(
        label=_("Mechanism: why should it lead there?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    context = forms.CharField(
        label=_("Context: where, when and for whom does it work?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assumption = forms.CharField(
        label=_("Assumption: what must hold?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = ChangeStep.objects.filter(partnership=partnership)
        self.fields["source"].queryset = steps  # type: ignore[attr-defined]
        self.fields["target"].queryset = steps  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, target = data.get("source"), data.get("target")
        if source and target:
            if source == target:
                raise forms.ValidationError(_("A step cannot lead to itself."))
            if not can_link(source.kind, target.kind):
                raise forms.ValidationError(
                    _("A link runs forward: activity → output → outcome, or outcome → outcome.")
                )
            if source.leads_to.filter(target=target).exists():
                raise forms.ValidationError(_("These two steps are already linked."))
        return data


class EvidenceForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Step"), queryset=ChangeStep.objects.none())
    source = forms.ChoiceField(label=_("Evidence from"), choices=EvidenceSource.choices)
    dimension = forms.ChoiceField(label=_("Survey dimension"), required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("Decision"), queryset=Decision.objects.none(), required=False
    )
    action = forms.ModelChoiceField(
        label=_("Action"), queryset=Action.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = ChangeStep.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )
        self.fields["dimension"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (f"{c.instrument}:{c.dimension}", c.label)
                for c in services.dimension_choices(partnership)
            ),
        ]
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )
        self.fields["decision"].queryset = Decision.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        wanted = {
            EvidenceSource.DIMENSION: ("dimension", _("Choose a survey dimension.")),
            EvidenceSource.INDICATOR: ("indicator", _("Choose an indicator.")),
            EvidenceSource.DECISION: ("decision", _("Choose a decision.")),
            EvidenceSource.ACTION: ("action", _("Choose an action.")),
        }
        if source in wanted and not data.get(wanted[source][0]):
            self.add_error(wanted[source][0], wanted[source][1])
        return data
