"""The benchmark across installations: pooled round figures, placed.

What
    Each partnership (local, or known only by its pseudonym in an imported
    benchmark packet, :mod:`joinedup.analysis.packets`) is placed on each
    dimension of one instrument version among all partnerships that answered it:
    its latest round's mean, its percentile, and its change since its previous
    round of the same instrument.

Formula
    *Latest round*: the partnership's round with the latest closing month (then
    opening month, then round key). *Percentile*: the mid-rank percentile among
    the latest means of every partnership shown, ``100 × (below + ½ × tied) / m``,
    where ``below`` counts partnerships with a lower mean, ``tied`` those with an
    equal mean (itself included) and ``m`` all of them (Hazen's plotting
    position; Hyndman & Fan 1996, *The American Statistician* 50(4), 361–365,
    definition 5) — the same rule as the single-installation benchmark.
    *Quartiles*: linear interpolation between order statistics (Hyndman & Fan
    definition 7). *Change*: ``x̄_latest − x̄_previous`` with Welch's 95% interval
    from the two rounds' n, mean and standard deviation
    (:func:`joinedup.analysis.stats.welch_from_summary`).

Only figures already resting on at least k respondents come in (packets refuse
anything else), so nothing here can fall below k.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from joinedup.analysis.stats import welch_from_summary


@dataclass(frozen=True)
class PooledRound:
    """One round of one partnership, from whichever installation."""

    partnership: str  # unique across sources, e.g. "<installation id>:<partnership key>"
    round: str
    closed: str  # YYYY-MM
    opened: str  # YYYY-MM
    dimensions: Sequence[dict[str, Any]]  # name, n, mean, sd, ci_low, ci_high


@dataclass
class Placement:
    partnership: str
    round: str
    closed: str
    n: int
    mean: float
    ci_low: float | None
    ci_high: float | None
    percentile: float = 0.0
    previous_closed: str | None = None
    change: float | None = None
    change_low: float | None = None
    change_high: float | None = None


@dataclass
class PooledDimension:
    name: str
    placements: list[Placement] = field(default_factory=list)

    def quartiles(self) -> tuple[float, float, float] | None:
        """Quartiles of the latest means."""
        return quartiles([p.mean for p in self.placements])

    def change_quartiles(self) -> tuple[float, float, float] | None:
        """Quartiles of the changes since the previous round (where there is one)."""
        return quartiles([p.change for p in self.placements if p.change is not None])


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """First quartile, median and third quartile (linear interpolation, Hyndman &
    Fan definition 7), or None for no values."""
    if not values:
        return None
    q1, q2, q3 = np.quantile(np.array(values, dtype=float), [0.25, 0.5, 0.75])
    return float(q1), float(q2), float(q3)


def percentile_rank(values: Sequence[float], x: float) -> float:
    """Mid-rank (Hazen) percentile of ``x`` among ``values``."""
    below = sum(1 for v in values if v < x)
    tied = sum(1 for v in values if v == x)
    return 100.0 * (below + 0.5 * tied) / len(values)


def _order(r: PooledRound) -> tuple[str, str, str]:
    return (r.closed, r.opened, r.round)


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else x


def _place(latest: PooledRound, previous: PooledRound | None, name: str) -> Placement | None:
    now = next((d for d in latest.dimensions if d["name"] == name), None)
    if now is None:
        return None
    placed = Placement(
        latest.partnership,
        latest.round,
        latest.closed,
        int(now["n"]),
        float(now["mean"]),
        now.get("ci_low"),
        now.get("ci_high"),
    )
    before = next((d for d in previous.dimensions if d["name"] == name), None) if previous else None
    if previous is not None and before is not None:
        c = welch_from_summary(
            (int(before["n"]), float(before["mean"]), float(before["sd"]) ** 2),
            (int(now["n"]), float(now["mean"]), float(now["sd"]) ** 2),
        )
        placed.previous_closed = previous.closed
        placed.change = c.difference
        placed.change_low, placed.change_high = (_clean(c.ci[0]), _clean(c.ci[1]))
    return placed


def pooled_benchmark(
    rounds: Iterable[PooledRound], dimensions: Sequence[str]
) -> list[PooledDimension]:
    """Each of ``dimensions`` with every partnership placed (best mean first)."""
    by_partnership: dict[str, list[PooledRound]] = {}
    for r in rounds:
        by_partnership.setdefault(r.partnership, []).append(r)
    out = []
    for name in dimensions:
        dim = PooledDimension(name)
        for history in by_partnership.values():
            answered = sorted(
                (r for r in history if any(d["name"] == name for d in r.dimensions)), key=_order
            )
            if not answered:
                continue
            previous = answered[-2] if len(answered) > 1 else None
            placed = _place(answered[-1], previous, name)
            if placed is not None:
                dim.placements.append(placed)
        values = [p.mean for p in dim.placements]
        for p in dim.placements:
            p.percentile = percentile_rank(values, p.mean)
        dim.placements.sort(key=lambda p: (-p.mean, p.partnership))
        if dim.placements:
            out.append(dim)
    return out
