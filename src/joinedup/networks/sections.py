"""The networks sections on the partnership and organisation pages.

Permissions are applied here: the partnership section needs ``can_view``;
pair discrepancies (who rated whom) are added for administrators only, and the
template never prints them in a report (``in_report``), whoever makes it.
Administrators see the directed network; everyone else the shared report, with
ties and measures without direction, and which organisations answered only as a
total (a tie with an organisation known not to have answered was named by the
other side). Per-organisation trust and value come already protected by the
disclosure rule.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from joinedup.analysis.board import networks as board
from joinedup.analysis.board.text import NO_DATA, BoardLines
from joinedup.analysis.network.brokerage import ROLES
from joinedup.analysis.network.measures import MEANINGS
from joinedup.analysis.network.scores import LADDER
from joinedup.networks import interlocking
from joinedup.networks.charts import ladder_svg
from joinedup.networks.netmap import map_context
from joinedup.networks.services import (
    PartnershipNetwork,
    organisation_interlocks,
    partnership_network,
)
from joinedup.registry.models import Organisation, Partnership, Sector
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare

SECTOR_NAMES = dict(Sector.choices)


def _brokers(result: PartnershipNetwork, limit: int = 5) -> list[dict[str, Any]]:
    report = result.report
    ids = [n.id for n in report.network.nodes]
    sectors = report.network.sector_of()
    rows = []
    for node_id, value in report.brokers[:limit]:
        roles = report.roles[ids.index(node_id)]
        rows.append(
            {
                "name": result.name(node_id),
                "sector": SECTOR_NAMES.get(sectors[node_id], sectors[node_id]),
                "betweenness": value,
                "roles": [(role, roles[role]) for role in ROLES if roles[role]],
            }
        )
    return rows


def _by_sector(result: PartnershipNetwork) -> list[dict[str, Any]]:
    """Periphery, E-I and roles by sector; who answered by sector only in the
    administrators' directed view."""
    report = result.report
    response = {r.sector: r for r in report.response}
    rows = []
    for sector, counts in report.periphery.by_sector.items():
        rate = response.get(sector) if result.directed else None
        rows.append(
            {
                "sector": SECTOR_NAMES.get(sector, sector),
                **counts,
                "responded": rate.responded if rate else 0,
                "rate": rate.rate if rate else 0.0,
                "ei": report.ei.by_sector.get(sector),
                "roles": report.roles_by_sector.get(sector, {}),
            }
        )
    return rows


def _ladder(result: PartnershipNetwork) -> dict[str, Any]:
    report = result.report
    change = report.ladder_change or {}
    rungs = [
        {
            "rung": rung,
            "label": LADDER[rung - 1],
            "count": report.ladder.counts[rung],
            "share": report.ladder.share(rung),
            "change": change.get(rung),
        }
        for rung in report.ladder.counts
    ]
    return {
        "rungs": rungs,
        "ladder": report.ladder,
        "has_change": bool(change),
        "chart": mark_safe(_ladder_chart(result)),  # noqa: S308 (SVG from vl-convert)
    }


def _ladder_chart(result: PartnershipNetwork) -> str:
    """Pairs per rung, this round beside the round before when that is shown."""
    now = (str(result.round.period), result.report.ladder)
    before = None
    if result.previous is not None and result.previous_ladder is not None:
        before = (str(result.previous.period), result.previous_ladder)
    return ladder_svg(now, before)


def _rung(value: float | None) -> str:
    """A rating as its nearest rung (half up) with the organisation's mean."""
    if value is None:
        return "—"
    return f"{LADDER[min(max(int(value + 0.5), 1), len(LADDER)) - 1]} ({value:.1f})"


def _discrepancies(result: PartnershipNetwork) -> list[dict[str, Any]]:
    return [
        {
            "a": result.name(p.a),
            "b": result.name(p.b),
            "a_rates_b": _rung(p.a_rates_b),
            "b_rates_a": _rung(p.b_rates_a),
            "gap": p.gap,
        }
        for p in result.report.discrepancies.pairs
    ]


def _scores(result: PartnershipNetwork) -> list[dict[str, Any]]:
    report = result.report
    rows = []
    for node in report.network.nodes:
        trust, value = report.trust[node.id], report.value[node.id]
        rows.append({"name": node.label, "trust": trust, "value": value})
    return rows


def _positions(result: PartnershipNetwork, limit: int = 5) -> list[dict[str, Any]]:
    if result.report.panel is None:
        return []
    return [
        {
            "name": result.name(p.id),
            "degree_before": p.degree_before,
            "degree_after": p.degree_after,
            "betweenness_change": p.betweenness_change,
        }
        for p in result.report.panel.positions[:limit]
    ]


@declare("networks")
def partnership(
    viewer: Viewer, partnership: Partnership, round_: Any = None
) -> SectionResult | None:
    if not viewer.can_view(partnership):
        return None
    is_admin = viewer.is_administrator
    result = partnership_network(partnership, directed=is_admin)
    if result is None:
        return None
    report = result.report
    answered = sum(r.responded for r in report.response)
    interlocks = interlocking.partnership_interlocks(partnership, viewer.visible_partnerships())
    context = {
        "partnership": partnership,
        "result": result,
        "report": report,
        "map": map_context(result),
        "brokers": _brokers(result),
        "by_sector": _by_sector(result),
        "ladder": _ladder(result),
        "sensitivity": [
            {
                "treatment": row.treatment,
                "ties": row.ties,
                "density": row.density,
                "centralization": row.centralization,
                "brokers": [result.name(b) for b in row.brokers],
            }
            for row in report.sensitivity
        ],
        "missing": [n.name for n in report.missing] if is_admin else None,
        "answered": answered,
        "answer_rate": answered / report.summary.nodes if report.summary.nodes else 0.0,
        "meanings": MEANINGS,
        "panel": report.panel,
        "positions": _positions(result),
        "scores": _scores(result),
        "communities": len(set(report.measures["community"])),
        "modularity": report.modularity,
        "discrepancies": _discrepancies(result) if is_admin else None,
        "is_admin": is_admin,
        "interlocks": interlocks,
    }
    lines = _board_lines(result, interlocks)
    if answered < int(settings.MIN_RESPONDENTS):
        lines.headline = gettext(
            "Too few member organisations have answered the network survey yet to "
            "describe the network."
        )
        lines.status = NO_DATA
    return SectionResult.build(
        "networks", gettext("Partnership network"), "networks/_partnership.html", context, lines
    )


def _board_lines(
    result: PartnershipNetwork, interlocks: interlocking.PartnershipInterlocks
) -> BoardLines:
    """The report's summary, questions and methods from the figures shown above,
    with the interlocking partnerships after the network's own lines."""
    report = result.report
    brokers = [board.Broker(b["name"], b["sector"], b["betweenness"]) for b in _brokers(result)]
    by_sector = {
        str(SECTOR_NAMES.get(sector, sector)): counts
        for sector, counts in report.periphery.by_sector.items()
    }
    lines = board.board_lines(
        str(result.round.period),
        report.summary.nodes,
        report.summary.edges,
        report.summary.density,
        brokers,
        by_sector,
        (report.power.hierarchy, report.power.reason),
    )
    shared = interlocking.summary_line(interlocks)
    if shared:
        lines.summary.append(shared)
    lines.questions += interlocking.overload_prompt(interlocks)
    return lines


def organisation(
    viewer: Viewer, organisation: Organisation, round_: Any = None
) -> SectionResult | None:
    visible = viewer.visible_partnerships()
    found = organisation_interlocks(visible)
    load = found.load_of(str(organisation.pk))
    if load is None:
        return None
    names = dict(
        Organisation.objects.filter(
            pk__in=[int(o) for o, _ in found.partners_of(str(organisation.pk))]
        ).values_list("pk", "name")
    )
    partnerships = dict(
        visible.filter(pk__in=[int(p) for p in load.partnerships]).values_list("pk", "name")
    )
    context = {
        "organisation": organisation,
        "load": load,
        "threshold": found.threshold,
        "partnerships": [(int(p), partnerships[int(p)]) for p in load.partnerships],
        "shared": [(int(o), names[int(o)], n) for o, n in found.partners_of(str(organisation.pk))],
    }
    return SectionResult.build(
        "networks", gettext("Interlocking partnerships"), "networks/_organisation.html", context
    )
