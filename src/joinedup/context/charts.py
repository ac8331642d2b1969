"""The funding timeline chart: an Altair specification drawn to SVG by the shared
renderer (:mod:`joinedup.web.charts`, vl-convert on the server, in the report's font)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt

from joinedup.analysis.context import TimelineRow, add_months
from joinedup.web.charts import drawing

SOURCE_LABELS = {
    "central_programme": "Central programme",
    "pooled_budget": "Local pooled budget",
    "competitive_bid": "Competitive bid",
    "private": "Private investment",
    "charitable": "Charitable",
}
# Colour-blind-safe (Okabe–Ito) colours, one per source.
SOURCE_COLOURS = ["#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00"]


def timeline_svg(rows: Sequence[TimelineRow], as_of: dt.date, by_partnership: bool = False) -> str:
    """A bar per stream from start to end (open-ended streams drawn to two years after
    ``as_of``), coloured by source, with a rule at ``as_of`` and one twelve months on.
    Returns "" when there is nothing to draw. Built and drawn once per process for
    the same rows and day (building the specification took about 50 ms)."""
    return _timeline(tuple(rows), as_of, by_partnership)


@drawing
def _timeline(
    rows: tuple[TimelineRow, ...], as_of: dt.date, by_partnership: bool
) -> dict[str, object] | None:
    if not rows:
        return None
    horizon = add_months(as_of, 24)
    data = [
        {
            "stream": f"{r.stream} ({r.partnership})" if by_partnership else r.stream,
            "source": SOURCE_LABELS.get(r.source, r.source),
            "start": r.start.isoformat(),
            "end": (r.end or max(horizon, r.start)).isoformat(),
            "amount": r.amount,
        }
        for r in rows
    ]
    order = [str(d["stream"]) for d in data]
    bars = (
        alt.Chart(alt.Data(values=data))  # type: ignore[no-untyped-call]
        .mark_bar(height=14)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="end:T",
            y=alt.Y(
                "stream:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=380 if by_partnership else 260),
            ),
            color=alt.Color(
                "source:N",
                title="Source",
                scale=alt.Scale(domain=list(SOURCE_LABELS.values()), range=SOURCE_COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
        )
    )
    marks = [
        {"day": as_of.isoformat(), "label": "today"},
        {"day": add_months(as_of, 12).isoformat(), "label": "+12 months"},
    ]
    rules = (
        alt.Chart(alt.Data(values=marks))  # type: ignore[no-untyped-call]
        .mark_rule(strokeDash=[4, 3], color="#333333")
        .encode(x="day:T")
    )
    labels = (
        alt.Chart(alt.Data(values=marks))  # type: ignore[no-untyped-call]
        .mark_text(align="left", dx=3, dy=-4, baseline="bottom", color="#333333")
        .encode(x="day:T", y=alt.value(0), text="label:N")
    )
    chart = (bars + rules + labels).properties(width=560, height=max(60, 24 * len(rows)))
    spec: dict[str, object] = chart.to_dict()
    return spec
