"""A static network picture as SVG text, laid out in Python.

The layout is igraph's Kamada–Kawai layout (Kamada & Kawai 1989, "An algorithm
for drawing general undirected graphs", *Information Processing Letters* 31(1)),
which places organisations so that distances on the page follow path lengths in
the network, run with a seeded generator, so the same network always gives the
same picture. Each organisation is a mark whose area follows a chosen
centrality and whose colour *and shape* give its sector (Okabe–Ito colours,
distinguishable with colour-blind vision, with a dark outline so every mark
stands out from the white ground; a circle for public bodies, a square for
private firms, a triangle for voluntary organisations, a diamond for community
groups), so colour is never the only cue. Each mark is labelled with the
organisation's short name, placed so that no label covers another
(:mod:`joinedup.analysis.network.labels`); where no free spot is found the label
is a number and :attr:`NetworkMap.key` names it. The full name is the mark's
``<title>`` (shown on hover).

No script, no external resource: the SVG can be inlined in a page or a PDF. Its
marks carry ``data-`` attributes (node number, sector, the two ends and the
strength of each tie) that a page's own script may use to filter the picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from joinedup.analysis.network.build import Network
from joinedup.analysis.network.labels import Label, place_labels, short_names
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
SECTOR_SHAPES = {
    "public": "circle",
    "private": "square",
    "voluntary": "triangle",
    "community": "diamond",
}
WIDTH, HEIGHT = 720, 470
MARGIN_X, MARGIN_Y, MIN_R, MAX_R = 70, 34, 6.0, 18.0


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
        layout = graph.layout_kamada_kawai(maxiter=5000)
    xs, ys = [p[0] for p in layout.coords], [p[1] for p in layout.coords]
    area_w, area_h = WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y
    return list(
        zip(
            (MARGIN_X + f * area_w for f in _unit(xs)),
            (MARGIN_Y + f * area_h for f in _unit(ys)),
            strict=True,
        )
    )


def _unit(values: list[float]) -> list[float]:
    """Coordinates scaled to 0–1; all in the middle when they do not spread."""
    low, span = min(values), max(values) - min(values)
    if span < 1e-9:
        return [0.5] * len(values)
    return [(v - low) / span for v in values]


def radii(sizes: Sequence[float]) -> list[float]:
    """Mark radii: area proportional to the size measure, from MIN_R to MAX_R."""
    top = max(sizes, default=0.0)
    if top <= 0:
        return [MIN_R + 2] * len(sizes)
    return [MIN_R + (MAX_R - MIN_R) * math.sqrt(max(s, 0.0) / top) for s in sizes]


def mark(sector: str, x: float, y: float, r: float, extra: str = "") -> str:
    """The SVG element of one organisation's mark: its sector's shape and colour."""
    colour = SECTOR_COLOURS.get(sector, OTHER_COLOUR)
    shape = SECTOR_SHAPES.get(sector, "circle")
    common = f'class="jn-mark" fill="{colour}" stroke="#1b1f24" stroke-width="1.2"{extra}'
    if shape == "square":
        h = r * 0.886
        return (
            f'<rect x="{_attr(x - h)}" y="{_attr(y - h)}" width="{_attr(2 * h)}" '
            f'height="{_attr(2 * h)}" {common}/>'
        )
    if shape == "triangle":
        points = [(x, y - 1.3 * r), (x + 1.3 * r, y + 0.9 * r), (x - 1.3 * r, y + 0.9 * r)]
    elif shape == "diamond":
        d = 1.253 * r
        points = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    else:
        dashed = ' stroke-dasharray="3 2"' if sector not in SECTOR_SHAPES else ""
        return f'<circle cx="{_attr(x)}" cy="{_attr(y)}" r="{_attr(r)}" {common}{dashed}/>'
    text = " ".join(f"{_attr(px)},{_attr(py)}" for px, py in points)
    return f'<polygon points="{text}" {common}/>'


def sector_label(sector: str) -> str:
    return SECTOR_LABELS.get(sector, sector or "sector not given")


@dataclass
class NetworkMap:
    """The drawn picture and what its labels say: ``labels`` in node order, with
    their boxes; ``key`` lists every numbered label as (number, node, full name)."""

    svg: str
    short: list[str]
    labels: list[Label]
    positions: list[tuple[float, float]]
    radii: list[float]
    key: list[tuple[int, int, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT


def _ties(
    network: Network,
    pos: list[tuple[float, float]],
    sizes: list[float],
    strengths: Mapping[tuple[int, int], float],
) -> list[str]:
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
        end = sizes[t] * 1.15 + 3
        strength = strengths.get((min(s, t), max(s, t)))
        data = f' data-s="{strength:g}"' if strength is not None else ""
        out.append(
            f'<line x1="{_attr(x1 + ux * sizes[s])}" y1="{_attr(y1 + uy * sizes[s])}" '
            f'x2="{_attr(x2 - ux * end)}" y2="{_attr(y2 - uy * end)}" '
            f'data-a="{s}" data-b="{t}"{data}{arrow}/>'
        )
    return out


def _nodes(network: Network, pos: list[tuple[float, float]], sizes: list[float]) -> list[str]:
    out = []
    for v, node in enumerate(network.nodes):
        x, y = pos[v]
        full = f"{node.label} ({sector_label(node.sector)})"
        out.append(
            f'<g class="jn-node" data-node="{v}" data-sector={quoteattr(node.sector)} '
            f"aria-label={quoteattr(full)}><title>{escape(full)}</title>"
            f"{mark(node.sector, x, y, sizes[v])}</g>"
        )
    return out


def _leaders(labels: list[Label], pos: list[tuple[float, float]], sizes: list[float]) -> list[str]:
    """A thin line from a mark to its label where the label stands away from it."""
    out = []
    for label in labels:
        x, y = pos[label.node]
        box = label.box
        nx, ny = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
        gap = math.hypot(nx - x, ny - y)
        if gap - sizes[label.node] * 1.3 > 8:
            ux, uy = (nx - x) / gap, (ny - y) / gap
            r = sizes[label.node] * 1.3
            out.append(
                f'<line x1="{_attr(x + ux * r)}" y1="{_attr(y + uy * r)}" '
                f'x2="{_attr(nx)}" y2="{_attr(ny)}" data-node="{label.node}"/>'
            )
    return out


def _labels(labels: list[Label]) -> list[str]:
    out = []
    for label in labels:
        box = label.box
        kind = "jn-label jn-num" if label.number is not None else "jn-label"
        out.append(
            f'<g class="{kind}" data-node="{label.node}" aria-hidden="true">'
            f'<rect x="{_attr(box.x0)}" y="{_attr(box.y0)}" width="{_attr(box.x1 - box.x0)}" '
            f'height="{_attr(box.y1 - box.y0)}" rx="2" fill="#fff" fill-opacity=".85"/>'
            f'<text x="{_attr(label.x)}" y="{_attr(label.baseline)}" text-anchor="middle">'
            f"{escape(label.text)}</text></g>"
        )
    return out


STYLE = (
    "<style>"
    ".jn-edges line{stroke:#5f6b7a;stroke-opacity:.55;stroke-width:1.3}"
    '.jn-label text{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:12px;fill:#111}'
    ".jn-num text{font-weight:bold}"
    ".jn-leaders line{stroke:#1b1f24;stroke-width:.8}"
    "</style>"
)

#: The arrowhead of a directed tie; an undirected picture carries none.
ARROW = (
    '<defs><marker id="jn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" fill="#5f6b7a"/>'
    "</marker></defs>"
)


def network_map(
    network: Network,
    sizes: Sequence[float],
    *,
    title: str = "Partnership network",
    seed: int = 1,
    strengths: Mapping[tuple[int, int], float] | None = None,
) -> NetworkMap:
    """The picture of ``network`` with marks sized by ``sizes`` (see the module
    text), as a standalone SVG document (``role="img"`` with a title) and the
    geometry of its labels. ``strengths`` gives a tie's strength by its two node
    numbers (smaller first), written on its line as ``data-s``. A directed
    network's ties end in arrowheads (a returned tie is drawn as two lines side
    by side); an undirected one's are plain lines, one per pair."""
    pos = _layout(network, seed)
    size = radii(sizes)
    short = short_names([n.label for n in network.nodes])
    labels = place_labels(short, pos, size, (WIDTH, HEIGHT))
    key = [(lb.number, lb.node, network.nodes[lb.node].label) for lb in labels if lb.number]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="jn-title" '
        'class="network-picture">',
        f'<title id="jn-title">{escape(title)}</title>',
        STYLE,
        *([ARROW] if network.graph.is_directed() else []),
        '<rect width="100%" height="100%" fill="#fff"/>',
        '<g class="jn-edges">',
        *_ties(network, pos, size, strengths or {}),
        "</g>",
        '<g class="jn-nodes">',
        *_nodes(network, pos, size),
        "</g>",
        '<g class="jn-leaders">',
        *_leaders(labels, pos, size),
        "</g>",
        '<g class="jn-labels">',
        *_labels(labels),
        "</g>",
        "</svg>",
    ]
    svg = "\n".join(parts)
    return NetworkMap(svg, short, labels, pos, size, sorted(key))


def network_svg(
    network: Network,
    sizes: Sequence[float],
    *,
    title: str = "Partnership network",
    seed: int = 1,
) -> str:
    """Only the SVG text of :func:`network_map`."""
    return network_map(network, sizes, title=title, seed=seed).svg
