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
from joinedup.surveys.models import Round, RoundLanguages, RoundStatus


class RoundTextsForm(forms.Form):
    languages = forms.ChoiceField(
        choices=RoundLanguages.choices,
        required=False,
        label=gettext_lazy("Languages"),
        help_text=gettext_lazy(
            "In a bilingual round each respondent chooses Welsh or English on the first "
            "page and can switch at any time; invitations and reminders carry both "
            "languages, in the order chosen here."
        ),
    )
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

    introduction_cy = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "cy"}),
        label=gettext_lazy("Introduction in Welsh"),
        help_text=gettext_lazy(
            "Shown instead to respondents who answer in Welsh. Left empty, they read the "
            "questionnaire's Welsh introduction, or your introduction above if you wrote one."
        ),
    )
    privacy_notice_cy = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "cy"}),
        label=gettext_lazy("Privacy notice in Welsh"),
        help_text=gettext_lazy(
            "Shown instead to respondents who answer in Welsh. Left empty, they read "
            "joinedup's notice in Welsh, or your notice above if you wrote one."
        ),
    )


def initial_texts(round_: Round) -> dict[str, str]:
    """The texts as respondents read them now (the Welsh ones only where they are
    the round's own or the Welsh defaults, not an English text shown in their place)."""
    intro_cy, notice_cy = notice.welsh_defaults(round_)
    return {
        "languages": round_.languages,
        "introduction": notice.introduction(round_),
        "privacy_notice": notice.privacy_notice(round_),
        "introduction_cy": round_.introduction_cy or ("" if round_.introduction else intro_cy),
        "privacy_notice_cy": round_.privacy_notice_cy
        or ("" if round_.privacy_notice else notice_cy),
    }


def save_round_texts(round_: Round, data: dict[str, str]) -> None:
    """Store the languages and the four texts of :class:`RoundTextsForm`."""
    round_.languages = data.get("languages") or ""
    round_.save(update_fields=["languages"])
    notice.save_texts(
        round_,
        data["introduction"],
        data["privacy_notice"],
        data.get("introduction_cy", ""),
        data.get("privacy_notice_cy", ""),
    )


@login_required
def round_texts(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    closed = round_.status == RoundStatus.CLOSED
    form = RoundTextsForm(request.POST or None, initial=initial_texts(round_))
    if request.method == "POST" and not closed and form.is_valid():
        save_round_texts(round_, form.cleaned_data)
        messages.success(request, _("Respondents will read the new texts on their first page."))
        return redirect("surveys:round", pk=round_.pk)
    context = {"round": round_, "partnership": round_.partnership, "form": form, "closed": closed}
    return render(request, "surveys/round_texts.html", context)
