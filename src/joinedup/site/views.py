"""The site's pages: home, dashboard, and the partnership and organisation pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.analysis.board.text import ranked
from joinedup.registry import permissions
from joinedup.registry.models import Organisation, Partnership
from joinedup.registry.viewer import Viewer
from joinedup.site import dashboards, roles
from joinedup.web import sections

#: The weightiest questions for the board shown on the overview (the report has more).
OVERVIEW_QUESTIONS = 3


def favicon(request: HttpRequest) -> HttpResponse:
    """Nothing at /favicon.ico, said without an error: joinedup's own pages name no
    icon (``data:``), and the administration's pages would otherwise log a 404."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "max-age=86400"
    return response


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what joinedup is and a way in. Signed in: what the user's roles
    let them do (:mod:`joinedup.site.roles`) and a card per partnership."""
    context: dict[str, object] = {}
    if request.user.is_authenticated:
        visible = permissions.visible_partnerships(request.user)
        managed = permissions.managed_partnerships(request.user)
        context["cards"] = dashboards.cards(visible, managed)
        context["is_evaluator"] = permissions.is_evaluator(request.user)
        context["manages"] = managed.exists()
        context["role_notes"] = roles.notes(request.user)
        context["small_groups"] = roles.small_groups_sentence()
    return render(request, "joinedup/home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The coordinator's dashboard: the partnerships they run, open rounds, response rates."""
    managed = permissions.managed_partnerships(request.user)
    cards = dashboards.cards(managed, managed)
    open_rounds = [(card, r) for card in cards for r in card.open_rounds]
    return render(request, "joinedup/dashboard.html", {"cards": cards, "open_rounds": open_rounds})


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership's overview: one card per section (its headline and status,
    linking to the section's own page), then the members."""
    partnerships = Partnership.objects.select_related("lead")
    partnership = permissions.get_visible_or_404(partnerships, request.user, pk)
    memberships = partnership.memberships.select_related("organisation").order_by(
        "organisation__sector", "organisation__name", "joined"
    )
    found = sections.for_partnership(Viewer.of(request.user), partnership)
    questions = ranked([q for result in found for q in result.questions], OVERVIEW_QUESTIONS)
    return render(
        request,
        "joinedup/partnership.html",
        {
            "partnership": partnership,
            "memberships": memberships,
            "can_manage": permissions.can_manage(request.user, partnership),
            "sections": found,
            "questions": questions,
        },
    )


@login_required
def partnership_section(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One section of the partnership in full, on its own page (computed alone)."""
    partnerships = Partnership.objects.select_related("lead")
    partnership = permissions.get_visible_or_404(partnerships, request.user, pk)
    result = sections.partnership_section(Viewer.of(request.user), partnership, key)
    if result is None:
        raise Http404("no such section")
    return render(
        request,
        "joinedup/partnership_section.html",
        {"partnership": partnership, "section": result},
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_visible_or_404(Organisation, request.user, pk)
    visible = permissions.visible_partnerships(request.user)
    memberships = (
        organisation.memberships.filter(partnership__in=visible)
        .select_related("partnership")
        .order_by("partnership__name", "joined")
    )
    current = [m for m in memberships if m.left is None]
    managed = permissions.managed_organisations(request.user)
    can_change = managed.filter(pk=organisation.pk).exists()
    return render(
        request,
        "joinedup/organisation.html",
        {
            "organisation": organisation,
            "can_change": can_change,
            # Names and addresses only for those who may change them.
            "people": organisation.people.all() if can_change else None,
            "memberships": memberships,
            "current_count": len({m.partnership_id for m in current}),
            "sections": sections.for_organisation(Viewer.of(request.user), organisation),
        },
    )
