"""Newman's plane drawn as SVG (Altair spec, rendered offline by vl-convert)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import vl_convert

from joinedup.analysis.frameworks.dynamics import DynamicsResult

QUADRANT_LABELS = [
    {"x": -0.5, "y": 0.93, "label": "towards sustainability"},
    {"x": 0.5, "y": 0.93, "label": "towards flexibility"},
    {"x": 0.5, "y": -0.93, "label": "towards pragmatism"},
    {"x": -0.5, "y": -0.93, "label": "towards accountability"},
]
AXIS = alt.Scale(domain=[-1, 1], nice=False)


def _layer(values: Sequence[Mapping[str, object]]) -> alt.Chart:
    return alt.Chart(alt.Data(values=values))  # type: ignore[no-untyped-call]


def plane_svg(rounds: Sequence[DynamicsResult]) -> str:
    """The plane with quadrant labels, the path across rounds (arrowed by order,
    labelled by round) and per-group points where the group reached k."""
    path: list[dict[str, object]] = []
    for r in rounds:
        o = r.overall
        if o.x is None or o.y is None:
            continue
        angle = 0.0
        if path:
            px, py = float(path[-1]["x"]), float(path[-1]["y"])  # type: ignore[arg-type]
            angle = math.degrees(math.atan2(o.x - px, o.y - py))
        path.append(
            {"x": o.x, "y": o.y, "order": len(path), "label": r.round_label, "angle": angle}
        )
    groups = [
        {"x": g.x, "y": g.y, "label": f"{g.label} ({r.round_label})"}
        for r in rounds[-1:]
        for g in r.groups
        if g.x is not None
    ]
    x = alt.X("x:Q", scale=AXIS, title="← internal structures · external adaptation →")
    y = alt.Y("y:Q", scale=AXIS, title="← directed · self-steering →")
    axes = _layer([{"x": 0}]).mark_rule(color="#555555").encode(x="x:Q") + _layer(
        [{"y": 0}]
    ).mark_rule(color="#555555").encode(y="y:Q")
    labels = (
        _layer(QUADRANT_LABELS)
        .mark_text(color="#444444", fontStyle="italic")
        .encode(x=x, y=y, text="label:N")
    )
    layers = axes + labels
    if groups:
        layers += _layer(groups).mark_point(color="#009E73", size=50).encode(x=x, y=y)
        layers += (
            _layer(groups)
            .mark_text(dx=6, align="left", color="#00684A", fontSize=10)
            .encode(x=x, y=y, text="label:N")
        )
    if path:
        line = (
            _layer(path).mark_line(color="#0072B2", strokeWidth=2).encode(x=x, y=y, order="order:Q")
        )
        dots = _layer(path).mark_point(filled=True, color="#0072B2", size=90, shape="triangle-up")
        dots = dots.encode(x=x, y=y, angle=alt.Angle("angle:Q", scale=None))
        names = (
            _layer(path)
            .mark_text(dy=-12, color="#003F66", fontWeight="bold")
            .encode(x=x, y=y, text="label:N")
        )
        layers += line + dots + names
    chart = layers.properties(width=420, height=420)
    return str(vl_convert.vegalite_to_svg(chart.to_dict()))
