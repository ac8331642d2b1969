"""A coordinator's control of a round's dates, and the preview of its survey.

- "Close now" is a page that asks for confirmation (a plain form, no JavaScript);
  its button posts to the round's status view, which closes it.
- The closing day is changed on the round page while the round has not closed;
  once closed, the same form reopens it when :func:`joinedup.surveys.schedule.can_reopen`
  allows (results never published), and the page says why not otherwise.
- The preview walks the round's real question pages as a respondent sees them;
  nothing is stored: no response, no answer, not even in the session.

Everything here needs ``can_manage`` on the round's partnership.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from joinedup.analysis.instruments import ItemType
from joinedup.surveys import schedule
from joinedup.surveys.forms import PageForm
from joinedup.surveys.lifecycle import RoundState, closes_on, round_state
from joinedup.surveys.models import Response, ResponseSource, Round
from joinedup.surveys.respond import Page, pages, roster
from joinedup.surveys.views_coordinate import _round
from joinedup.surveys.visibility import submitted_count


class ClosingDayForm(forms.Form):
    closes = forms.DateField(
        label=gettext_lazy("New closing date"),
        help_text=gettext_lazy("Answers are taken until the end of this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@login_required
def close_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Are you sure? The page says what closing does, then posts to the status view."""
    round_ = _round(request, pk, manage=True)
    if round_state(round_) == RoundState.CLOSED:
        messages.info(request, _("The round is already closed."))
        return redirect("surveys:round", pk=round_.pk)
    count = submitted_count(round_)
    context = {
        "round": round_,
        "partnership": round_.partnership,
        "count": count,
        "k": int(settings.MIN_RESPONDENTS),
        "publishes": count >= int(settings.MIN_RESPONDENTS),
        "closes_on": closes_on(round_),
    }
    return render(request, "surveys/round_close.html", context)


@login_required
@require_POST
def closing_day(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the closing day of a running round, or reopen a closed one."""
    round_ = _round(request, pk, manage=True)
    form = ClosingDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the new closing date."))
        return redirect("surveys:round", pk=round_.pk)
    day = form.cleaned_data["closes"]
    reopening = round_state(round_) == RoundState.CLOSED
    try:
        if reopening:
            schedule.reopen(round_.pk, day)
        else:
            schedule.change_closing_day(round_.pk, day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        when = date_format(day, "j F Y")
        if reopening:
            messages.success(request, _("The round is open again until %(d)s.") % {"d": when})
        else:
            messages.success(request, _("The round now closes at the end of %(d)s.") % {"d": when})
    return redirect("surveys:round", pk=round_.pk)


def _preview_response(round_: Round) -> Response:
    """A respondent's response that is never saved: pages read its round only."""
    group = round_.groups[0] if round_.groups else ""
    return Response(round=round_, group=group, source=ResponseSource.WEB)


def _preview_orgs(response: Response, page: Page) -> list[Any]:
    """The organisations a page asks about. A follow-up page of the real survey
    asks about the partners the respondent said they work with; the preview
    stores no answers, so it shows every member there."""
    if not any(item.type == ItemType.RELATION for item in page.items):
        return []
    return roster(response)


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey as a respondent sees it, page by page; answers are checked as
    they would be, then forgotten."""
    round_ = _round(request, pk, manage=True)
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
    instrument = round_.instrument.instrument()
    all_pages = pages(instrument)
    count = len(all_pages)
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    index = int(raw) - 1 if raw and raw.isdigit() else 0
    index = max(0, min(index, count))
    lang = translation.get_language() or "en"
    common = {
        "preview": True,
        "round": round_,
        "partnership": round_.partnership,
        "title": instrument.text(instrument.title, lang),
        "number": index + 1,
        "count": count + 1,
        "first": index == 0,
    }
    if index >= count:
        return render(request, "surveys/preview_end.html", common)
    page = all_pages[index]
    response = _preview_response(round_)
    orgs = _preview_orgs(response, page)
    data = request.POST if request.method == "POST" else None
    form = PageForm(instrument, page, orgs, lang, data=data)
    if data is not None:
        going_back = "back" in data
        if form.is_valid() or going_back:
            target = index if going_back else index + 2
            return HttpResponseRedirect(f"{request.path}?page={max(target, 1)}")
    context = {
        **common,
        "form": form,
        "page": page,
        "heading": instrument.text(page.dimension.label, lang),
        "description": instrument.text(page.dimension.description, lang),
        "anonymous": round_.anonymous,
        "network": round_.instrument.kind == "network",
    }
    return render(request, "surveys/respond.html", context)
