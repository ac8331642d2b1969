"""The coordinator's page for what respondents read before the first question: the
round's introduction and privacy notice (:mod:`joinedup.surveys.notice`).

The form starts from the texts respondents see now (the defaults, where the round
has none of its own). A closed round's texts stay as they were when it ran.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.surveys import notice
from joinedup.surveys.models import Round, RoundStatus


class RoundTextsForm(forms.Form):
    introduction = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=gettext_lazy("Introduction for respondents"),
        help_text=gettext_lazy(
            "Shown on the first page, before the questions. Left empty, the "
            "instrument's own introduction is shown (in Welsh too, where it has one)."
        ),
    )
    privacy_notice = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Privacy notice"),
        help_text=gettext_lazy(
            "Who sees what, the small-group rule and how long answers are kept; a blank "
            "line starts a new paragraph. Left empty, joinedup's notice for this round "
            "is shown."
        ),
    )


@login_required
def round_texts(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    closed = round_.status == RoundStatus.CLOSED
    initial = {
        "introduction": notice.introduction(round_),
        "privacy_notice": notice.privacy_notice(round_),
    }
    form = RoundTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data
        notice.save_texts(round_, data["introduction"], data["privacy_notice"])
        messages.success(request, _("Respondents will read the new texts on their first page."))
        return redirect("surveys:round", pk=round_.pk)
    context = {"round": round_, "partnership": round_.partnership, "form": form, "closed": closed}
    return render(request, "surveys/round_texts.html", context)
