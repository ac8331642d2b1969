"""Newman's plane drawn as SVG: an Altair specification drawn by the shared renderer
(:mod:`joinedup.web.charts`, vl-convert on the server, in the report's font)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from joinedup.analysis.frameworks.dynamics import DynamicsResult
from joinedup.web.charts import drawing

QUADRANT_LABELS = [
    {"x": -0.5, "y": 0.93, "label": "towards sustainability"},
    {"x": 0.5, "y": 0.93, "label": "towards flexibility"},
    {"x": 0.5, "y": -0.93, "label": "towards pragmatism"},
    {"x": -0.5, "y": -0.93, "label": "towards accountability"},
]
AXIS = alt.Scale(domain=[-1, 1], nice=False)
# Okabe–Ito colours (colour-blind safe) for the groups; the path is drawn in near-black.
GROUP_COLOURS = ["#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#0072B2", "#F0E442"]
PATH = "#1A1A1A"


def _layer(values: Sequence[Mapping[str, object]]) -> alt.Chart:
    return alt.Chart(alt.Data(values=values))  # type: ignore[no-untyped-call]


def path_points(rounds: Sequence[DynamicsResult]) -> list[dict[str, object]]:
    """One point per round with a position; each after the first carries the angle
    (degrees clockwise from up) of the step that led to it, for its arrowhead."""
    points: list[dict[str, object]] = []
    previous: tuple[float, float] | None = None
    for r in rounds:
        x, y = r.overall.x, r.overall.y
        if x is None or y is None:
            continue
        angle = (
            0.0 if previous is None else math.degrees(math.atan2(x - previous[0], y - previous[1]))
        )
        shape = "circle" if previous is None else "triangle-up"
        points.append(
            {
                "x": x,
                "y": y,
                "order": len(points),
                "label": r.round_label,
                "angle": angle,
                "shape": shape,
                "offset": -13 if len(points) % 2 == 0 else 17,
            }
        )
        previous = (x, y)
    return points


def plane_svg(rounds: Sequence[DynamicsResult]) -> str:
    """The plane with quadrant labels, the path across rounds (a circle at the start,
    arrowheads after, labelled by round) and the latest round's groups that reached k."""
    path = path_points(rounds)
    groups = [
        {"x": g.x, "y": g.y, "label": g.label}
        for r in rounds[-1:]
        for g in r.groups
        if g.x is not None
    ]
    return _draw(json.dumps(path), json.dumps(groups))


def plane_spec(path_json: str, groups_json: str) -> dict[str, Any]:
    """The plane's Vega-Lite specification from the path and groups (as JSON, so the
    drawing below can key on them)."""
    path: list[dict[str, Any]] = json.loads(path_json)
    groups: list[dict[str, Any]] = json.loads(groups_json)
    x = alt.X("x:Q", scale=AXIS, title="← internal structures · external adaptation →")
    y = alt.Y("y:Q", scale=AXIS, title="← directed · self-steering →")
    vertical = _layer([{"x": 0}]).mark_rule(color="#555555").encode(x="x:Q")
    horizontal = _layer([{"y": 0}]).mark_rule(color="#555555").encode(y="y:Q")
    layers = vertical + horizontal
    layers += (
        _layer(QUADRANT_LABELS)
        .mark_text(color="#444444", fontStyle="italic")
        .encode(x=x, y=y, text="label:N")
    )
    if groups:
        title = "Groups, latest round"
        layers += (
            _layer(groups)
            .mark_point(size=70, strokeWidth=2)
            .encode(
                x=x,
                y=y,
                shape=alt.Shape("label:N", title=title),
                color=alt.Color("label:N", title=title, scale=alt.Scale(range=GROUP_COLOURS)),
            )
        )
    if path:
        layers += (
            _layer(path).mark_line(color=PATH, strokeWidth=2).encode(x=x, y=y, order="order:Q")
        )
        layers += (
            _layer(path)
            .mark_point(filled=True, color=PATH, size=110)
            .encode(
                x=x,
                y=y,
                angle=alt.Angle("angle:Q", scale=None),
                shape=alt.Shape("shape:N", scale=None, legend=None),
            )
        )
        for dy in (-13, 17):  # labels alternate above and below, so near rounds stay legible
            layers += (
                _layer([p for p in path if p["offset"] == dy])
                .mark_text(dy=dy, color=PATH, fontWeight="bold")
                .encode(x=x, y=y, text="label:N")
            )
    chart = (
        layers.properties(width=420, height=420)
        .resolve_scale(shape="independent", color="independent")
        .configure_legend(orient="bottom", columns=3)
    )
    return chart.to_dict()  # type: ignore[no-any-return]


#: The same points are built and drawn once per process, since building the
#: specification and rendering it take most of a second.
_draw = drawing(plane_spec)
