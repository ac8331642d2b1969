"""The coordinator's page for a round's invitation and reminder text, with a preview.

"Preview" shows both messages as the first person invited (or an example person)
would receive them, with a sample link, and saves nothing; "Save" stores the texts.
A text with an unknown placeholder, a stray brace or no ``{link}`` is refused with
a message naming the problem.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.surveys import mailing
from joinedup.surveys.models import Round
from joinedup.surveys.views_coordinate import _round

PLACEHOLDER_HELP = gettext_lazy(
    "Placeholders: {name}, {partnership}, {period}, {closes} (the closing date) and "
    "{link} (the person's own link, required)."
)


class MessageTextsForm(forms.Form):
    invitation_text = forms.CharField(
        label=gettext_lazy("Invitation"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=PLACEHOLDER_HELP,
    )
    reminder_text = forms.CharField(
        label=gettext_lazy("Reminder"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=PLACEHOLDER_HELP,
    )

    def _checked(self, field: str) -> str:
        text = str(self.cleaned_data[field]).replace("\r\n", "\n")
        problems = mailing.placeholder_errors(text)
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean_invitation_text(self) -> str:
        return self._checked("invitation_text")

    def clean_reminder_text(self) -> str:
        return self._checked("reminder_text")


def _example(round_: Round) -> tuple[str, str]:
    """Whose name the preview shows, and a link of the right shape (not a real one)."""
    first = round_.invitations.select_related("person").order_by("pk").first()
    name = first.person.display_name if first else _("Alex Example")
    link = settings.BASE_URL + reverse("surveys:respond", args=["example-link-not-real"])
    return name, link


def _preview(round_: Round, invitation: str, reminder: str) -> list[dict[str, Any]]:
    name, link = _example(round_)
    return [
        {
            "title": _("Invitation"),
            "subject": mailing.message_subject(round_, reminder=False),
            "body": mailing.message_body(round_, invitation, False, name, link),
        },
        {
            "title": _("Reminder"),
            "subject": mailing.message_subject(round_, reminder=True),
            "body": mailing.message_body(round_, reminder, True, name, link),
        },
    ]


@login_required
def round_messages(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk, manage=True)
    invitation, reminder = mailing.texts(round_)
    initial = {"invitation_text": invitation, "reminder_text": reminder}
    form = MessageTextsForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            default_invitation, default_reminder = (
                str(mailing.DEFAULT_INVITATION),
                str(mailing.DEFAULT_REMINDER),
            )
            round_.invitation_text = (
                "" if data["invitation_text"] == default_invitation else data["invitation_text"]
            )
            round_.reminder_text = (
                "" if data["reminder_text"] == default_reminder else data["reminder_text"]
            )
            round_.save(update_fields=["invitation_text", "reminder_text"])
            messages.success(request, _("The invitation and reminder text are saved."))
            return redirect("surveys:round", pk=round_.pk)
        preview = _preview(round_, data["invitation_text"], data["reminder_text"])
    elif request.method != "POST":
        preview = _preview(round_, invitation, reminder)
    context = {"round": round_, "partnership": round_.partnership, "form": form, "preview": preview}
    return render(request, "surveys/round_messages.html", context)
