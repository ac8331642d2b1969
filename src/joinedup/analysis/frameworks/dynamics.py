"""Newman's dynamics of partnership working (Figure 6.1), read from a survey round.

The plane
    Vertical axis ``y``: self-steering / co-governance (+1, top) against being
    directed by government and performance regimes (−1, bottom). Horizontal axis
    ``x``: external adaptation (+1, right) against a focus on internal structures
    and procedures (−1, left). Items tagged ``newman:vertical:+`` or
    ``newman:horizontal:+`` point towards the positive end when agreed with; items
    tagged ``:-`` point the other way and are reversed.

Position
    Each 1–5 agreement answer ``v`` becomes ``s = (v − 3) / 2`` on −1…+1, times
    the item's sign. A respondent's ``x`` (``y``) is the mean of their signed
    horizontal (vertical) answers; the partnership's position is the mean over
    respondents who answered at least one item on both axes, so every respondent
    counts once whatever the number of items.

Uncertainty
    A 95 % percentile bootstrap over respondents (``n_boot`` resamples of the
    respondents with replacement, NumPy generator seeded with ``seed``): the
    interval of each axis mean. It reflects the spread among respondents, not
    measurement error of the items.

Pulls
    The weight of each pull (accountability, pragmatism, flexibility,
    sustainability). When the round has items tagged ``pull:<name>``, weight =
    mean agreement with that pull's items on 0…1, normalised so the four sum to
    one. Otherwise the weights follow from the position by bilinear shares:
    sustainability ``(1 − x)(1 + y)/4``, flexibility ``(1 + x)(1 + y)/4``,
    pragmatism ``(1 + x)(1 − y)/4``, accountability ``(1 − x)(1 − y)/4``.

Quadrant
    Top-left sustainability, top-right flexibility, bottom-right pragmatism,
    bottom-left accountability; a value of exactly 0 counts as top / right.

Profile
    The power, trust and leadership pattern Newman attaches to the quadrant, and
    the pattern members report: for each aspect, the pull whose
    ``profile:<aspect>:<pull>`` items have the highest mean agreement.

The whole reading is withheld when the round has fewer than ``k`` respondents.
Groups go through :func:`joinedup.analysis.suppression.guard_groups`: a group
under ``k`` is withheld, and further groups (smallest first) until the withheld
respondents number zero or at least ``k``, so ``overall × n − Σ shown groups``
never gives fewer than ``k`` people's combined point. A withheld group carries
its reason and no figure at all, not even its size (``n`` is None).

Reference: J. Newman (2001) *Modernising governance*, ch. 6, Figure 6.1.
Trajectories and drift alerts are in :mod:`joinedup.analysis.frameworks.drift`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.frameworks._common import (
    Tags,
    agreement,
    by_respondent,
    mean,
    suppression_reason,
    unit,
)
from joinedup.analysis.suppression import guard_groups

NAME = "dynamics"
TITLE = "Newman's dynamics of partnership working"
PULLS = ("accountability", "pragmatism", "flexibility", "sustainability")
ASPECTS = ("power", "trust", "leadership")
CENTRES = {
    "sustainability": (-0.5, 0.5),
    "flexibility": (0.5, 0.5),
    "pragmatism": (0.5, -0.5),
    "accountability": (-0.5, -0.5),
}
PROFILE = {
    "accountability": {
        "power": "positional, held by formal roles and the structures of the board",
        "trust": "low but made safe by rules, procedures and audit",
        "leadership": "positional: chairs and officers with defined duties",
    },
    "pragmatism": {
        "power": "with a small tight group that delivers to targets and deadlines",
        "trust": "calculated: partners rely on each other for what each gains",
        "leadership": "directive and personal, focused on getting things done",
    },
    "flexibility": {
        "power": "at the hub of the network; those far from it are marginal",
        "trust": "built on reputation among those who work together",
        "leadership": "at the hub, entrepreneurial and not very visible",
    },
    "sustainability": {
        "power": "spread out, with users and communities brought in",
        "trust": "grown through principled, open conduct over time",
        "leadership": "inclusive and shared, building others' capacity",
    },
}


@dataclass(frozen=True)
class Reading:
    """The plane reading of one set of respondents (overall or one group)."""

    label: str
    n: int | None
    suppressed: str | None = None
    x: float | None = None
    y: float | None = None
    x_ci: tuple[float, float] | None = None
    y_ci: tuple[float, float] | None = None
    quadrant: str | None = None
    pulls: dict[str, float] = field(default_factory=dict)
    pull_source: str = ""
    reported_profile: dict[str, str] = field(default_factory=dict)

    @property
    def profile(self) -> dict[str, str]:
        return dict(PROFILE[self.quadrant]) if self.quadrant else {}


@dataclass(frozen=True)
class DynamicsResult:
    round_label: str
    overall: Reading
    groups: tuple[Reading, ...]
    k: int
    n_boot: int
    seed: int
    items_used: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overall"]["profile"] = self.overall.profile
        for index, group in enumerate(self.groups):
            data["groups"][index]["profile"] = group.profile
        return data


def quadrant(x: float, y: float) -> str:
    """The quadrant of a point; 0 counts as top (y) and right (x)."""
    if y >= 0:
        return "flexibility" if x >= 0 else "sustainability"
    return "pragmatism" if x >= 0 else "accountability"


def bilinear_pulls(x: float, y: float) -> dict[str, float]:
    """Pull weights implied by a position; they sum to one on the square."""
    return {
        "accountability": (1 - x) * (1 - y) / 4,
        "pragmatism": (1 + x) * (1 - y) / 4,
        "flexibility": (1 + x) * (1 + y) / 4,
        "sustainability": (1 - x) * (1 + y) / 4,
    }


def _axis_items(tags: Tags) -> dict[str, list[tuple[str, int]]]:
    """Item → [(axis, sign)] from ``newman:<axis>:<+|->`` tags (an item may load on both)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for item, item_tags in tags.items():
        for tag in item_tags:
            parts = tag.split(":")
            if len(parts) == 3 and parts[0] == "newman" and parts[1] in ("vertical", "horizontal"):
                found.setdefault(item, []).append((parts[1], 1 if parts[2] == "+" else -1))
    return found


def _prefixed(tags: Tags, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item, item_tags in tags.items():
        for tag in item_tags:
            if tag.startswith(prefix):
                found[item] = tag[len(prefix) :]
    return found


def _respondent_points(
    table: dict[str, dict[str, float]], axes: dict[str, list[tuple[str, int]]]
) -> dict[str, tuple[float, float]]:
    points: dict[str, tuple[float, float]] = {}
    for respondent, answers in table.items():
        signed: dict[str, list[float]] = {"horizontal": [], "vertical": []}
        for item, value in answers.items():
            for axis, sign in axes.get(item, ()):
                signed[axis].append(sign * agreement(value))
        xs, ys = signed["horizontal"], signed["vertical"]
        if xs and ys:
            points[respondent] = (sum(xs) / len(xs), sum(ys) / len(ys))
    return points


def _bootstrap(
    points: Sequence[tuple[float, float]], n_boot: int, seed: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """95 % percentile intervals of the two axis means over ``n_boot`` resamples of
    the respondents with replacement (NumPy generator seeded with ``seed``)."""
    data = np.asarray(points, dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(data), size=(n_boot, len(data)))
    means = data[picks].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5], axis=0)
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _item_pulls(table: dict[str, dict[str, float]], pull_items: dict[str, str]) -> dict[str, float]:
    raw: dict[str, float] = {}
    for pull in PULLS:
        values = [
            unit(v) for a in table.values() for i, v in a.items() if pull_items.get(i) == pull
        ]
        m = mean(values)
        if m is not None:
            raw[pull] = m
    total = sum(raw.values())
    if len(raw) < len(PULLS) or total <= 0:
        return {}
    return {pull: raw[pull] / total for pull in PULLS}


def _reported_profile(
    table: dict[str, dict[str, float]], profile_items: dict[str, str]
) -> dict[str, str]:
    best: dict[str, str] = {}
    for aspect in ASPECTS:
        scores: dict[str, float] = {}
        for pull in PULLS:
            key = f"{aspect}:{pull}"
            m = mean(v for a in table.values() for i, v in a.items() if profile_items.get(i) == key)
            if m is not None:
                scores[pull] = m
        if scores:
            best[aspect] = max(PULLS, key=lambda p: (scores.get(p, -1.0), -PULLS.index(p)))
    return best


def _reading(
    label: str, rows: Sequence[AnswerRow], tags: Tags, k: int, n_boot: int, seed: int
) -> Reading:
    table = by_respondent(rows)
    points = _respondent_points(table, _axis_items(tags))
    reason = suppression_reason(len(points), k)
    if reason:
        return Reading(label=label, n=len(points), suppressed=reason)
    return _placed(label, table, points, tags, n_boot, seed)


def _placed(
    label: str,
    table: dict[str, dict[str, float]],
    points: dict[str, tuple[float, float]],
    tags: Tags,
    n_boot: int,
    seed: int,
) -> Reading:
    """The reading of a set of respondents that may be shown (``points`` not empty)."""
    kept = {r: table[r] for r in points}
    x = sum(p[0] for p in points.values()) / len(points)
    y = sum(p[1] for p in points.values()) / len(points)
    x_ci, y_ci = _bootstrap(list(points.values()), n_boot, seed)
    pulls = _item_pulls(kept, _prefixed(tags, "pull:"))
    source = "pull items"
    if not pulls:
        pulls, source = bilinear_pulls(x, y), "position"
    return Reading(
        label=label,
        n=len(points),
        x=x,
        y=y,
        x_ci=x_ci,
        y_ci=y_ci,
        quadrant=quadrant(x, y),
        pulls=pulls,
        pull_source=source,
        reported_profile=_reported_profile(kept, _prefixed(tags, "profile:")),
    )


def _group_readings(
    rows: Sequence[AnswerRow], tags: Tags, k: int, n_boot: int, seed: int
) -> tuple[Reading, ...]:
    """One reading per stakeholder group, withheld by the group rule (module text).

    A group's size is the number of its respondents placed on the plane (those the
    overall point rests on), so the shown groups and the withheld ones partition
    the overall ``n``. A group with answers but no one placed is shown as empty.
    """
    axes = _axis_items(tags)
    groups = sorted({row.group for row in rows})
    tables = {g: by_respondent(r for r in rows if r.group == g) for g in groups}
    points = {g: _respondent_points(tables[g], axes) for g in groups}
    hidden = guard_groups({g: len(points[g]) for g in groups}, k)
    readings = []
    for g in groups:
        why = hidden[g]
        if why:
            readings.append(Reading(label=g, n=None, suppressed=f"withheld: {why}"))
        elif not points[g]:
            readings.append(Reading(label=g, n=0, suppressed="no answers on both axes"))
        else:
            readings.append(_placed(g, tables[g], points[g], tags, n_boot, seed))
    return tuple(readings)


def compute(
    answers: Iterable[AnswerRow],
    tags: Tags,
    k: int,
    *,
    round_label: str = "",
    n_boot: int = 1000,
    seed: int = 0,
) -> DynamicsResult:
    """The plane reading of one dynamics round, overall and per stakeholder group.

    When the overall reading is withheld (fewer than ``k`` respondents) every group
    is withheld with it."""
    rows = list(answers)
    overall = _reading("all respondents", rows, tags, k, n_boot, seed)
    if overall.suppressed:
        groups = tuple(
            Reading(label=g, n=None, suppressed=overall.suppressed)
            for g in sorted({row.group for row in rows})
        )
    else:
        groups = _group_readings(rows, tags, k, n_boot, seed)
    return DynamicsResult(
        round_label=round_label,
        overall=overall,
        groups=groups,
        k=k,
        n_boot=n_boot,
        seed=seed,
        items_used=tuple(sorted(_axis_items(tags))),
    )


def explain(result: DynamicsResult) -> str:
    """Plain words: where the partnership sits and how that was worked out."""
    o = result.overall
    if o.suppressed or o.x is None or o.y is None or o.quadrant is None:
        return (
            f"No position on Newman's plane for {result.round_label or 'this round'}: "
            f"{o.suppressed or 'no answers on both axes'}."
        )
    lead = max(PULLS, key=lambda p: o.pulls.get(p, 0.0))
    vertical = "self-steering" if o.y >= 0 else "directed from outside"
    horizontal = "outward-looking" if o.x >= 0 else "inward-looking"
    text = (
        f"{result.round_label or 'This round'}: {o.n} respondents place the partnership at "
        f"x = {o.x:+.2f}, y = {o.y:+.2f} (95% bootstrap interval x {o.x_ci[0]:+.2f} to "
        f"{o.x_ci[1]:+.2f}, y {o.y_ci[0]:+.2f} to {o.y_ci[1]:+.2f}) — more {vertical} than "
        f"not, and more {horizontal}: the '{o.quadrant}' quadrant. "
        if o.x_ci and o.y_ci
        else ""
    )
    text += (
        f"The strongest pull is towards {lead} ({o.pulls.get(lead, 0.0):.0%}, from the "
        f"{o.pull_source}). Each agreement answer was turned into −1…+1, items worded the "
        f"other way were reversed, and each respondent's answers were averaged per axis "
        f"({len(result.items_used)} items)."
    )
    withheld = [g.label for g in result.groups if g.suppressed]
    if withheld:
        text += (
            f" Groups withheld so that no set of fewer than {result.k} respondents can be "
            f"read off, directly or by subtraction from the overall: {', '.join(withheld)}."
        )
    return text
