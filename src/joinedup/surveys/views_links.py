"""Coordinator pages for survey links: download them all as CSV, and make one
person a new link (after a confirmation page; the old link then stops working).

The open link of a round is switched on and off here too.

All need ``can_manage`` on the round's partnership: a member or an evaluator of it
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
from django.views.decorators.http import require_POST

from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.surveys import links, openlinks
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


@login_required
@require_POST
def open_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch the round's open link on (``action=on``) or off (``action=off``)."""
    round_ = _managed_round(request, pk)
    if request.POST.get("action") == "off":
        openlinks.switch_off(round_)
        messages.success(request, _("The open link is switched off; it no longer works."))
    else:
        openlinks.switch_on(round_)
        messages.success(
            request, _("The open link is on: anyone with it can answer once per browser.")
        )
    return redirect(reverse("surveys:round", args=[round_.pk]) + "#open-link")
