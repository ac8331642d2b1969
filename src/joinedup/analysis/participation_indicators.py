"""Indicators of structure, process and outcome, and their course over time.

Following the evaluation literature (Donabedian's structure–process–outcome
triad, *Milbank Memorial Fund Quarterly* 44, 1966; used for partnerships with
community-defined indicators by Ambrose in East Brighton), a partnership tracks
indicators of each kind, defined by a national scheme, by the partnership, or
by the community itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

KINDS: tuple[str, ...] = ("structure", "process", "outcome")
DEFINERS: tuple[str, ...] = ("national", "partnership", "community")
DIRECTIONS: tuple[str, ...] = ("up", "down")

ATTRIBUTION_NOTE = (
    "Changes in these indicators cannot simply be credited to the partnership: "
    "outcomes take years to show, many other forces move them, and no comparison "
    "area is observed. Read them as the course of things the partnership works on, "
    "not as proof of its effect."
)


@dataclass(frozen=True, slots=True)
class Observation:
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class Trend:
    observations: int
    baseline: Observation | None
    latest: Observation | None
    change: float | None  # latest − baseline
    slope_per_year: float | None  # least-squares slope, units per 365.25 days
    improving: bool | None  # change in the wanted direction (None: no change or no data)
    progress: float | None  # share of the way from baseline to target
    met: bool | None  # latest on the right side of the target


def _slope(points: Sequence[Observation]) -> float | None:
    if len(points) < 2:
        return None
    origin = points[0].day
    xs = [(p.day - origin).days / 365.25 for p in points]
    ys = [p.value for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def trend(observations: Sequence[Observation], target: float | None, direction: str) -> Trend:
    """The course of one indicator.

    baseline = the earliest observation, latest = the last; change = latest −
    baseline; slope = the ordinary least-squares slope of value on time in
    years (a summary of the course, not a forecast); improving = change has the
    sign the ``direction`` ("up" or "down") wants; progress to target =
    (latest − baseline) / (target − baseline), which is 1 when the target is
    reached and negative when the indicator moved away (None without a target
    or when the baseline already equals it); met = latest ≥ target for "up",
    ≤ target for "down".
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    points = sorted(observations, key=lambda o: o.day)
    if not points:
        return Trend(0, None, None, None, None, None, None, None)
    base, last = points[0], points[-1]
    change = last.value - base.value
    sign = 1 if direction == "up" else -1
    improving = None if change == 0 or len(points) < 2 else change * sign > 0
    progress = None
    met = None
    if target is not None:
        if target != base.value:
            progress = change / (target - base.value)
        met = last.value >= target if direction == "up" else last.value <= target
    return Trend(
        observations=len(points),
        baseline=base,
        latest=last,
        change=change if len(points) >= 2 else None,
        slope_per_year=_slope(points),
        improving=improving,
        progress=progress,
        met=met,
    )
