"""Indicator trends: hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.analysis import participation_indicators as pi

Obs = pi.Observation


def test_trend_up_towards_target():
    points = [
        Obs(dt.date(2024, 3, 31), 40),
        Obs(dt.date(2022, 3, 31), 20),
        Obs(dt.date(2023, 3, 31), 30),
    ]
    t = pi.trend(points, target=60, direction="up")
    assert t.baseline.value == 20
    assert t.latest.value == 40
    assert t.change == 20
    assert t.progress == pytest.approx(0.5)  # 20 of the 40 needed
    assert t.improving is True
    assert t.met is False
    assert t.slope_per_year == pytest.approx(10, rel=0.01)


def test_trend_down_moving_away():
    points = [Obs(dt.date(2022, 1, 1), 30), Obs(dt.date(2023, 1, 1), 35)]
    t = pi.trend(points, target=20, direction="down")
    assert t.improving is False
    assert t.progress == pytest.approx(-0.5)
    assert t.met is False


def test_trend_edge_cases():
    assert pi.trend([], None, "up").observations == 0
    one = pi.trend([Obs(dt.date(2022, 1, 1), 5)], 5, "up")
    assert one.change is None
    assert one.progress is None
    assert one.met is True
    with pytest.raises(ValueError, match="direction"):
        pi.trend([], None, "sideways")
