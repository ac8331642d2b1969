"""Adding someone to a round late, from the round's page: a person who was not in
the registry when the round was set up is recorded with their organisation (one of
the partnership's current members) and invited at once, with a stakeholder group.
For the round's coordinators and administrators; a closed round takes nobody."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.audit.log import record
from joinedup.registry.models import Organisation, Person
from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.surveys import rounds as service
from joinedup.surveys.models import Round, RoundStatus


class LateInviteeForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Organisation")
    )
    group = forms.ChoiceField(label=gettext_lazy("Stakeholder group"))

    def __init__(self, *args: Any, round_: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        members = round_.partnership.members_on(today).values_list("organisation_id", flat=True)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(pk__in=members)
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = [(g, g) for g in round_.groups]


def add_late_invitee(round_: Round, data: dict[str, Any]) -> Person:
    """Record the person (or find them by organisation and address) and invite them."""
    with transaction.atomic():
        person = Person.objects.filter(
            organisation=data["organisation"], email__iexact=data["email"]
        ).first()
        if person is None:
            person = Person.objects.create(
                display_name=data["display_name"],
                email=data["email"],
                organisation=data["organisation"],
            )
            record("person.create", obj=person, partnership=round_.partnership, summary=str(person))
        if round_.invitations.filter(person=person).exists():
            raise ValidationError(_("%(p)s is invited to this round already.") % {"p": person})
        service.invite(round_, [service.Invitee(person, data["group"])])
    return person


@login_required
def round_add_person(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    if round_.status == RoundStatus.CLOSED:
        raise PermissionDenied
    form = LateInviteeForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            person = add_late_invitee(round_, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(p)s is invited.") % {"p": person})
            return redirect("surveys:round", pk=round_.pk)
    context = {"round": round_, "partnership": round_.partnership, "form": form}
    return render(request, "surveys/round_add_person.html", context)
