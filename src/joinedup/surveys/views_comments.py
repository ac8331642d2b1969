"""The coordinators' pages for a round's answers in words
(:mod:`joinedup.surveys.comments`): every comment with a button to hide or unhide
it, the switch that shares comments with members, and the downloads.

Each change is a plain POST form (it works without JavaScript) and needs
``can_manage``: members and evaluators get 403, outsiders 404.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.registry.viewer import Viewer
from joinedup.surveys import comments
from joinedup.surveys.lifecycle import RoundState, round_state
from joinedup.surveys.models import Round


def _managed_round(request: HttpRequest, pk: int) -> Round:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    return round_


class SharingForm(forms.Form):
    members_see_comments = forms.BooleanField(
        required=False,
        label=gettext_lazy("Members and evaluators may read the comments"),
        help_text=gettext_lazy(
            "Off by default: only the coordinators read what people wrote. It can be "
            "switched on only before the round closes, because the privacy notice tells "
            "respondents who will read their words; it can be switched off at any time."
        ),
    )


@never_cache
@login_required
def round_comments(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    viewer = Viewer.of(request.user)
    closed = round_state(round_) == RoundState.CLOSED
    context = {
        "round": round_,
        "partnership": round_.partnership,
        "closed": closed,
        "questions": comments.moderation(viewer, round_),
        "has_words": comments.has_words(round_),
        "sharing": SharingForm(initial={"members_see_comments": round_.members_see_comments}),
        "k": comments.k(),
    }
    return render(request, "surveys/round_comments.html", context)


@login_required
@require_POST
def comment_visibility(request: HttpRequest, pk: int, answer: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    hide = request.POST.get("action") == "hide"
    try:
        changed = comments.set_hidden(Viewer.of(request.user), round_, answer, hide)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None
    if changed:
        messages.success(
            request,
            _("The comment is hidden: nobody else will see it, and it is left out of downloads.")
            if hide
            else _("The comment is shown again."),
        )
    return redirect(reverse("surveys:round_comments", args=[round_.pk]) + f"#comment-{answer}")


@login_required
@require_POST
def comments_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed_round(request, pk)
    form = SharingForm(request.POST)
    if form.is_valid():
        try:
            comments.set_members_see(round_, form.cleaned_data["members_see_comments"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved who reads the comments."))
    return redirect("surveys:round_comments", pk=round_.pk)


@login_required
def round_words_csv(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """The comments (hidden ones left out) or the multiple-choice counts of a closed
    round, for its coordinators and administrators."""
    if what not in ("comments", "choices"):
        raise Http404
    round_ = _managed_round(request, pk)
    viewer = Viewer.of(request.user)
    if not comments.may_read_counts(viewer, round_):
        raise PermissionDenied
    out = io.StringIO()
    csv.writer(out).writerows(comments.export_rows(viewer, round_, what))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-{what}.csv"'
    return response
