"""The participation section of a partnership's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext

from joinedup.analysis.board import participation as board
from joinedup.participation import charts, services
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare


@declare("participation")
def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    """Participation measures as of today; None for those who may not see them
    or when the partnership has recorded no participation at all."""
    if not viewer.can_view(obj):
        return None
    context = services.summary(obj, dt.date.today())
    if not (context["activities"] or context["seats"] or context["indicators"]):
        return None
    context["partnership"] = obj
    context["can_manage"] = viewer.can_manage(obj)
    context["charts"] = [
        (indicator, trend, charts.indicator_svg(indicator))
        for indicator, trend in context["indicators"]
    ]
    context["public_page"] = getattr(obj, "public_feedback", None)
    tokenistic = [str(activity.title) for activity, _ in context["tokenism"]]
    overdue = sum(1 for _, status in context["seats"] if status.overdue)
    lines = board.board_lines(context["link_rate"], context["feedback"], tokenistic, overdue)
    return SectionResult.build(
        "participation",
        gettext("Participation and outcomes"),
        "participation/_section.html",
        context,
        lines,
    )
