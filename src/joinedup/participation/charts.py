"""Indicator charts: Altair specifications drawn to SVG by the shared renderer
(:mod:`joinedup.web.charts`: vl-convert on the server, in the report's font), so
pages load no script and nothing from a CDN."""

from __future__ import annotations

import textwrap

import altair as alt

from joinedup.participation import models as m
from joinedup.web.charts import svg

WIDTH = 320
#: Characters of a title line: at 12 px DejaVu Sans Bold (about 8 px a character)
#: a line stays within the chart's width.
TITLE_CHARACTERS = 38


def indicator_svg(indicator: m.Indicator) -> str:
    """A small line chart of an indicator's observations, with its target as a
    dashed rule; an empty string when there is nothing to draw."""
    rows = [
        {"date": o.observed_on.isoformat(), "value": o.value} for o in indicator.observations.all()
    ]
    if not rows:
        return ""
    title = f"{indicator.name} ({indicator.unit})"
    values = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    line = (
        alt.Chart(values)
        .mark_line(point=True, color="#1d4f91")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("value:Q", title=indicator.unit, scale=alt.Scale(zero=False)),
        )
    )
    layers: list[alt.Chart] = [line]
    if indicator.target is not None:
        data = alt.Data(values=[{"target": indicator.target}])  # type: ignore[no-untyped-call]
        target = alt.Chart(data).mark_rule(strokeDash=[4, 4], color="#8a4b00")
        layers.append(target.encode(y="target:Q"))
    heading = alt.TitleParams(text=title_lines(title), anchor="start", fontSize=12, offset=8)
    chart = alt.layer(*layers).properties(width=WIDTH, height=140, title=heading)
    return svg(chart.to_dict())


def title_lines(title: str, width: int = TITLE_CHARACTERS) -> list[str]:
    """The title broken at spaces into lines of at most ``width`` characters, so a
    long indicator name wraps above the chart instead of running past its edge."""
    return textwrap.wrap(title, width) or [title]
