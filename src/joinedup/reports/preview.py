"""A coordinator's provisional preview of an open round's results.

While a round is open its results are not published (see
:mod:`joinedup.surveys.visibility`): members and evaluators see the response
count only. A coordinator may look ahead once at least ``2k`` people have
answered: the overall score of each dimension, marked *provisional*, every figure
rounded to one decimal, with no breakdown by stakeholder group or sector, no
change since the previous round and no network figures. The coarse rounding and
the threshold keep two previews taken one response apart from giving that
response away. Administrators see the same page at any count, unrounded.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.analysis.scoring import RoundScores
from joinedup.analysis.suppression import Suppressed
from joinedup.registry import permissions
from joinedup.reports.scores import round_scores
from joinedup.surveys.extract import all_rounds
from joinedup.surveys.visibility import PREVIEW_DECIMALS, RoundView, round_view
from joinedup.web import withheld


def _figure(value: object, decimals: int) -> dict[str, Any]:
    if isinstance(value, Suppressed):
        return {"text": withheld.reason(value.reason), "suppressed": True}
    if isinstance(value, tuple):
        return {"text": "–".join(f"{v:.{decimals}f}" for v in value), "suppressed": False}
    if isinstance(value, float):
        return {"text": f"{value:.{decimals}f}", "suppressed": False}
    return {"text": "—", "suppressed": False}


def preview_rows(result: RoundScores, view: RoundView) -> list[dict[str, Any]]:
    """The overall figures of each dimension: the mean and its 95% interval,
    rounded as ``view`` says (one decimal for coordinators)."""
    decimals = PREVIEW_DECIMALS if view.rounded else 2
    return [
        {
            "label": d.label,
            "mean": _figure(d.mean, decimals),
            "ci": _figure(d.ci, decimals),
        }
        for d in result.dimensions
    ]


@login_required
def round_preview(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = permissions.get_visible_or_404(all_rounds(), request.user, pk, through="partnership")
    view = round_view(request.user, round_)
    if not view.provisional:
        raise PermissionDenied  # the round is visible; its provisional results are not
    result = round_scores(round_)
    context = {
        "round": round_,
        "partnership": round_.partnership,
        "view": view,
        "rows": preview_rows(result, view) if result is not None else [],
        "network": round_.instrument.kind == "network",
        "k": settings.MIN_RESPONDENTS,
        "respondents": round_.responses.filter(submitted__isnull=False).count(),
    }
    return render(request, "reports/preview.html", context)
