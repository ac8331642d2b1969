"""Forms of the action pages (plain HTML forms: the pages work without JS)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joinedup.actions import services
from joinedup.actions.models import Action, ProgressNote
from joinedup.participation.models import Indicator
from joinedup.registry.models import Partnership
from joinedup.web import uploads


class ActionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "owner",
            "due",
            "status",
            "finding_kind",
            "finding_key",
            "finding_round",
            "finding_text",
            "target_kind",
            "target_dimension",
            "target_organisation",
            "target_indicator",
        ]
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "finding_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        owners = services.members(partnership).order_by("name")
        fields: Any = self.fields
        fields["owner"].queryset = owners
        fields["target_organisation"].queryset = owners
        fields["target_indicator"].queryset = Indicator.objects.filter(partnership=partnership)
        fields["finding_round"].queryset = services.scored_rounds(partnership)
        fields["finding_round"].label_from_instance = lambda r: f"{r.instrument.title}, {r.period}"
        round_ = self.initial.get("finding_round")
        if not hasattr(round_, "instrument"):  # an instance's initial holds the round's id
            round_ = self.instance.finding_round
        # Offer the finding round's dimensions; a posted form accepts any scored
        # dimension of the partnership (services.check holds it to the round chosen).
        choices = services.dimensions_of(round_) if round_ is not None and not self.is_bound else []
        if not choices:  # any scored dimension of the partnership's rounds
            seen: dict[str, str] = {}
            for r in services.scored_rounds(partnership):
                seen.update(services.dimensions_of(r))
            choices = list(seen.items())
        fields["target_dimension"] = forms.ChoiceField(
            label=_("dimension"), choices=[("", "—"), *choices], required=False
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("target_kind")
        needs = {
            "dimension": "target_dimension",
            "organisation": "target_organisation",
            "indicator": "target_indicator",
        }
        if kind in needs and not data.get(needs[kind]):
            self.add_error(needs[kind], _("Choose what the action should move."))
        for other_kind, name in needs.items():
            if other_kind != kind:
                data[name] = "" if name == "target_dimension" else None
        return data

    def is_valid(self) -> bool:
        """Valid as a form, and by the rules every edge shares (:func:`services.check`)."""
        if not super().is_valid():
            return False
        try:
            services.check(self.instance)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
            return False
        return True


class NoteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProgressNote
        fields = ["day", "text"]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 2}),
        }


class UploadForm(forms.Form):
    what = forms.ChoiceField(
        label=_("The file holds"),
        choices=[("actions", _("actions (bulk update)")), ("workshop", _("workshop views"))],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self) -> Any:
        return uploads.checked(self.cleaned_data["file"])
