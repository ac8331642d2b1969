"""Published dimension means, derived from the dimension's published item means.

Why. A respondent's dimension score is the mean of the items *they* answered
(the half-answered rule of :func:`joinedup.analysis.scoring.respondent_scores`).
Were the published dimension mean the mean of those scores, it would weigh each
answer by one over the number of items its respondent answered, and so carry
information the item means do not. For a dimension of items A and B answered
by ``n_D`` respondents,

    n_D · D − (n_A · A + n_B · B) / 2 = ½ Σ_{respondents who skipped B} a_r,

so when exactly one respondent skipped B, their answer to A follows from the
overall figures alone; within a stakeholder group, from the group's dimension
and item means. Item figures are protected item by item (one partition of the
item's respondents, :func:`joinedup.analysis.suppression.guard_groups`), but
the dimension figure links the items through each respondent's own score.

The rule. The dimension level publishes no linear information beyond the item
level:

- the overall dimension mean is the mean of the overall item means of the
  dimension's scored items that are shown (at least ``k`` answers);
- a group's dimension mean is the mean of that group's item means; it is
  withheld when any of the group's item means in the dimension is withheld, as
  well as when :func:`~joinedup.analysis.suppression.guard_groups` on the
  dimension's group sizes withholds it.

Every published dimension mean is then an average of published item means.
With complete answers (everyone answered every item) the derived mean equals
the mean of respondents' scores: ``(1/n) Σ_r (1/J) Σ_j x_rj = (1/J) Σ_j x̄_j``.

What is not a linear total stays with respondents' own scores: the number of
respondents with a score, SD, median, rwg(J), alpha, the split reading and the
Kruskal–Wallis test. The interval is centred on the published mean with
half-width ``t(0.975; n − 1) · s / √n`` from the respondents' scores (``n`` and
``s`` of those scores), the usual Student interval when answers are complete.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from joinedup.analysis import stats
from joinedup.analysis.divergence import GroupDivergence
from joinedup.analysis.suppression import HIDDEN_BY_SUBTRACTION, Suppressed, guard_groups

Figure = float | Suppressed | None


def derived_mean(item_means: Sequence[object]) -> float:
    """The mean of the shown item means (floats); NaN when none is shown."""
    shown = [float(m) for m in item_means if isinstance(m, float)]
    return math.fsum(shown) / len(shown) if shown else float("nan")


def shown_item_means(matrix: NDArray[np.float64], k: int) -> list[float | None]:
    """Each column's mean of its answers when it has at least ``k`` of them, else None.

    ``matrix`` is respondents × items with NaN where missing; the means are those
    :func:`joinedup.analysis.stats.mean_ci` gives the published item figures."""
    out: list[float | None] = []
    for col in range(matrix.shape[1]):
        x = matrix[:, col]
        x = x[~np.isnan(x)]
        out.append(float(x.mean()) if x.size >= k else None)
    return out


def centred_interval(scores: NDArray[np.float64], centre: float) -> tuple[float, float]:
    """Student interval of the respondents' scores, moved onto ``centre``:
    ``centre ± t(0.975; n − 1) · s / √n`` (NaN below two scores)."""
    mean, low, _high = stats.mean_ci(scores)
    if np.isnan(low) or np.isnan(centre):
        return float("nan"), float("nan")
    half = mean - low
    return centre - half, centre + half


def derived_divergence(
    scores: NDArray[np.float64],
    groups: Sequence[str],
    k: int,
    items: Sequence[GroupDivergence],
) -> GroupDivergence:
    """Group divergence of a dimension whose group means come from its items.

    ``scores`` are respondents' dimension scores and ``groups`` their groups
    (respondent order); ``items`` the group divergences of the dimension's items.
    A group's size is its number of respondents with a score; its mean is the
    mean of its shown item means, withheld (and its size with it) when the group
    rule on sizes withholds it or when any of its item means is withheld (then
    "hidden to protect a smaller group"). The largest gap is between shown
    means; the Kruskal–Wallis test runs on the shown groups' scores."""
    labels = sorted(set(groups))
    g = np.asarray(groups)
    scored = {lab: scores[(g == lab) & ~np.isnan(scores)] for lab in labels}
    hidden = guard_groups({lab: int(x.size) for lab, x in scored.items()}, k)
    means: dict[str, Figure] = {}
    sizes: dict[str, int | Suppressed] = {}
    shown: list[NDArray[np.float64]] = []
    for lab in labels:
        parts = [d.means.get(lab) for d in items]
        why = hidden[lab] or _item_reason(parts)
        mean = derived_mean(parts)
        if why:
            means[lab] = sizes[lab] = Suppressed(why)
        elif scored[lab].size == 0 or np.isnan(mean):
            means[lab], sizes[lab] = None, 0
        else:
            means[lab], sizes[lab] = mean, int(scored[lab].size)
            shown.append(scored[lab])
    numbers = [m for m in means.values() if isinstance(m, float)]
    gap: Figure = max(numbers) - min(numbers) if len(numbers) >= 2 else None
    h, p = stats.kruskal_wallis(shown) if len(shown) >= 2 else (float("nan"), float("nan"))
    return GroupDivergence(means, sizes, gap, _num(h), _num(p))


def _item_reason(parts: Sequence[object]) -> str | None:
    return HIDDEN_BY_SUBTRACTION if any(isinstance(p, Suppressed) for p in parts) else None


def _num(v: float) -> float | None:
    return None if np.isnan(v) else float(v)
