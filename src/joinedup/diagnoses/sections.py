"""The diagnoses section of the partnership page (order 35)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from joinedup.analysis.frameworks import depth, drift, dynamics, modes, sharing
from joinedup.diagnoses import services
from joinedup.diagnoses.charts import plane_svg
from joinedup.registry import permissions
from joinedup.registry.models import Partnership


def partnership(request: HttpRequest, obj: Partnership) -> dict[str, Any] | None:
    if not permissions.can_view(request.user, obj):
        return None
    d = services.diagnose(obj, dt.date.today())
    plotted = [r for r in d.rounds if r.overall.x is not None]
    return {
        "partnership": obj,
        "d": d,
        "plane": mark_safe(plane_svg(d.rounds)) if plotted else "",  # noqa: S308 - SVG from vl-convert
        "latest": d.rounds[-1] if d.rounds else None,
        "dynamics_text": dynamics.explain(d.rounds[-1]) if d.rounds else "",
        "drift_text": drift.explain(d.trajectory) if d.trajectory else "",
        "depth_text": depth.explain(d.depth) if d.depth else "",
        "mix_text": modes.explain(d.mix) if d.mix else "",
        "sharing_text": sharing.explain(d.sharing) if d.sharing else "",
        "can_manage": permissions.can_manage(request.user, obj),
    }
