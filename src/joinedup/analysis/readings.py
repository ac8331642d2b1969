"""Readings of a score for a partnership board: bands, the consensus reading, change.

These rules turn numbers into words a board can act on. The thresholds are fixed
here, in one place, and documented in ``docs/methods-scoring.md``.

Bands (on a scale from ``low`` to ``high``, position ``p = (mean − low) / (high − low)``):

- ``strength`` when ``p ≥ 0.75`` (4.0 or more on a 1–5 scale);
- ``concern`` when ``p < 0.5`` (below 3.0 on a 1–5 scale, the scale's midpoint);
- ``worth discussing`` in between.

For dimensions where agreeing means a problem is present (Hardy's barriers,
tagged ``hardy:``) the position is mirrored, ``p' = 1 − p``. Dimensions that
describe rather than judge (Newman's dynamics, governance modes) get no band.

Consensus ("split"): a board deciding by discussion should see a split rather than
an average. An answer is *far* from the median when it lies more than one scale
step in ``(high − low) / 4`` units away (one point on a 1–5 scale, so outside the
three-point band median ± 1). A reading is ``split`` when at least
:data:`SPLIT_MIN_FAR` answers, and at least :data:`SPLIT_MIN_SHARE` of the answers,
are far from the median.

Change between rounds is *marked* only when Welch's test gives ``p < 0.05`` and
the difference is at least :data:`CHANGE_MIN_SHARE` of the scale's range (0.4 on a
1–5 scale) — a significant but trivial shift is not reported as change.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike

STRENGTH_FROM = 0.75
CONCERN_BELOW = 0.5
SPLIT_MIN_FAR = 4
SPLIT_MIN_SHARE = 0.2
CHANGE_ALPHA = 0.05
CHANGE_MIN_SHARE = 0.1
DIVERGENCE_ALPHA = 0.05


class Band(StrEnum):
    STRENGTH = "strength"
    DISCUSS = "worth discussing"
    CONCERN = "concern"


class Polarity(StrEnum):
    HIGHER_BETTER = "higher is better"
    LOWER_BETTER = "lower is better"
    DESCRIPTIVE = "descriptive"


DESCRIPTIVE_INSTRUMENTS = frozenset({"dynamics", "governance-modes", "network"})
LOWER_BETTER_TAGS = ("hardy:",)


def polarity(instrument_id: str, tags: Iterable[str]) -> Polarity:
    """Which way is good for a dimension or item, from its instrument and tags."""
    if instrument_id in DESCRIPTIVE_INSTRUMENTS:
        return Polarity.DESCRIPTIVE
    if any(t.startswith(LOWER_BETTER_TAGS) for t in tags):
        return Polarity.LOWER_BETTER
    return Polarity.HIGHER_BETTER


def band(mean: float, low: float, high: float, direction: Polarity) -> Band | None:
    """The band of a mean score (see the module docstring for the thresholds)."""
    if direction is Polarity.DESCRIPTIVE or np.isnan(mean) or high <= low:
        return None
    position = (mean - low) / (high - low)
    if direction is Polarity.LOWER_BETTER:
        position = 1 - position
    if position >= STRENGTH_FROM:
        return Band.STRENGTH
    if position < CONCERN_BELOW:
        return Band.CONCERN
    return Band.DISCUSS


def is_split(values: ArrayLike, low: float, high: float) -> bool:
    """True when many answers lie far from the median (rule in the module docstring)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return False
    step = (high - low) / 4
    far = int(np.count_nonzero(np.abs(x - np.median(x)) > step + 1e-9))
    return far >= SPLIT_MIN_FAR and far >= SPLIT_MIN_SHARE * x.size


def change_is_marked(difference: float, p: float, low: float, high: float) -> bool:
    """Whether a change clears both the significance and the minimum-size bar."""
    if np.isnan(difference) or np.isnan(p):
        return False
    return p < CHANGE_ALPHA and abs(difference) >= CHANGE_MIN_SHARE * (high - low) - 1e-12
