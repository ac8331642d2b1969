"""The depth-of-partnership chart: pairs of member organisations on each rung of
the ladder of partnership, this round beside the round before.

A pair's rung is its combined rating (the mean of both sides where both rated,
rounded half up), as :func:`joinedup.analysis.network_scores.ladder` counts it; a
round whose ladder is withheld (fewer than k respondents) is not drawn. The chart
is an Altair specification rendered to SVG on the server by vl-convert (no script,
no CDN), like the app's other charts.
"""

from __future__ import annotations

import functools
import json

import altair as alt
import vl_convert

from joinedup.analysis.network_scores import LADDER, Ladder

NOW = "#1d4f91"
BEFORE = "#9aa3ad"
#: The font the chart is measured and drawn in: the report's own (print.css), so
#: labels measured by vl-convert fit when WeasyPrint draws them.
FONT = "DejaVu Sans"


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


@functools.lru_cache(maxsize=64)
def _draw(rows_json: str, order_json: str) -> str:
    """Build and render the chart; a closed round's counts do not change, so each
    drawing is made once per process."""
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
    chart = (
        (bars + counts)
        .properties(width=540, height=170)
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return str(vl_convert.vegalite_to_svg(chart.to_dict()))
