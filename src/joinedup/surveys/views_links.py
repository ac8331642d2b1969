"""Coordinator pages for survey links: download them all as CSV, and make one
person a new link (after a confirmation page; the old link then stops working).

Both need ``can_manage`` on the round's partnership: a member or an evaluator of it
gets 403, anyone who may not see the partnership 404. Pages that show links are not
kept by browsers or proxies (``Cache-Control: no-store``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.surveys import links
from joinedup.surveys.models import Invitation, Round


def _managed_round(request: HttpRequest, pk: int) -> Round:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    return round_


@never_cache
@login_required
def links_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone invited with their link, for a mail merge (recorded in the audit
    log as a download, like every attachment)."""
    round_ = _managed_round(request, pk)
    response = HttpResponse(links.links_csv(round_), content_type="text/csv; charset=utf-8")
    name = f"round-{round_.pk}-survey-links.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def new_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Invitation ``pk``: GET asks for confirmation; POST makes the new link."""
    invitations = Invitation.objects.select_related(
        "round__partnership", "round__instrument", "person", "organisation"
    )
    inv = get_visible_or_404(invitations, request.user, pk, through="round__partnership")
    round_ = inv.round
    require_manage(request.user, round_.partnership)
    if request.method == "POST":
        links.new_link(inv)
        messages.success(
            request,
            _("%(name)s has a new link; the old one no longer works.")
            % {"name": inv.person.display_name},
        )
        return redirect(reverse("surveys:round", args=[round_.pk]) + "#links")
    context = {"round": round_, "partnership": round_.partnership, "invitation": inv}
    return render(request, "surveys/new_link.html", context)
