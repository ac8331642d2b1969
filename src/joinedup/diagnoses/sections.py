"""The diagnoses sections of the partnership and organisation pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from joinedup.analysis.board import diagnoses as board
from joinedup.analysis.frameworks import depth, drift, dynamics, modes, sharing
from joinedup.diagnoses import services
from joinedup.diagnoses.charts import plane_svg
from joinedup.diagnoses.models import SharingEntry
from joinedup.registry.models import Organisation, Partnership
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare


def _sharing_orgs(obj: Partnership, d: services.Diagnoses) -> list[tuple[str, float, float | None]]:
    """(organisation, register share, survey share) per member, by name."""
    if d.sharing is None:
        return []
    names = {str(o.pk): o.name for o in Organisation.objects.filter(memberships__partnership=obj)}
    rows = [
        (names.get(org, org), float(v["register"] or 0.0), v["survey"])
        for org, v in d.sharing.organisations.items()
    ]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


@declare("diagnoses")
def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    d = services.diagnose(obj, dt.date.today())
    plotted = [r for r in d.rounds if r.overall.x is not None]
    context = {
        "partnership": obj,
        "d": d,
        "plane": mark_safe(plane_svg(d.rounds)) if plotted else "",  # noqa: S308 - SVG from vl-convert
        "latest": d.rounds[-1] if d.rounds else None,
        "dynamics_text": dynamics.explain(d.rounds[-1]) if d.rounds else "",
        "drift_text": drift.describe_path(d.trajectory) if d.trajectory else "",
        "alerts": [
            (drift.RULE_LABELS.get(a.rule, a.rule), a.message)
            for a in (d.trajectory.alerts if d.trajectory else ())
        ],
        "sharing_orgs": _sharing_orgs(obj, d),
        "depth_text": depth.explain(d.depth) if d.depth else "",
        "mix_text": modes.explain(d.mix) if d.mix else "",
        "sharing_text": sharing.explain(d.sharing) if d.sharing else "",
        "can_manage": viewer.can_manage(obj),
        "contracts": list(obj.partner_contracts.select_related("purchaser", "provider")),
        "decisions": list(obj.price_decisions.all()),
    }
    return SectionResult.build(
        "diagnoses",
        gettext("What kind of partnership is it becoming?"),
        "diagnoses/_partnership_section.html",
        context,
        board.board_lines(d.rounds, d.trajectory, d.depth),
    )


def organisation(viewer: Viewer, obj: Organisation, round_: Any = None) -> SectionResult | None:
    """What this organisation shares, in the partnerships the viewer may see (register facts)."""
    visible = viewer.visible_partnerships()
    entries = list(
        SharingEntry.objects.filter(organisations=obj, partnership__in=visible)
        .select_related("partnership")
        .order_by("partnership__name", "start")
    )
    if not entries:
        return None
    today = dt.date.today()
    rows = []
    for partnership_ in sorted({e.partnership for e in entries}, key=lambda p: p.name):
        mine = [e for e in entries if e.partnership_id == partnership_.pk]
        current = {e.kind for e in mine if e.start <= today and (e.end is None or e.end >= today)}
        rows.append((partnership_, mine, len(current) / len(sharing.KINDS)))
    return SectionResult.build(
        "diagnoses",
        gettext("What it shares with partners"),
        "diagnoses/_organisation_section.html",
        {"organisation": obj, "rows": rows},
    )
