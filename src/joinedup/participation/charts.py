"""Indicator charts: Altair specifications rendered to SVG on the server with
vl-convert, so pages load no script and nothing from a CDN."""

from __future__ import annotations

import functools
import json

import altair as alt
import vl_convert as vlc

from joinedup.participation import models as m


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
    chart = alt.layer(*layers).properties(width=320, height=140, title=title)
    return _render(json.dumps(chart.to_dict(), sort_keys=True))


@functools.lru_cache(maxsize=256)
def _render(spec: str) -> str:
    """SVG of a Vega-Lite specification; the same chart is drawn once per process."""
    svg: str = vlc.vegalite_to_svg(json.loads(spec))
    return svg
