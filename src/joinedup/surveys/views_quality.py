"""Pages on how well an instrument measured (:mod:`joinedup.surveys.quality`): one
round's dimensions, and every round that used an instrument."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.registry import permissions
from joinedup.registry.permissions import get_visible_or_404
from joinedup.surveys.extract import versions
from joinedup.surveys.models import Round
from joinedup.surveys.quality import instrument_rounds, may_judge, round_quality


@login_required
def round_psychometrics(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    if not may_judge(request.user, round_):
        raise PermissionDenied
    context = {"round": round_, "quality": round_quality(round_)}
    return render(request, "surveys/round_quality.html", context)


@login_required
def instrument_psychometrics(request: HttpRequest, key: str) -> HttpResponse:
    stored = versions().filter(key=key).order_by("-version").first()
    if stored is None:
        raise Http404
    user = request.user
    if not (permissions.is_evaluator(user) or permissions.managed_partnerships(user).exists()):
        raise PermissionDenied
    rounds = [round_quality(r) for r in instrument_rounds(user, key)]
    context = {"instrument": stored, "rounds": rounds}
    return render(request, "surveys/instrument_quality.html", context)
