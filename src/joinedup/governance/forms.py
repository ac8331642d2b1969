"""The coordinator's forms: a decision right, an accountability line, a group at the table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joinedup.governance.models import AccountabilityLine, DecisionRight, IntendedGroup
from joinedup.registry.permissions import visible_organisations
from joinedup.web import uploads


class DecisionRightForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, partnership: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        # Any organisation the user may see may keep a decision, members or not: one
        # outside the partnership is the very thing the "members own" check looks for.
        organisation: Any = self.fields["organisation"]
        organisation.queryset = visible_organisations(user).order_by("name")
        holder: Any = self.fields["holder"]
        holder.choices = [("", _("nobody named yet")), *list(holder.choices)[1:]]

    class Meta:
        model = DecisionRight
        fields = ["area", "holder", "organisation", "delegate", "note"]


class AccountabilityLineForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, partnership: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    class Meta:
        model = AccountabilityLine
        fields = ["answers_to", "body", "through", "covers_spending", "note"]


class IntendedGroupForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, partnership: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    class Meta:
        model = IntendedGroup
        fields = ["name", "sector", "note"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of decision rights"),
        help_text=_("Columns: area, holder, organisation, delegate, note (header on row 1)."),
    )

    def clean_file(self) -> Any:
        return uploads.checked(self.cleaned_data["file"])
