"""Pages of the web application."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from joinedup.registry.models import Organisation, Partnership


def home(request: HttpRequest) -> HttpResponse:
    partnerships = (
        Partnership.objects.select_related("lead").order_by("name")
        if request.user.is_authenticated
        else Partnership.objects.none()
    )
    return render(request, "joinedup/home.html", {"partnerships": partnerships})


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership.objects.select_related("lead"), pk=pk)
    memberships = partnership.memberships.select_related("organisation").order_by(
        "organisation__sector", "organisation__name", "joined"
    )
    return render(
        request,
        "joinedup/partnership.html",
        {"partnership": partnership, "memberships": memberships},
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    memberships = organisation.memberships.select_related("partnership").order_by(
        "partnership__name", "joined"
    )
    return render(
        request,
        "joinedup/organisation.html",
        {"organisation": organisation, "memberships": memberships},
    )
