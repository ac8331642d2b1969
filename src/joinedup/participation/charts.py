"""Indicator charts: Altair specifications drawn to SVG by the shared renderer
(:mod:`joinedup.web.charts`: vl-convert on the server, in the report's font), so
pages load no script and nothing from a CDN."""

from __future__ import annotations

import textwrap

import altair as alt

from joinedup.participation import models as m
from joinedup.web.charts import drawing

WIDTH = 320
#: Characters of a title line: at 12 px DejaVu Sans Bold (about 8 px a character)
#: a line stays within the chart's width.
TITLE_CHARACTERS = 38


def indicator_svg(indicator: m.Indicator) -> str:
    """A small line chart of an indicator's observations, with its target as a
    dashed rule; an empty string when there is nothing to draw. Built and drawn once
    per process for the same figures (building the specification took about 45 ms)."""
    points = tuple((o.observed_on.isoformat(), o.value) for o in indicator.observations.all())
    return _indicator(indicator.name, indicator.unit, indicator.target, points)


@drawing
def _indicator(
    name: str, unit: str, target: object, points: tuple[tuple[str, object], ...]
) -> dict[str, object] | None:
    rows = [{"date": day, "value": value} for day, value in points]
    if not rows:
        return None
    title = f"{name} ({unit})"
    values = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    line = (
        alt.Chart(values)
        .mark_line(point=True, color="#1d4f91")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        )
    )
    layers: list[alt.Chart] = [line]
    if target is not None:
        data = alt.Data(values=[{"target": target}])  # type: ignore[no-untyped-call]
        rule = alt.Chart(data).mark_rule(strokeDash=[4, 4], color="#8a4b00")
        layers.append(rule.encode(y="target:Q"))
    heading = alt.TitleParams(text=title_lines(title), anchor="start", fontSize=12, offset=8)
    chart = alt.layer(*layers).properties(width=WIDTH, height=140, title=heading)
    spec: dict[str, object] = chart.to_dict()
    return spec


def title_lines(title: str, width: int = TITLE_CHARACTERS) -> list[str]:
    """The title broken at spaces into lines of at most ``width`` characters, so a
    long indicator name wraps above the chart instead of running past its edge."""
    return textwrap.wrap(title, width) or [title]
