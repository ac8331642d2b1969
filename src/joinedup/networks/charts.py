"""The depth-of-partnership chart: pairs of member organisations on each rung of
the ladder of partnership, this round beside the round before.

A pair's rung is its combined rating (the mean of both sides where both rated,
rounded half up), as :func:`joinedup.analysis.network.scores.ladder` counts it; a
round whose ladder is withheld (fewer than k respondents) is not drawn. The chart
is an Altair specification drawn to SVG by the shared renderer
(:mod:`joinedup.web.charts`: vl-convert on the server, no script, no CDN), like
the other apps' charts.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt

from joinedup.analysis.network.scores import LADDER, Ladder
from joinedup.web.charts import drawing

NOW = "#1d4f91"
BEFORE = "#9aa3ad"


def ladder_rows(rounds: list[tuple[str, Ladder]]) -> list[dict[str, object]]:
    """One row per rung and shown round: the rung's label, the round, the pairs."""
    return [
        {"rung": f"{rung} {LADDER[rung - 1]}", "round": label, "pairs": count}
        for label, found in rounds
        if not found.suppressed and found.pairs
        for rung, count in found.counts.items()
    ]


def ladder_svg(now: tuple[str, Ladder], before: tuple[str, Ladder] | None = None) -> str:
    """Bars of pairs per rung for ``now`` (label, ladder) and, beside them, ``before``
    when it is given and shown; an empty string when this round is withheld."""
    if now[1].suppressed or not now[1].pairs:
        return ""
    rounds = [before, now] if before is not None and before[0] != now[0] else [now]
    rows = ladder_rows(rounds)
    order = [label for label, found in rounds if not found.suppressed and found.pairs]
    return _draw(json.dumps(rows), json.dumps(order))


def ladder_spec(rows_json: str, order_json: str) -> dict[str, Any]:
    """The chart's Vega-Lite specification from its rows and the rounds' order (as
    JSON, so the drawing below can key on them)."""
    rows = json.loads(rows_json)
    order: list[str] = json.loads(order_json)
    colours = [BEFORE, NOW][-len(order) :]
    rungs = [f"{i} {name}" for i, name in enumerate(LADDER, start=1)]
    x = alt.X("rung:N", sort=rungs, title=None, axis=alt.Axis(labelAngle=0, labelLimit=110))
    colour = alt.Color(
        "round:N",
        title="Round",
        sort=order,
        scale=alt.Scale(domain=order, range=colours),
        legend=alt.Legend(orient="top"),
    )
    offset = alt.XOffset("round:N", sort=order)
    base = alt.Chart(alt.Data(values=rows))  # type: ignore[no-untyped-call]
    bars = base.mark_bar().encode(
        x=x, xOffset=offset, y=alt.Y("pairs:Q", title="Pairs of members"), color=colour
    )
    counts = base.mark_text(dy=-5, fontSize=10, color="#1b1f24").encode(
        x=x, xOffset=offset, y="pairs:Q", text="pairs:Q"
    )
    chart = (bars + counts).properties(width=540, height=170).configure_view(stroke=None)
    return chart.to_dict()  # type: ignore[no-any-return]


#: A closed round's counts do not change, so each drawing is built and drawn once
#: per process.
_draw = drawing(ladder_spec)
