"""The network map of the partnership page: the labelled picture, its legends,
a table of who is tied to whom, a short text summary, and what the page's
script needs to filter it (by sector, by tie strength, one organisation's own
network).

Nothing here shows more than the network section already did: the same ties
(without direction for everyone but administrators), the same names and
sectors. A tie's *strength* is, for administrators (who may see who rated whom),
the pair's rung on the ladder of partnership — the mean of both sides' ratings
where both rated, rounded half up, as the ladder counts pairs; for everyone else
it is the number of partners the two organisations have in common in the
network shown (an *embeddedness* measure read off the picture itself; ties
inside a tight group tend to be the strong ones: Granovetter 1973, Marsden &
Campbell 1984), so no one's rating of a partner is revealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext

from joinedup.analysis.network.build import pair_values
from joinedup.analysis.network.draw import (
    SECTOR_COLOURS,
    SECTOR_SHAPES,
    NetworkMap,
    network_map,
    sector_label,
)
from joinedup.analysis.network.scores import LADDER
from joinedup.networks.services import PartnershipNetwork


def _rung(value: float) -> int:
    return min(max(int(value + 0.5), 1), len(LADDER))


def tie_strengths(result: PartnershipNetwork) -> dict[tuple[int, int], float]:
    """Each tie's strength by its two node numbers, smaller first (see the module
    text: the pair's rung for administrators, partners in common otherwise)."""
    net = result.report.network
    graph = net.graph
    pairs = {(min(s, t), max(s, t)) for s, t in graph.get_edgelist()}
    if result.directed:
        index = net.index()
        rated = {}
        for p in pair_values(result.rows, "net_depth"):
            if p.a in index and p.b in index:
                a, b = index[p.a], index[p.b]
                rated[(min(a, b), max(a, b))] = float(_rung(p.combined))
        return {pair: rated[pair] for pair in pairs if pair in rated}
    neighbours = [set(graph.neighbors(v)) for v in range(graph.vcount())]
    return {(a, b): float(len(neighbours[a] & neighbours[b])) for a, b in pairs}


def draw(result: PartnershipNetwork) -> NetworkMap:
    title = gettext("Who works with whom in %(name)s (%(period)s)") % {
        "name": result.partnership.name,
        "period": result.round.period,
    }
    return network_map(
        result.report.network,
        result.report.measures["betweenness"],
        title=title,
        strengths=tie_strengths(result),
    )


@dataclass
class Legend:
    sector: str
    label: str
    shape: str
    swatch: str
    members: int


#: The sector's shape as a character of the report's font (DejaVu Sans), coloured by
#: the stylesheet: a legend key costs one glyph, not an SVG picture per key.
GLYPHS = {"circle": "●", "square": "■", "triangle": "▲", "diamond": "◆"}


def _swatch(sector: str) -> str:
    shape = SECTOR_SHAPES.get(sector, "circle")
    kind = sector if sector in SECTOR_SHAPES else "other"
    return f'<span class="netmap-glyph netmap-{kind}" aria-hidden="true">{GLYPHS[shape]}</span>'


def _size_swatch(large: bool) -> str:
    size = "large" if large else "small"
    return f'<span class="netmap-glyph netmap-size-{size}" aria-hidden="true">●</span>'


def _summary(result: PartnershipNetwork, degrees: list[int]) -> list[str]:
    report = result.report
    nodes = report.network.nodes
    n, ties = report.summary.nodes, report.summary.edges
    lines = [
        ngettext(
            "%(n)d member organisation and %(ties)d ties between them.",
            "%(n)d member organisations and %(ties)d ties between them.",
            n,
        )
        % {"n": n, "ties": ties}
    ]
    ranked = sorted(range(len(nodes)), key=lambda v: (-degrees[v], nodes[v].label))
    top = [v for v in ranked[:3] if degrees[v] > 0]
    if top:
        names = ", ".join(f"{nodes[v].label} ({degrees[v]})" for v in top)
        lines.append(gettext("Most ties: %(names)s.") % {"names": names})
    alone = [nodes[v].label for v in range(len(nodes)) if degrees[v] == 0]
    if alone:
        lines.append(gettext("No tie to anyone: %(names)s.") % {"names": ", ".join(alone)})
    if report.brokers:
        lines.append(
            gettext("The main go-between (highest betweenness): %(name)s.")
            % {"name": result.name(report.brokers[0][0])}
        )
    return lines


def map_context(result: PartnershipNetwork) -> dict[str, Any]:
    """What the map's template needs: the picture, legends, key, ties, summary."""
    drawn = draw(result)
    net = result.report.network
    nodes = net.nodes
    graph = net.graph
    undirected = graph.as_undirected(mode="collapse") if graph.is_directed() else graph
    degrees = undirected.degree()
    strengths = tie_strengths(result)
    order = list(SECTOR_SHAPES)
    present = sorted(
        {n.sector for n in nodes}, key=lambda s: (order.index(s) if s in order else 9, s)
    )
    legend = [
        Legend(
            s,
            sector_label(s),
            SECTOR_SHAPES.get(s, "circle"),
            _swatch(s),
            sum(n.sector == s for n in nodes),
        )
        for s in present
    ]
    ties = [
        {
            "a": nodes[a].label,
            "b": nodes[b].label,
            "strength": strengths.get((a, b)),
        }
        for a, b in sorted(
            strengths if strengths else {(min(s, t), max(s, t)) for s, t in graph.get_edgelist()},
            key=lambda p: (nodes[p[0]].label, nodes[p[1]].label),
        )
    ]
    levels = sorted({int(v) for v in strengths.values()})
    return {
        "svg": drawn.svg,
        "map": drawn,
        "legend": legend,
        "colours": SECTOR_COLOURS,
        "sizes": [
            (_size_swatch(False), gettext("lowest")),
            (_size_swatch(True), gettext("highest")),
        ],
        "key": [
            {"number": number, "short": drawn.short[v], "name": name}
            for number, v, name in drawn.key
        ],
        "organisations": [
            {
                "node": v,
                "name": n.label,
                "short": drawn.short[v],
                "sector": sector_label(n.sector),
                "ties": degrees[v],
            }
            for v, n in enumerate(nodes)
        ],
        "ties": ties,
        "levels": [(level, _level_label(result, level)) for level in levels],
        "strength_is_rung": result.directed,
        "summary": _summary(result, degrees),
    }


def _level_label(result: PartnershipNetwork, level: int) -> str:
    if result.directed:
        return f"{level} {LADDER[level - 1]}"
    return ngettext("%(n)d partner in common", "%(n)d partners in common", level) % {"n": level}
