"""Jacobson & Truax's reliable change index and the reading of a change."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.analysis.reliable_change import (
    CRITICAL,
    Verdict,
    gap_reading,
    reliable_change,
    verdict,
)


def test_index_by_hand() -> None:
    # s1 = 0.8, alpha = 0.75: SEM = 0.4, S_diff = 0.4 * sqrt(2) = 0.5657
    rc = reliable_change(1.2, 0.8, 0.75)
    assert rc.s_diff == pytest.approx(0.565685, abs=1e-6)
    assert rc.rci == pytest.approx(2.1213, abs=1e-4)
    assert rc.reliable


def test_no_yardstick_without_error_or_spread() -> None:
    assert math.isnan(reliable_change(0.5, 0.8, 1.0).rci)
    assert math.isnan(reliable_change(0.5, 0.0, 0.8).rci)
    assert math.isnan(reliable_change(float("nan"), 0.8, 0.8).rci)
    # a negative alpha counts as 0: all the spread is error
    assert reliable_change(1.0, 1.0, -0.3).rci == pytest.approx(1 / math.sqrt(2))


def test_verdicts() -> None:
    strong = reliable_change(1.2, 0.8, 0.75)
    weak = reliable_change(0.3, 0.8, 0.75)
    assert verdict(1.2, (0.8, 1.6), strong) is Verdict.IMPROVED
    assert verdict(1.2, (0.8, 1.6), strong, higher_is_better=False) is Verdict.WORSENED
    assert verdict(0.3, (0.1, 0.5), weak) is Verdict.SAMPLING_ONLY
    assert verdict(0.3, (-0.1, 0.7), weak) is Verdict.NOISE
    assert verdict(0.3, None, weak) is Verdict.UNKNOWN


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.floats(-4, 4),
    st.floats(0.05, 3),
    st.floats(-1, 0.99),
)
def test_index_scales_with_the_difference(d: float, sd: float, alpha: float) -> None:
    rc = reliable_change(d, sd, alpha)
    assert rc.rci * rc.s_diff == pytest.approx(d, abs=1e-9)
    assert rc.reliable == (abs(rc.rci) > CRITICAL)


def test_gap_words() -> None:
    assert gap_reading(0.4, 5) == "close"
    assert gap_reading(-0.9, 5) == "some way"
    assert gap_reading(1.5, 5) == "far"
    assert gap_reading(float("nan"), 5) == "unknown"
