"""Whether a change on a dimension between two rounds can be told from noise.

Two kinds of noise stand between a board's action and the next round's score:

- **sampling**: each round is answered by some of the members, so the mean would
  differ a little with other respondents. Welch's interval on the difference of
  the two rounds' means (:func:`joinedup.analysis.stats.welch_change`) says how
  far that alone could move it.
- **measurement**: a dimension's items measure it imperfectly. Jacobson and
  Truax (1991) judge a change *reliable* when it is larger than the instrument's
  own error would produce: with ``s₁`` the standard deviation of the
  respondents' scores in the first round and ``α`` the dimension's Cronbach's
  alpha there, the standard error of measurement is ``SEM = s₁ √(1 − α)``, the
  standard error of a difference ``S_diff = √2 · SEM``, and the reliable change
  index ``RCI = (x̄₂ − x̄₁) / S_diff``. ``|RCI| > 1.96`` is a change that
  measurement error alone would produce less than one time in twenty.

Jacobson and Truax wrote the index for one person's two scores; applied to a
partnership's mean it is a conservative yardstick (the mean's own measurement
error is smaller), which is why the judgement asks for both: the interval must
leave out zero *and* the index must pass 1.96 for "a reliable change". A change
whose interval leaves out zero but whose index does not pass is "beyond sampling
noise but within the questionnaire's measurement error".

References: Jacobson, N. S. & Truax, P. (1991) Clinical significance: a
statistical approach to defining meaningful change in psychotherapy research.
*Journal of Consulting and Clinical Psychology* 59(1), 12–19. Welch, B. L.
(1947) The generalization of "Student's" problem when several different
population variances are involved. *Biometrika* 34, 28–35.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

#: The two-sided 5% point of the standard normal distribution.
CRITICAL = 1.96


class Verdict(StrEnum):
    """The plain reading of a change."""

    IMPROVED = "improved"  # reliable change in the better direction
    WORSENED = "worsened"  # reliable change in the worse direction
    SAMPLING_ONLY = "sampling-only"  # interval leaves out 0, index below 1.96
    NOISE = "noise"  # the interval holds 0: cannot be told from noise
    UNKNOWN = "unknown"  # too few figures to judge


@dataclass(frozen=True)
class ReliableChange:
    """The reliable change index of one difference, with what it rests on."""

    difference: float
    sd_before: float
    alpha: float
    s_diff: float
    rci: float

    @property
    def reliable(self) -> bool:
        return math.isfinite(self.rci) and abs(self.rci) > CRITICAL


def reliable_change(difference: float, sd_before: float, alpha: float) -> ReliableChange:
    """Jacobson & Truax's ``RCI = d / (√2 · s₁ · √(1 − α))``.

    NaN when the figures are missing, the spread is zero or ``α`` is not below 1
    (an instrument with no measurement error has no yardstick); a negative alpha
    counts as 0 (the items share nothing, so all their spread is error).
    """
    nan = float("nan")
    values = (difference, sd_before, alpha)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        return ReliableChange(difference, sd_before, alpha, nan, nan)
    if sd_before <= 0 or alpha >= 1:
        return ReliableChange(difference, sd_before, alpha, nan, nan)
    s_diff = math.sqrt(2.0) * sd_before * math.sqrt(1.0 - max(alpha, 0.0))
    return ReliableChange(difference, sd_before, alpha, s_diff, difference / s_diff)


def verdict(
    difference: float,
    interval: tuple[float, float] | None,
    change: ReliableChange | None,
    higher_is_better: bool = True,
) -> Verdict:
    """The reading of a change from its Welch interval and its reliable change index.

    ``NOISE`` when the interval holds zero; ``IMPROVED``/``WORSENED`` when it does
    not and ``|RCI| > 1.96`` (direction read with ``higher_is_better``);
    ``SAMPLING_ONLY`` when the interval leaves out zero but the index is below the
    line or cannot be computed; ``UNKNOWN`` without a difference and interval.
    """
    if interval is None or not all(math.isfinite(v) for v in (difference, *interval)):
        return Verdict.UNKNOWN
    low, high = interval
    if low <= 0 <= high:
        return Verdict.NOISE
    if change is None or not change.reliable:
        return Verdict.SAMPLING_ONLY
    better = (difference > 0) == higher_is_better
    return Verdict.IMPROVED if better else Verdict.WORSENED


def agreed_gap(agreed: float, median: float) -> float:
    """The workshop's agreed score minus the members' median (positive: the board
    rated the dimension above what its members said)."""
    return agreed - median


def gap_reading(gap: float, points: int) -> str:
    """How large a gap between the agreed score and the median is, in words, on a
    scale of ``points`` answer options: within half a point "close", within a
    quarter of the scale's range and at least one point (one point on a five-point
    scale) "some way", else "far"."""
    if not math.isfinite(gap):
        return "unknown"
    size = abs(gap)
    if size <= 0.5:
        return "close"
    if size <= max(1.0, (points - 1) / 4):
        return "some way"
    return "far"
