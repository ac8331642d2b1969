"""The one chart renderer (joinedup.web.charts): drawn once per specification, in
the report's font, no data fetched, and a clear error for a specification it
cannot draw. The renderings are counted by the module itself (``renders``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from joinedup.web import charts


def _spec(**extra: Any) -> dict[str, Any]:
    """A small bar chart whose values no other test draws (a fresh label), so the
    process-wide cache cannot already hold it."""
    label = f"bar {uuid.uuid4().hex[:8]}"
    return {
        "data": {"values": [{"label": label, "n": 3}, {"label": "other", "n": 5}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "label", "type": "nominal"},
            "y": {"field": "n", "type": "quantitative"},
        },
        **extra,
    }


def test_the_same_specification_is_rendered_once():
    spec = _spec()
    before = charts.renders
    first = charts.svg(spec)
    assert charts.renders == before + 1
    assert first.startswith("<svg")
    again = charts.svg(spec)
    # The same key order or not: equal content is the same chart.
    shuffled = charts.svg(dict(reversed(list(spec.items()))))
    assert again == first
    assert shuffled == first
    assert charts.renders == before + 1
    other = charts.svg(_spec())
    assert other != first
    assert charts.renders == before + 2


def test_text_is_declared_in_the_report_font():
    drawn = charts.svg(_spec())
    assert f'font-family="{charts.FONT}"' in drawn
    assert charts.FONT == "DejaVu Sans"
    assert "sans-serif" not in drawn
    # A font named in the specification's config gives way to the house font, so
    # what vl-convert measured is what the PDF draws.
    named = charts.svg(_spec(config={"font": "Liberation Serif", "view": {"stroke": None}}))
    assert f'font-family="{charts.FONT}"' in named
    assert "Liberation Serif" not in named


def test_a_specification_it_cannot_draw_is_a_clear_error():
    before = charts.renders
    with pytest.raises(charts.ChartError) as caught:
        charts.svg({"data": {"values": [{"n": 1}]}})
    message = str(caught.value)
    assert message.startswith("the chart could not be drawn: ")
    assert "Invalid specification" in message
    assert "\n" not in message  # no JavaScript stack trace
    assert isinstance(caught.value, ValueError)
    assert charts.renders == before  # nothing rendered, nothing kept
    with pytest.raises(charts.ChartError, match="could not be drawn"):
        charts.svg({"data": {"values": [{"n": 1}]}})


def test_a_specification_that_is_not_json_is_a_clear_error():
    with pytest.raises(charts.ChartError, match=r"not JSON.*date"):
        charts.svg(_spec(data={"values": [{"day": dt.date(2026, 1, 1)}]}))


def test_a_specification_may_not_fetch_data():
    spec = {"data": {"url": "https://example.com/streams.csv"}, "mark": "point"}
    with pytest.raises(charts.ChartError, match="External data url not allowed"):
        charts.svg(spec)


def test_a_drawing_builds_each_argument_tuple_once():
    built: list[tuple[str, int]] = []

    def build(label: str, n: int) -> dict[str, Any] | None:
        built.append((label, n))
        if n == 0:
            return None
        spec = _spec()
        spec["data"]["values"].append({"label": label, "n": n})
        return spec

    draw = charts.drawing(build)
    label = uuid.uuid4().hex
    before = charts.renders
    first = draw(label, 2)
    assert draw(label, 2) is first
    assert label in first
    assert built == [(label, 2)]
    assert charts.renders == before + 1
    assert draw(label, 0) == ""  # nothing to draw, nothing rendered
    assert charts.renders == before + 1
    assert draw.__name__ == "build"


def test_the_radar_is_drawn_in_the_report_font_like_the_other_charts():
    """The scores radar named no font before the renderer was shared, so its labels
    were measured in vl-convert's default face; now it is drawn like the rest."""
    from joinedup.reports.charts import Spoke, radar_svg

    spokes = [Spoke(f"Dimension {i}", 2.0 + i / 2, (1.5 + i / 2, 2.5 + i / 2)) for i in range(4)]
    radar = radar_svg(spokes, 1.0, 5.0)
    assert f'font-family="{charts.FONT}"' in radar
    assert "sans-serif" not in radar
    assert radar_svg(spokes, 1.0, 5.0) is radar
