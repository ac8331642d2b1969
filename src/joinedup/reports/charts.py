"""Charts of the scores section: the radar of a round's dimensions with their 95%
intervals, and the shading of the stakeholder-group grid (a heatmap).

The radar is an Altair specification drawn to SVG by the shared renderer
(:mod:`joinedup.web.charts`: vl-convert on the server, no script, no CDN).
Vega-Lite has no polar line chart, so the geometry is done here: dimension *i* of
*N* sits at the angle ``90° − 360°·i/N`` (the first at the top, then clockwise)
and a value ``v`` on a ``low…high`` scale at the radius ``(v − low)/(high − low)``,
so the centre is the scale's bottom and the outer ring its top. Each dimension's
95% interval is a bar along its spoke; the previous round, when there is one, is a
dashed outline. A dimension whose mean is withheld (fewer than k respondents) gets
no point, and no radar is drawn with fewer than three shown dimensions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt

from joinedup.analysis.board.scores import dimension_scale
from joinedup.analysis.instruments import Instrument
from joinedup.analysis.scoring import RoundScores
from joinedup.web.charts import drawing

NOW = "#1d4f91"
BEFORE = "#8c8c8c"
GRID = "#d0d4da"
WIDTH, HEIGHT = 560, 330
REACH = 1.25  # the y domain's half-width, in radii: room for the labels above and below
LABEL_WIDTH = 22  # characters per line of a spoke's label
ALIGNS: tuple[Literal["left", "right", "center"], ...] = ("left", "right", "center")


@dataclass(frozen=True)
class Spoke:
    """One dimension on the radar: its label, mean and interval (None when withheld)."""

    label: str
    mean: float | None
    ci: tuple[float, float] | None = None
    before: float | None = None


def _xy(index: int, total: int, radius: float) -> tuple[float, float]:
    angle = math.radians(90 - 360 * index / total)
    return radius * math.cos(angle), radius * math.sin(angle)


def _radius(value: float, low: float, high: float) -> float:
    return min(max((value - low) / (high - low), 0.0), 1.0)


def _outline(
    values: Sequence[float | None], low: float, high: float, name: str
) -> list[dict[str, Any]]:
    """A closed polygon through the shown values, in spoke order."""
    points: list[dict[str, Any]] = []
    for i, v in enumerate(values):
        if v is not None:
            x, y = _xy(i, len(values), _radius(v, low, high))
            points.append({"x": x, "y": y, "order": len(points), "line": name})
    return [*points, {**points[0], "order": len(points)}] if points else []


def _rings(total: int, low: float, high: float) -> list[dict[str, Any]]:
    rows = []
    for step in range(int(high - low) + 1):
        for i in range(total + 1):
            x, y = _xy(i % total, total, step / (high - low))
            rows.append({"x": x, "y": y, "order": i, "line": f"ring{step}"})
    return rows


def _layer(rows: Sequence[Mapping[str, Any]]) -> alt.Chart:
    return alt.Chart(alt.Data(values=list(rows)))  # type: ignore[no-untyped-call]


def _enc(chart: alt.Chart, **extra: Any) -> alt.Chart:
    """x and y on the same units per pixel, so the radar is not stretched."""
    wide = REACH * WIDTH / HEIGHT
    return chart.encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[-wide, wide], nice=False), axis=None),
        y=alt.Y("y:Q", scale=alt.Scale(domain=[-REACH, REACH], nice=False), axis=None),
        **extra,
    )


def _wrap(label: str) -> str:
    """A label broken into lines of about LABEL_WIDTH characters at spaces."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_WIDTH:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def radar_spec(spokes: Sequence[Spoke], low: float, high: float) -> dict[str, Any] | None:
    """The radar's Vega-Lite specification, or None with fewer than three means."""
    if sum(s.mean is not None for s in spokes) < 3 or high <= low:
        return None
    n = len(spokes)
    line = alt.Order("order:Q")
    layers = [
        _enc(
            _layer(_rings(n, low, high)).mark_line(color=GRID, strokeWidth=0.7),
            order=line,
            detail="line:N",
        ),
    ]
    before = _outline([s.before for s in spokes], low, high, "before")
    if before:
        layers.append(_enc(_layer(before).mark_line(color=BEFORE, strokeDash=[4, 3]), order=line))
    bars = []
    labels = []
    for i, s in enumerate(spokes):
        lx, ly = _xy(i, n, 1.12)
        align = "center" if abs(lx) < 0.2 else ("left" if lx > 0 else "right")
        labels.append({"x": lx, "y": ly, "text": _wrap(s.label), "align": align})
        if s.ci is not None:
            x0, y0 = _xy(i, n, _radius(s.ci[0], low, high))
            x1, y1 = _xy(i, n, _radius(s.ci[1], low, high))
            bars.append({"x": x0, "y": y0, "x2": x1, "y2": y1})
    if bars:
        rule = _layer(bars).mark_rule(color=NOW, strokeWidth=4, opacity=0.4)
        layers.append(_enc(rule, x2="x2:Q", y2="y2:Q"))
    now = _outline([s.mean for s in spokes], low, high, "now")
    layers.append(_enc(_layer(now).mark_line(color=NOW, point=True, strokeWidth=2), order=line))
    for align in ALIGNS:
        rows = [r for r in labels if r["align"] == align]
        if rows:
            text = _layer(rows).mark_text(
                align=align, baseline="middle", fontSize=10, lineBreak="\n", color="#1b1f24"
            )
            layers.append(_enc(text, text="text:N"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)
    return chart.configure_view(stroke=None).to_dict()  # type: ignore[no-any-return]


def radar_svg(spokes: Sequence[Spoke], low: float, high: float) -> str:
    """The radar as SVG, or an empty string when there is too little to draw."""
    return _radar(tuple(spokes), low, high)


#: Each radar is built and drawn once per process: building the Altair
#: specification costs as much as rendering it, and a closed round's figures do
#: not change.
_radar = drawing(radar_spec)


#: Diverging shades (PuOr, colour-blind safe): the low end of the scale orange, the
#: midpoint white, the top purple. A mean a sixth of the range from the midpoint
#: (0.67 points on 1–5) gets half the full shade; no cell is deeper than DEEPEST of
#: it, and none so deep that the page's ink on it falls below WCAG's 4.5:1 contrast.
LOW_SHADE = (230, 97, 1)
HIGH_SHADE = (94, 60, 153)
DEEPEST = 0.8
#: The text colour of the cells (``--ink`` in joinedup.css) and the contrast it keeps.
INK = (0x1D, 0x23, 0x30)
MIN_CONTRAST = 4.6


def luminance(rgb: tuple[int, ...] | list[int]) -> float:
    """Relative luminance of an sRGB colour, as WCAG 2 defines it (0 black, 1 white)."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> float:
    """WCAG 2 contrast ratio of two colours: (L1 + 0.05) / (L2 + 0.05), lighter first."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def shade(value: float, low: float, high: float) -> str:
    """The background colour of a grid cell for a mean ``value`` on ``low…high``:
    lightened until the ink keeps :data:`MIN_CONTRAST` on it."""
    position = min(max((value - low) / (high - low), 0.0), 1.0) if high > low else 0.5
    strength = min(abs(position - 0.5) * 3, DEEPEST)
    target = HIGH_SHADE if position >= 0.5 else LOW_SHADE
    while True:
        rgb = [round(255 + (c - 255) * strength) for c in target]
        if strength <= 0 or contrast(rgb, INK) >= MIN_CONTRAST:
            return "#{:02x}{:02x}{:02x}".format(*rgb)
        strength = max(strength - 0.02, 0.0)


def scores_radar(result: RoundScores, before: RoundScores | None, instrument: Instrument) -> str:
    """The radar of a round's judging dimensions (those with a band, shown or
    withheld), with the previous round's means; empty for descriptive instruments."""
    spokes, spans = [], set()
    previous = {d.dimension: d.mean for d in before.dimensions} if before else {}
    for d in result.dimensions:
        scale = dimension_scale(instrument, d.dimension)
        if d.band is None or scale is None:
            continue
        spans.add(scale[:2])
        was = previous.get(d.dimension)
        spokes.append(
            Spoke(
                d.label,
                d.mean if isinstance(d.mean, float) else None,
                d.ci if isinstance(d.ci, tuple) else None,
                was if isinstance(was, float) else None,
            )
        )
    if len(spans) != 1:
        return ""  # no dimensions, or scales that cannot share one radar
    low, high = spans.pop()
    return radar_svg(spokes, low, high)
