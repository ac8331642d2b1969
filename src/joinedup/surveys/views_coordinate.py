"""Coordinator pages: a partnership's rounds, one round's response rate, creating a
round, inviting members, opening and closing, and the reminder list.

Reading needs ``can_view``; everything that changes a round needs ``can_manage``.
What a reader sees of a round's response (the count only while it is open; the
chasing list for its coordinators; breakdowns once it is closed) is decided by
:func:`joinedup.surveys.visibility.round_view`. Response rates are counts of
invitations; no page shows who answered what.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.registry.models import Partnership
from joinedup.registry.permissions import can_manage, get_visible_or_404, require_manage
from joinedup.surveys import comments, lifecycle, links, mailing, openlinks
from joinedup.surveys import rounds as service
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.forms import InstrumentChoiceField
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import DEFAULT_GROUPS, InstrumentVersion, Round, RoundStatus
from joinedup.surveys.schedule import can_reopen
from joinedup.surveys.views_comments import SharingForm
from joinedup.surveys.views_texts import RoundTextsForm, save_round_texts
from joinedup.surveys.visibility import round_view, visible_rates


def _partnership(request: HttpRequest, pk: int, manage: bool = False) -> Partnership:
    """404 for a partnership the viewer may not see; 403 when ``manage`` and they
    may see it but not run its rounds."""
    partnership = get_visible_or_404(Partnership, request.user, pk)
    if manage:
        require_manage(request.user, partnership)
    return partnership


def _round(request: HttpRequest, pk: int, manage: bool = False) -> Round:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    if manage:
        require_manage(request.user, round_.partnership)
    return round_


@login_required
def rounds(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    rows = [
        (r, visible_rates(request.user, r, breakdown=False))
        for r in partnership_rounds(partnership)
    ]
    context = {
        "partnership": partnership,
        "rows": rows,
        "manage": can_manage(request.user, partnership),
    }
    return render(request, "surveys/rounds.html", context)


class RoundForm(forms.Form):
    instrument = InstrumentChoiceField(
        queryset=InstrumentVersion.objects.order_by("title", "version"),
        label=gettext_lazy("Instrument"),
    )
    period = forms.CharField(
        max_length=100,
        label=gettext_lazy("Period"),
        help_text=gettext_lazy("For example “spring 2026”."),
    )
    opens = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes = forms.DateField(
        label=gettext_lazy("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    groups = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="\n".join(DEFAULT_GROUPS),
        label=gettext_lazy("Stakeholder groups"),
        help_text=gettext_lazy("One per line; each person invited belongs to one of them."),
    )
    anonymous = forms.ChoiceField(
        label=gettext_lazy("Anonymous responses"),
        choices=[
            ("", gettext_lazy("As the instrument suggests (yes for the health check)")),
            ("yes", gettext_lazy("Yes: cut the link to the person when they submit")),
            ("no", gettext_lazy("No: keep the link to the invitation")),
        ],
        required=False,
        help_text=gettext_lazy(
            "In an anonymous round, once someone submits, nothing in the database links "
            "their answers to them: the answers keep only their organisation and "
            "stakeholder group. A network survey always keeps the organisation (ties are "
            "between organisations), never the person, when anonymous."
        ),
    )

    members_see_comments = SharingForm.base_fields["members_see_comments"]
    languages = RoundTextsForm.base_fields["languages"]
    introduction = RoundTextsForm.base_fields["introduction"]
    privacy_notice = RoundTextsForm.base_fields["privacy_notice"]
    introduction_cy = RoundTextsForm.base_fields["introduction_cy"]
    privacy_notice_cy = RoundTextsForm.base_fields["privacy_notice_cy"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            raise ValidationError(_("The round must close after it opens."))
        return data


@login_required
def round_new(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, manage=True)
    ensure_builtin_instruments()
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        groups = [g.strip() for g in data["groups"].splitlines() if g.strip()]
        zone = partnership.zone()
        round_ = service.create_round(
            partnership,
            data["instrument"],
            data["period"],
            lifecycle.start_of(data["opens"], zone),
            lifecycle.end_of(data["closes"], zone),  # inclusive: to the end of that day
            groups,
            status=RoundStatus.OPEN,  # scheduled: it opens and closes on its days
            anonymous={"yes": True, "no": False}.get(data["anonymous"]),
        )
        if data["members_see_comments"]:
            comments.set_members_see(round_, True)
        save_round_texts(round_, data)
        messages.success(
            request,
            _(
                "The round is created. It opens on %(opens)s and closes at the end of "
                "%(closes)s by itself; you can invite people now."
            )
            % {
                "opens": date_format(data["opens"], "j F Y"),
                "closes": date_format(data["closes"], "j F Y"),
            },
        )
        return redirect("surveys:round", pk=round_.pk)
    return render(request, "surveys/round_new.html", {"partnership": partnership, "form": form})


@never_cache  # a coordinator's page holds the survey links
@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    now = lifecycle.current()
    lifecycle.settle_due_rounds(now, pk=round_.pk)  # the lazy write; the state is already known
    state = lifecycle.round_state(round_, now)
    manage = can_manage(request.user, round_.partnership)
    closed = state == lifecycle.RoundState.CLOSED
    candidates = service.invite_candidates(round_) if manage and not closed else []
    rates = visible_rates(request.user, round_, now=now)
    statuses = mailing.invitation_statuses(round_) if manage and rates.view.chasing else []
    open_link = openlinks.active_link(round_) if manage else None
    context = {
        "round": round_,
        "partnership": round_.partnership,
        "state": state,
        "opens_on": lifecycle.opens_on(round_),
        "closes_on": lifecycle.closes_on(round_),
        "today": lifecycle.today(round_, now),
        "reopening": can_reopen(round_, now) if manage and closed else None,
        "manage": manage,
        "rates": rates,
        "view": rates.view,
        "network": round_.instrument.kind == "network",
        "candidates": [(p, service.default_group(round_, p)) for p in candidates],
        "statuses": statuses,
        "status_counts": mailing.status_counts(statuses),
        "links": links.invitations_with_links(round_) if manage else [],
        "base_warning": links.base_url_warning(request) if manage else "",
        "open_link": open_link,
        "open_url": openlinks.url_of(open_link) if open_link else None,
    }
    return render(request, "surveys/round.html", context)


@login_required
@require_POST
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, manage=True)
    chosen = []
    for person in service.invite_candidates(round_):
        group = request.POST.get(f"group_{person.pk}", "")
        if group:
            chosen.append(service.Invitee(person, group))
    try:
        _tokens, queued = service.invite_people(round_, chosen)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, mailing.summary(queued))
    return redirect("surveys:round", pk=round_.pk)


@login_required
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, manage=True)
    action = request.POST.get("action")
    try:
        if action == "open":
            service.open_round(round_)
            messages.success(request, _("The round is open."))
        elif action == "close":
            service.close_round(round_.pk)  # asked for on the confirmation page
            messages.success(request, _("The round is closed; no more answers will be taken."))
        elif action == "remind":
            messages.success(request, mailing.summary(service.remind(round_), reminder=True))
            unkept = links.unkept_count(list(service.non_respondents(round_)))
            if unkept:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)d person who has not answered has no kept link and was not "
                        "reminded: make them a new link (under “Survey links”).",
                        "%(n)d people who have not answered have no kept link and were "
                        "not reminded: make them a new link (under “Survey links”).",
                        unkept,
                    )
                    % {"n": unkept},
                )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("surveys:round", pk=round_.pk)


@login_required
def reminders_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has not answered yet: for the round's coordinators and administrators."""
    round_ = _round(request, pk, manage=True)
    if not round_view(request.user, round_).chasing:
        raise PermissionDenied
    response = HttpResponse(service.reminder_csv(round_), content_type="text/csv; charset=utf-8")
    name = f"round-{round_.pk}-not-yet-answered.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
