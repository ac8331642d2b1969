"""A static network picture as SVG text, laid out in Python.

The layout is igraph's Fruchterman–Reingold force-directed layout run with a
seeded generator, so the same network always gives the same picture. Nodes
are coloured by sector (Okabe–Ito colours, distinguishable with colour-blind
vision) and their area follows a chosen centrality; a legend explains both.
No script, no external resource: the SVG can be inlined in a page or a PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from joinedup.analysis.network.build import Network
from joinedup.analysis.network.measures import seeded

SECTOR_COLOURS = {
    "public": "#0072B2",
    "private": "#E69F00",
    "voluntary": "#009E73",
    "community": "#CC79A7",
}
OTHER_COLOUR = "#8C8C8C"
SECTOR_LABELS = {
    "public": "Statutory / public",
    "private": "Private",
    "voluntary": "Voluntary",
    "community": "Community",
}
WIDTH, HEIGHT, LEGEND = 760, 520, 190
MARGIN, MARGIN_X, MIN_R, MAX_R = 48, 84, 5.0, 20.0


def _attr(value: float) -> str:
    return f"{value:.1f}"


def _layout(network: Network, seed: int) -> list[tuple[float, float]]:
    graph = (
        network.graph.as_undirected(mode="collapse")
        if network.graph.is_directed()
        else network.graph
    )
    if graph.vcount() == 0:
        return []
    with seeded(seed):
        layout = graph.layout_fruchterman_reingold(niter=1000)
    xs, ys = [p[0] for p in layout.coords], [p[1] for p in layout.coords]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    area_w, area_h = WIDTH - LEGEND - 2 * MARGIN_X, HEIGHT - 2 * MARGIN
    return [
        (MARGIN_X + (x - min(xs)) / span_x * area_w, MARGIN + (y - min(ys)) / span_y * area_h)
        for x, y in zip(xs, ys, strict=True)
    ]


def _radii(sizes: Sequence[float]) -> list[float]:
    top = max(sizes, default=0.0)
    if top <= 0:
        return [MIN_R + 2] * len(sizes)
    return [MIN_R + (MAX_R - MIN_R) * math.sqrt(max(s, 0.0) / top) for s in sizes]


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _edges(network: Network, pos: list[tuple[float, float]], radii: list[float]) -> list[str]:
    out = []
    arrow = ' marker-end="url(#jn-arrow)"' if network.graph.is_directed() else ""
    ties = set(network.graph.get_edgelist())
    for s, t in sorted(ties):
        (x1, y1), (x2, y2) = pos[s], pos[t]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        if network.graph.is_directed() and (t, s) in ties:
            # Returned ties are drawn side by side, each shifted to its own right.
            x1, y1, x2, y2 = x1 - uy * 2.5, y1 + ux * 2.5, x2 - uy * 2.5, y2 + ux * 2.5
        end = radii[t] + 3
        out.append(
            f'<line x1="{_attr(x1 + ux * radii[s])}" y1="{_attr(y1 + uy * radii[s])}" '
            f'x2="{_attr(x2 - ux * end)}" y2="{_attr(y2 - uy * end)}"{arrow}/>'
        )
    return out


def _nodes(network: Network, pos: list[tuple[float, float]], radii: list[float]) -> list[str]:
    out = []
    for v, node in enumerate(network.nodes):
        x, y = pos[v]
        colour = SECTOR_COLOURS.get(node.sector, OTHER_COLOUR)
        sector = SECTOR_LABELS.get(node.sector, node.sector or "sector not given")
        out.append(
            f'<g class="jn-node"><title>{escape(node.label)} ({escape(sector)})</title>'
            f'<circle cx="{_attr(x)}" cy="{_attr(y)}" r="{_attr(radii[v])}" fill="{colour}"/>'
            f'<text x="{_attr(x)}" y="{_attr(y + radii[v] + 12)}">'
            f"{escape(_short(node.label))}</text></g>"
        )
    return out


def _legend(network: Network, size_label: str) -> list[str]:
    x0 = WIDTH - LEGEND + 12
    out = [f'<text class="jn-head" x="{x0}" y="{MARGIN}">Sector</text>']
    order = list(SECTOR_COLOURS)
    present = sorted(
        {n.sector for n in network.nodes},
        key=lambda s: (order.index(s) if s in order else len(order), s),
    )
    y = MARGIN + 22
    for sector in present:
        colour = SECTOR_COLOURS.get(sector, OTHER_COLOUR)
        label = SECTOR_LABELS.get(sector, sector or "not given")
        out.append(f'<circle cx="{x0 + 7}" cy="{y - 4}" r="7" fill="{colour}"/>')
        out.append(f'<text class="jn-key" x="{x0 + 22}" y="{y}">{escape(label)}</text>')
        y += 22
    y += 14
    out.append(f'<text class="jn-head" x="{x0}" y="{y}">Size</text>')
    out.append(f'<text class="jn-key" x="{x0}" y="{y + 18}">{escape(size_label)}</text>')
    out.append(f'<circle cx="{x0 + 12}" cy="{y + 46}" r="{MIN_R}" fill="#ccc"/>')
    out.append(f'<text class="jn-key" x="{x0 + 30}" y="{y + 50}">lowest</text>')
    out.append(f'<circle cx="{x0 + 12}" cy="{y + 82}" r="{MAX_R}" fill="#ccc"/>')
    out.append(f'<text class="jn-key" x="{x0 + 38}" y="{y + 86}">highest</text>')
    return out


STYLE = (
    "<style>"
    ".jn-edges line{stroke:#777;stroke-opacity:.55;stroke-width:1.2}"
    ".jn-node circle{stroke:#fff;stroke-width:1.5}"
    ".jn-node text{font:11px sans-serif;fill:#111;text-anchor:middle;"
    "paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    ".jn-head{font:bold 13px sans-serif;fill:#111}.jn-key{font:12px sans-serif;fill:#111}"
    "</style>"
)

#: The arrowhead of a directed tie; an undirected picture carries none.
ARROW = (
    '<defs><marker id="jn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" fill="#777"/>'
    "</marker></defs>"
)


def network_svg(
    network: Network,
    sizes: Sequence[float],
    *,
    size_label: str = "betweenness",
    title: str = "Partnership network",
    seed: int = 1,
) -> str:
    """The picture as a standalone SVG document (``role="img"`` with a title).
    A directed network's ties end in arrowheads (a returned tie is drawn as two
    lines side by side); an undirected one's are plain lines, one per pair."""
    pos = _layout(network, seed)
    radii = _radii(sizes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="jn-title" '
        'class="network-picture">',
        f'<title id="jn-title">{escape(title)}</title>',
        STYLE,
        *([ARROW] if network.graph.is_directed() else []),
        '<rect width="100%" height="100%" fill="#fff"/>',
        '<g class="jn-edges">',
        *_edges(network, pos, radii),
        "</g>",
        *_nodes(network, pos, radii),
        *_legend(network, size_label),
        "</svg>",
    ]
    return "\n".join(parts)
