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
    the item's sign. A point's ``x`` (``y``) is the mean, over the horizontal
    (vertical) items, of ``sign · (m − 3) / 2`` where ``m`` is the item's mean in
    the same scope (all respondents, or one group) — the item means the scores
    pages publish. Only item means that are shown count: overall, items with at
    least ``k`` answers; in a group, the point is withheld when any of its axis
    items' group means is withheld by the item-level rule. ``n`` is the number of
    respondents placed (at least one answer on each axis).

    Change of definition (issue 16). The point used to be the mean of each
    respondent's own signed answers; with one respondent of a shown group
    skipping a horizontal item, ``n · x`` minus the group's item totals gave that
    respondent's other horizontal answer. Now the point is a linear function of
    published item means only (:mod:`joinedup.analysis.frameworks.dynamics_means`).
    With complete answers both definitions give the same point.

Uncertainty
    A 95 % percentile bootstrap over respondents (``n_boot`` resamples of the
    scope's respondents with replacement, NumPy generator seeded with ``seed``),
    the item means recomputed within each resample and the point from them. It
    reflects the spread among respondents, not measurement error of the items.

Pulls
    The weight of each pull (accountability, pragmatism, flexibility,
    sustainability). When the round has items tagged ``pull:<name>``, weight =
    the mean of that pull's shown item means on 0…1, normalised so the four sum
    to one. Otherwise the weights follow from the position by bilinear shares:
    sustainability ``(1 − x)(1 + y)/4``, flexibility ``(1 + x)(1 + y)/4``,
    pragmatism ``(1 + x)(1 − y)/4``, accountability ``(1 − x)(1 − y)/4``.

Quadrant
    Top-left sustainability, top-right flexibility, bottom-right pragmatism,
    bottom-left accountability; a value of exactly 0 counts as top / right.

Profile
    The power, trust and leadership pattern Newman attaches to the quadrant, and
    the pattern members report: for each aspect, the pull whose
    ``profile:<aspect>:<pull>`` items have the highest mean of their shown item
    means.

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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.frameworks._common import (
    Tags,
    by_respondent,
    mean,
    suppression_reason,
    unit,
)
from joinedup.analysis.frameworks.dynamics_means import (
    Columns,
    Table,
    axis_items,
    group_items,
    item_means,
    shown_overall,
)
from joinedup.analysis.suppression import HIDDEN_BY_SUBTRACTION, guard_groups
from joinedup.analysis.words import gettext, gettext_noop

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


def _prefixed(tags: Tags, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item, item_tags in tags.items():
        for tag in item_tags:
            if tag.startswith(prefix):
                found[item] = tag[len(prefix) :]
    return found


def _placed_count(table: Table, axes: dict[str, list[tuple[str, int]]]) -> int:
    """Respondents who answered at least one item on each axis (the ``n`` shown)."""
    count = 0
    for answers in table.values():
        loaded = {axis for item in answers for axis, _sign in axes.get(item, ())}
        count += len(loaded) == 2
    return count


def _item_pulls(means: Mapping[str, float], pull_items: dict[str, str]) -> dict[str, float]:
    """Pull weights from the mean of each pull's item means on 0…1, normalised."""
    raw: dict[str, float] = {}
    for pull in PULLS:
        m = mean(unit(v) for i, v in means.items() if pull_items.get(i) == pull)
        if m is not None:
            raw[pull] = m
    total = sum(raw.values())
    if len(raw) < len(PULLS) or total <= 0:
        return {}
    return {pull: raw[pull] / total for pull in PULLS}


def _reported_profile(means: Mapping[str, float], profile_items: dict[str, str]) -> dict[str, str]:
    best: dict[str, str] = {}
    for aspect in ASPECTS:
        scores: dict[str, float] = {}
        for pull in PULLS:
            m = mean(v for i, v in means.items() if profile_items.get(i) == f"{aspect}:{pull}")
            if m is not None:
                scores[pull] = m
        if scores:
            best[aspect] = max(PULLS, key=lambda p: (scores.get(p, -1.0), -PULLS.index(p)))
    return best


def _used_items(tags: Tags) -> list[str]:
    """Items the reading uses: axis, ``pull:`` and ``profile:`` items."""
    used = set(axis_items(tags)) | set(_prefixed(tags, "pull:")) | set(_prefixed(tags, "profile:"))
    return sorted(used)


def _placed(
    label: str, n: int, table: Table, shown: Sequence[str], tags: Tags, n_boot: int, seed: int
) -> Reading:
    """The reading of a scope that may be shown, from the item means in ``shown``."""
    means = item_means(table, shown)
    columns = Columns.of(axis_items(tags), shown)
    point = columns.point(means)
    if point is None:
        return Reading(label=label, n=n, suppressed="no item means on both axes")
    x, y = point
    intervals = columns.bootstrap(table, n_boot, seed)
    pulls = _item_pulls(means, _prefixed(tags, "pull:"))
    source = gettext_noop("pull items")
    if not pulls:
        pulls, source = bilinear_pulls(x, y), gettext_noop("position")
    return Reading(
        label=label,
        n=n,
        x=x,
        y=y,
        x_ci=intervals[0] if intervals else None,
        y_ci=intervals[1] if intervals else None,
        quadrant=quadrant(x, y),
        pulls=pulls,
        pull_source=source,
        reported_profile=_reported_profile(means, _prefixed(tags, "profile:")),
    )


def _reading(
    label: str, rows: Sequence[AnswerRow], tags: Tags, k: int, n_boot: int, seed: int
) -> Reading:
    table = by_respondent(rows)
    n = _placed_count(table, axis_items(tags))
    reason = suppression_reason(n, k)
    if reason:
        return Reading(label=label, n=n, suppressed=reason)
    shown = shown_overall(table, _used_items(tags), k)
    return _placed(label, n, table, shown, tags, n_boot, seed)


def _group_readings(
    rows: Sequence[AnswerRow], tags: Tags, k: int, n_boot: int, seed: int
) -> tuple[Reading, ...]:
    """One reading per stakeholder group, withheld by the group rule (module text).

    A group's size is the number of its respondents placed on the plane (those the
    overall point rests on), so the shown groups and the withheld ones partition
    the overall ``n``. A group with answers but no one placed is shown as empty.
    A group is also withheld when any of its axis items' group means is withheld.
    """
    axes = axis_items(tags)
    groups = sorted({row.group for row in rows})
    tables = {g: by_respondent(r for r in rows if r.group == g) for g in groups}
    sizes = {g: _placed_count(tables[g], axes) for g in groups}
    hidden = guard_groups(sizes, k)
    items = group_items(tables, _used_items(tags), k)
    readings = []
    for g in groups:
        why = hidden[g] or (HIDDEN_BY_SUBTRACTION if _axis_withheld(items[g], axes) else None)
        if why:
            readings.append(Reading(label=g, n=None, suppressed=f"withheld: {why}"))
        elif not sizes[g]:
            readings.append(Reading(label=g, n=0, suppressed="no answers on both axes"))
        else:
            shown = [i for i, ok in items[g].items() if ok]
            readings.append(_placed(g, sizes[g], tables[g], shown, tags, n_boot, seed))
    return tuple(readings)


def _axis_withheld(items: Mapping[str, bool], axes: Mapping[str, object]) -> bool:
    return any(not ok for i, ok in items.items() if i in axes)


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
        items_used=tuple(sorted(axis_items(tags))),
    )


def explain(result: DynamicsResult) -> str:
    """Plain words: where the partnership sits and how that was worked out."""
    o = result.overall
    if o.suppressed or o.x is None or o.y is None or o.quadrant is None:
        return gettext("No position on Newman's plane for %(round)s: %(reason)s.") % {
            "round": result.round_label or gettext("this round"),
            "reason": o.suppressed or gettext("no answers on both axes"),
        }
    lead = max(PULLS, key=lambda p: o.pulls.get(p, 0.0))
    text = ""
    if o.x_ci and o.y_ci:
        text = gettext(
            "%(round)s: %(n)s respondents place the partnership at x = %(x)s, y = %(y)s "
            "(95%% bootstrap interval x %(x_low)s to %(x_high)s, y %(y_low)s to %(y_high)s) "
            "— more %(vertical)s than not, and more %(horizontal)s: the '%(quadrant)s' "
            "quadrant. "
        ) % {
            "round": result.round_label or gettext("This round"),
            "n": o.n,
            "x": f"{o.x:+.2f}",
            "y": f"{o.y:+.2f}",
            "x_low": f"{o.x_ci[0]:+.2f}",
            "x_high": f"{o.x_ci[1]:+.2f}",
            "y_low": f"{o.y_ci[0]:+.2f}",
            "y_high": f"{o.y_ci[1]:+.2f}",
            "vertical": gettext("self-steering") if o.y >= 0 else gettext("directed from outside"),
            "horizontal": gettext("outward-looking") if o.x >= 0 else gettext("inward-looking"),
            "quadrant": gettext(o.quadrant),
        }
    text += gettext(
        "The strongest pull is towards %(pull)s (%(share)s, from the %(source)s). Each "
        "agreement answer was turned into −1…+1, items worded the other way were reversed, "
        "and each axis is the mean of its items' mean answers (%(items)s items)."
    ) % {
        "pull": gettext(lead),
        "share": f"{o.pulls.get(lead, 0.0):.0%}",
        "source": gettext(o.pull_source),
        "items": len(result.items_used),
    }
    withheld = [g.label for g in result.groups if g.suppressed]
    if withheld:
        text += " " + gettext(
            "Groups withheld so that no set of fewer than %(k)s respondents can be read off, "
            "directly or by subtraction from the overall: %(groups)s."
        ) % {"k": result.k, "groups": ", ".join(withheld)}
    return text
