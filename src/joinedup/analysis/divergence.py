"""Stakeholder-group divergence: do different groups see the partnership differently?

Bovaird's "governance test" asks several stakeholder groups to rate the same
issues; the differences between groups are the finding, not noise to be averaged
away (Bovaird & Löffler, *Public Management and Governance*, 2003/2009). For each
item and dimension this module gives each group's mean (groups too small to show
are suppressed, see :func:`joinedup.analysis.suppression.guard_groups`), the
largest gap between shown group means, and a Kruskal–Wallis test across the shown
groups. p values are adjusted with Holm's method across all items of the
instrument (and, separately, across its dimensions), since a survey asks many
questions at once. :class:`Grid` is the groups × issues table of the test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from joinedup.analysis import stats
from joinedup.analysis.readings import DIVERGENCE_ALPHA
from joinedup.analysis.suppression import Suppressed, guard_groups

Figure = float | Suppressed | None


@dataclass(frozen=True)
class GroupDivergence:
    """Group means for one issue, the largest gap, and the (Holm-adjusted) test."""

    means: dict[str, Figure]
    sizes: dict[str, int | Suppressed]
    largest_gap: Figure
    h: float | None
    p: float | None
    p_holm: float | None = None

    @property
    def differs(self) -> bool:
        """True when the Holm-adjusted Kruskal–Wallis p is below 0.05."""
        return self.p_holm is not None and self.p_holm < DIVERGENCE_ALPHA


def _num(v: float) -> float | None:
    return None if np.isnan(v) else float(v)


def group_divergence(values: NDArray[np.float64], groups: Sequence[str], k: int) -> GroupDivergence:
    """Divergence for one issue: ``values`` per respondent, ``groups`` per respondent."""
    labels = sorted(set(groups))
    g = np.asarray(groups)
    answered = {lab: values[(g == lab) & ~np.isnan(values)] for lab in labels}
    hidden = guard_groups({lab: int(x.size) for lab, x in answered.items()}, k)
    means: dict[str, Figure] = {}
    sizes: dict[str, int | Suppressed] = {}
    shown: list[NDArray[np.float64]] = []
    for lab in labels:
        x = answered[lab]
        why = hidden[lab]
        if why:
            means[lab] = sizes[lab] = Suppressed(why)
        elif x.size == 0:
            means[lab], sizes[lab] = None, 0
        else:
            means[lab], sizes[lab] = float(x.mean()), int(x.size)
            shown.append(x)
    numbers = [m for m in means.values() if isinstance(m, float)]
    gap: Figure = max(numbers) - min(numbers) if len(numbers) >= 2 else None
    h, p = stats.kruskal_wallis(shown) if len(shown) >= 2 else (float("nan"), float("nan"))
    return GroupDivergence(means, sizes, gap, _num(h), _num(p))


def adjust(divergences: Sequence[GroupDivergence]) -> list[GroupDivergence]:
    """The same divergences with Holm-adjusted p values across the whole set."""
    raw = [d.p if d.p is not None else float("nan") for d in divergences]
    adjusted = stats.holm(raw)
    return [replace(d, p_holm=_num(a)) for d, a in zip(divergences, adjusted, strict=True)]


@dataclass(frozen=True)
class Grid:
    """Bovaird's governance-test grid: one row per group, one column per issue."""

    groups: list[str]
    issues: list[str]
    cells: dict[str, dict[str, Figure]]
    differs: dict[str, bool]

    def rows(self) -> list[tuple[str, list[Figure]]]:
        return [(g, [self.cells[g].get(i) for i in self.issues]) for g in self.groups]


def grid(divergences: Mapping[str, GroupDivergence]) -> Grid:
    """Assemble the grid from the divergence of each issue (issue name → divergence)."""
    groups = sorted({g for d in divergences.values() for g in d.means})
    issues = list(divergences)
    cells = {g: {i: divergences[i].means.get(g) for i in issues} for g in groups}
    return Grid(groups, issues, cells, {i: divergences[i].differs for i in issues})
