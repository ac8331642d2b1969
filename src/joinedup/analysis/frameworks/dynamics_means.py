"""Item means behind Newman's plane: the position as a function of published item figures.

Why. A dynamics round is also scored item by item
(:func:`joinedup.analysis.scoring.score_round`): the scores pages list every
item's mean overall and per stakeholder group, each protected by
:func:`joinedup.analysis.suppression.guard_groups` on that item's answer counts.
Were a point on the plane the mean of respondents' own axis positions (the mean
of *their* signed answers), it would weigh each answer by one over the number
of axis items its respondent answered. With horizontal items A and B and one
respondent ``r`` of a shown group who skipped B,

    n_g · x_g − (n_A · A′ + n_B · B′) / 2 = ½ · s_A · (a_r − 3) / 2,

where ``A′ = s_A (A − 3)/2`` is the group's published mean of A on the plane's
scale (likewise ``B′``): the group's point, its ``n`` and its item means and
counts give ``r``'s answer to A. The plane would publish, by subtraction, what
the item level withholds.

The rule. Every coordinate is the mean, over the axis's items whose mean is
shown in the same scope (overall, or one group), of ``sign · (m_j − 3) / 2``
where ``m_j`` is the item's published mean. A group's point is withheld when
any of its axis items' group means is withheld by the item-level rule. Overall,
an item's mean is shown when it rests on at least ``k`` answers. With complete
answers the coordinate equals the mean of respondents' own positions:
``(1/n) Σ_r (1/J) Σ_j s_j a_rj = (1/J) Σ_j s_j ā_j``.

Interval. Percentile bootstrap over the scope's respondents (resampled with
replacement, NumPy generator seeded), recomputing each item's mean within every
resample and then the coordinate from those means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from joinedup.analysis.frameworks._common import Tags, agreement
from joinedup.analysis.suppression import guard_groups

AXES = ("horizontal", "vertical")
Table = Mapping[str, Mapping[str, float]]


def axis_items(tags: Tags) -> dict[str, list[tuple[str, int]]]:
    """Item → [(axis, sign)] from ``newman:<axis>:<+|->`` tags (an item may load on both)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for item, item_tags in tags.items():
        for tag in item_tags:
            parts = tag.split(":")
            if len(parts) == 3 and parts[0] == "newman" and parts[1] in AXES:
                found.setdefault(item, []).append((parts[1], 1 if parts[2] == "+" else -1))
    return found


def item_means(table: Table, items: Sequence[str]) -> dict[str, float]:
    """Each item's mean answer over the respondents in ``table`` who answered it
    (items nobody answered are left out)."""
    out: dict[str, float] = {}
    for item in items:
        values = [a[item] for a in table.values() if item in a]
        if values:
            out[item] = sum(values) / len(values)
    return out


def group_items(
    tables: Mapping[str, Table], items: Sequence[str], k: int
) -> dict[str, dict[str, bool]]:
    """Group → item → whether the group's mean of the item is shown (True) or withheld
    (False) by :func:`~joinedup.analysis.suppression.guard_groups` on the item's answer
    counts per group, the rule :func:`joinedup.analysis.divergence.group_divergence`
    applies; items the group did not answer are left out."""
    found: dict[str, dict[str, bool]] = {g: {} for g in tables}
    for item in items:
        sizes = {g: sum(1 for a in t.values() if item in a) for g, t in tables.items()}
        for g, why in guard_groups(sizes, k).items():
            if sizes[g]:
                found[g][item] = why is None
    return found


def shown_overall(table: Table, items: Sequence[str], k: int) -> list[str]:
    """The items whose overall mean is published (at least ``k`` answers)."""
    return [i for i in items if sum(1 for a in table.values() if i in a) >= k]


@dataclass(frozen=True)
class Columns:
    """The (item, axis, sign) loadings that enter one scope's point."""

    loadings: tuple[tuple[str, str, int], ...]

    @classmethod
    def of(cls, axes: Mapping[str, list[tuple[str, int]]], shown: Sequence[str]) -> Columns:
        return cls(tuple((i, ax, s) for i in sorted(shown) for ax, s in axes.get(i, ())))

    def point(self, means: Mapping[str, float]) -> tuple[float, float] | None:
        """``(x, y)`` from item means; None when an axis has no item with a mean."""
        out = []
        for axis in AXES:
            signed = [
                s * agreement(means[i]) for i, ax, s in self.loadings if ax == axis and i in means
            ]
            if not signed:
                return None
            out.append(sum(signed) / len(signed))
        return out[0], out[1]

    def bootstrap(
        self, table: Table, n_boot: int, seed: int
    ) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """95 % percentile intervals of ``x`` and ``y`` over ``n_boot`` resamples of the
        respondents, item means recomputed in each resample (module text)."""
        items = sorted({i for i, _ax, _s in self.loadings})
        people = [r for r, a in table.items() if any(i in a for i in items)]
        if not people or not items:
            return None
        values = np.array([[table[r].get(i, np.nan) for i in items] for r in people], dtype=float)
        answered = (~np.isnan(values)).astype(float)
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(people), size=(n_boot, len(people)))
        weights = np.zeros((n_boot, len(people)))
        np.add.at(weights, (np.arange(n_boot)[:, None], picks), 1.0)
        sums = weights @ np.nan_to_num(values)
        counts = weights @ answered
        means = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
        coords = [self._axis(means, items, axis) for axis in AXES]
        ok = ~np.isnan(coords[0]) & ~np.isnan(coords[1])
        if not ok.any():
            return None
        lo, hi = np.percentile(np.stack([c[ok] for c in coords], axis=1), [2.5, 97.5], axis=0)
        return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))

    def _axis(self, means: NDArray[np.float64], items: list[str], axis: str) -> NDArray[np.float64]:
        total = np.zeros(means.shape[0])
        count = np.zeros(means.shape[0])
        for item, ax, sign in self.loadings:
            if ax != axis:
                continue
            col = means[:, items.index(item)]
            has = ~np.isnan(col)
            signed = sign * (np.clip(np.where(has, col, 3.0), 1.0, 5.0) - 3.0) / 2.0
            total += np.where(has, signed, 0.0)
            count += has
        return np.divide(total, count, out=np.full_like(total, np.nan), where=count > 0)
