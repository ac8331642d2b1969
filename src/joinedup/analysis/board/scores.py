"""Board wording for the survey scores: strongest and weakest dimension, change,
and questions from the weakest and the most divided dimensions.

Only dimensions whose mean is shown (at least k respondents) and that judge rather
than describe (a band exists, see :mod:`joinedup.analysis.readings`) are read.
*Position* puts every dimension on one footing, ``p = (mean − low)/(high − low)``,
mirrored (``1 − p``) where agreeing means a problem is present, so "weakest" is the
lowest position whatever the item wording.

A dimension is *divided* when

- stakeholder groups are far apart: the gap between the highest and lowest shown
  group mean is at least :data:`GAP_LARGE_SHARE` of the scale's range (0.8 points on
  a 1–5 scale) or the Kruskal–Wallis test across groups, Holm-adjusted, has p < 0.05
  (Bovaird & Löffler's governance test: differences between groups are the finding);
- or members disagree among themselves: rwg(J) below :data:`RWG_AGREEMENT` (the
  conventional 0.70 cut-off for agreement; LeBreton & Senter 2008, *Organizational
  Research Methods* 11(4)), or the answers are "split" (readings module).

Group means hidden to protect a small group are :class:`Suppressed` in the scores
and are skipped here, so no question can name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from joinedup.analysis.board.text import (
    ALERT,
    DIVIDED,
    GOOD,
    NEEDS_ATTENTION,
    NO_DATA,
    WATCH,
    BoardLines,
    Prompt,
    points,
)
from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.analysis.readings import CHANGE_MIN_SHARE, Polarity, polarity
from joinedup.analysis.scoring import DimensionScore, RoundScores
from joinedup.analysis.words import gettext, ngettext

RWG_AGREEMENT = 0.70
GAP_LARGE_SHARE = 0.2
MOST_DIVIDED = 2


@dataclass(frozen=True)
class Rated:
    """A shown, judging dimension with what the board wording needs."""

    label: str
    mean: float
    n: int
    low: float
    high: float
    position: float
    band: str
    split: bool
    rwg: float | None
    low_group: tuple[str, float] | None = None
    high_group: tuple[str, float] | None = None
    groups_differ: bool = False
    change: float | None = None
    change_marked: bool = False
    lower_better: bool = False

    @property
    def declined(self) -> bool:
        """A marked change in the bad direction (down, or up where lower is better)."""
        if not self.change_marked or self.change is None:
            return False
        return self.change > 0 if self.lower_better else self.change < 0

    @property
    def gap(self) -> float:
        if self.low_group is None or self.high_group is None:
            return 0.0
        return self.high_group[1] - self.low_group[1]

    @property
    def far_apart(self) -> bool:
        large = self.gap >= GAP_LARGE_SHARE * (self.high - self.low) - 1e-9
        return self.low_group is not None and (large or self.groups_differ)

    @property
    def disagreeing(self) -> bool:
        return self.split or (self.rwg is not None and self.rwg < RWG_AGREEMENT)


def _extremes(d: DimensionScore) -> tuple[tuple[str, float], tuple[str, float]] | None:
    """Lowest and highest *shown* group means (suppressed groups are skipped)."""
    if d.divergence is None:
        return None
    shown = sorted(
        ((g, m) for g, m in d.divergence.means.items() if isinstance(m, float)),
        key=lambda gm: (gm[1], gm[0]),
    )
    return (shown[0], shown[-1]) if len(shown) >= 2 else None


def dimension_scale(instrument: Instrument, name: str) -> tuple[float, float, Polarity] | None:
    """A dimension's scale ends and which way is good, from its first scored item."""
    dim = next((x for x in instrument.dimensions if x.name == name), None)
    items = [i for i in dim.items if i.type == ItemType.SCALE] if dim else []
    scale = instrument.scale_of(items[0]) if items else None
    if dim is None or scale is None or scale.high <= scale.low:
        return None
    tags = list(dim.tags) + [t for i in items for t in i.tags]
    return scale.low, scale.high, polarity(instrument.id, tags)


def _rate(d: DimensionScore, instrument: Instrument) -> Rated | None:
    if not isinstance(d.mean, float) or not isinstance(d.n, int) or not isinstance(d.band, str):
        return None
    found = dimension_scale(instrument, d.dimension)
    if found is None:
        return None
    low, high, direction = found
    position = (d.mean - low) / (high - low)
    if direction is Polarity.LOWER_BETTER:
        position = 1 - position
    extremes = _extremes(d)
    change = d.change.difference if d.change is not None else None
    return Rated(
        label=d.label,
        mean=d.mean,
        n=d.n,
        low=low,
        high=high,
        position=position,
        band=str(d.band),
        split=d.split is True,
        rwg=d.rwg_j if isinstance(d.rwg_j, float) else None,
        low_group=extremes[0] if extremes else None,
        high_group=extremes[1] if extremes else None,
        groups_differ=bool(d.divergence and d.divergence.differs),
        change=change if isinstance(change, float) else None,
        change_marked=bool(d.change and d.change.marked),
        lower_better=direction is Polarity.LOWER_BETTER,
    )


def rated_dimensions(result: RoundScores, instrument: Instrument) -> list[Rated]:
    """The round's shown, judging dimensions, in the instrument's order."""
    return [r for d in result.dimensions if (r := _rate(d, instrument)) is not None]


def _scale(r: Rated) -> str:
    return f"{r.low:g}–{r.high:g}"


def summary(title: str, rated: Sequence[Rated], response: str, previous: str | None) -> list[str]:
    """Strongest and weakest dimension with mean and n, the response, marked change.
    ``title`` names the round ("Partnership health check of spring 2026") and
    ``response`` its response rate in brackets, or is empty."""
    if not rated:
        return []
    best = max(rated, key=lambda r: r.position)
    worst = min(rated, key=lambda r: r.position)
    answered = f" {response}" if response else ""
    first = gettext("mean %(mean)s on %(scale)s, n = %(n)s, %(band)s") % {
        "mean": f"{best.mean:.2f}",
        "scale": _scale(best),
        "n": best.n,
        "band": gettext(best.band),
    }
    values = {"title": title, "answered": answered, "label": best.label, "first": first}
    if best is worst:
        lines = [
            gettext("In the %(title)s%(answered)s, members rate '%(label)s' at %(first)s.") % values
        ]
    else:
        lines = [
            gettext(
                "In the %(title)s%(answered)s, members rate '%(label)s' strongest (%(first)s) "
                "and '%(weakest)s' weakest (%(mean)s, n = %(n)s, %(band)s)."
            )
            % {
                **values,
                "weakest": worst.label,
                "mean": f"{worst.mean:.2f}",
                "n": worst.n,
                "band": gettext(worst.band),
            }
        ]
    moved = [r for r in rated if r.change_marked and r.change is not None]
    if previous and moved:
        parts = [
            (
                gettext("'%(label)s' up %(points)s")
                if (r.change or 0) > 0
                else gettext("'%(label)s' down %(points)s")
            )
            % {"label": r.label, "points": points(r.change or 0)}
            for r in moved
        ]
        lines[0] += " " + gettext("Changes that matter since %(previous)s: %(changes)s.") % {
            "previous": previous,
            "changes": ", ".join(parts),
        }
    elif previous:
        lines[0] += " " + gettext(
            "No dimension has changed by enough to matter since %(previous)s."
        ) % {"previous": previous}
    return lines


def _trend(r: Rated, previous: str | None) -> str:
    """A dimension's change in words: only a marked change is called a rise or fall."""
    if previous is None or r.change is None:
        return gettext("first round")
    if not r.change_marked:
        return gettext("little changed since %(previous)s") % {"previous": previous}
    better = (r.change < 0) if r.lower_better else (r.change > 0)
    size = abs(r.change)
    amount = (
        ngettext("%(n)s point", "%(n)s points", 1) % {"n": 1}
        if abs(size - 1) < 0.005
        else ngettext("%(n)s point", "%(n)s points", 5) % {"n": f"{size:.2f}"}
    )
    change = (
        gettext("better by %(amount)s since %(previous)s")
        if better
        else gettext("worse by %(amount)s since %(previous)s")
    )
    return change % {"amount": amount, "previous": previous}


def headline(rated: Sequence[Rated], previous: str | None) -> str:
    """The overview card's sentence: strongest and weakest dimension and their trend."""
    if not rated:
        return gettext("Not enough answers yet to rate the partnership on any theme.")
    best = max(rated, key=lambda r: r.position)
    worst = min(rated, key=lambda r: r.position)
    values = {"label": best.label, "mean": f"{best.mean:.1f}", "trend": _trend(best, previous)}
    if best is worst:
        return gettext("Strongest: '%(label)s' (%(mean)s, %(trend)s).") % values
    return gettext(
        "Strongest: '%(label)s' (%(mean)s, %(trend)s); weakest: '%(weakest)s' "
        "(%(weakest_mean)s, %(weakest_trend)s)."
    ) % {
        **values,
        "weakest": worst.label,
        "weakest_mean": f"{worst.mean:.1f}",
        "weakest_trend": _trend(worst, previous),
    }


def status(rated: Sequence[Rated]) -> str:
    """Needs attention when a theme is a concern or fell clearly; worth discussing
    when one is; going well when every theme is a strength."""
    if not rated:
        return NO_DATA
    if any(r.band == "concern" or r.declined for r in rated):
        return NEEDS_ATTENTION
    if any(r.band == "worth discussing" for r in rated):
        return WATCH
    return GOOD


def _weakest(rated: Sequence[Rated]) -> list[Prompt]:
    worst = min(rated, key=lambda r: r.position)
    if worst.band not in ("concern", "worth discussing"):
        return []
    weight = (ALERT if worst.band == "concern" else DIVIDED) + (1 - worst.position)
    return [
        Prompt(
            gettext(
                "'%(label)s' is the weakest-rated dimension (mean %(mean)s on %(scale)s, "
                "n = %(n)s, %(band)s): what would have to change for members to call it a "
                "strength, and who will lead on it?"
            )
            % {
                "label": worst.label,
                "mean": f"{worst.mean:.2f}",
                "scale": _scale(worst),
                "n": worst.n,
                "band": gettext(worst.band),
            },
            weight,
        )
    ]


def _decline(rated: Sequence[Rated], previous: str | None) -> list[Prompt]:
    fallen = [r for r in rated if r.declined]
    if not fallen or previous is None:
        return []
    r = max(fallen, key=lambda x: abs(x.change or 0.0))
    return [
        Prompt(
            gettext(
                "'%(label)s' has worsened by %(points)s since %(previous)s, more than chance "
                "or a trivial shift would explain: what has happened, and what does the board "
                "want to do about it?"
            )
            % {"label": r.label, "points": points(r.change or 0.0), "previous": previous},
            DIVIDED + 0.5 + min(abs(r.change or 0.0) / (r.high - r.low), 1.0),
        )
    ]


def _apart(r: Rated) -> Prompt:
    low_name, low_mean = r.low_group or ("", 0.0)
    high_name, high_mean = r.high_group or ("", 0.0)
    values = {
        "low": low_name,
        "label": r.label,
        "points": points(r.gap),
        "high": high_name,
        "low_mean": f"{low_mean:.2f}",
        "high_mean": f"{high_mean:.2f}",
    }
    text = (
        gettext(
            "Respondents in the '%(low)s' group rate '%(label)s' %(points)s lower than those "
            "in the '%(high)s' group (%(low_mean)s against %(high_mean)s) — more than chance "
            "would explain: what do they see that others don't?"
        )
        if r.groups_differ
        else gettext(
            "Respondents in the '%(low)s' group rate '%(label)s' %(points)s lower than those "
            "in the '%(high)s' group (%(low_mean)s against %(high_mean)s): what do they see "
            "that others don't?"
        )
    )
    return Prompt(
        text % values,
        DIVIDED + min(r.gap / (r.high - r.low), 1.0),
    )


def _disagree(r: Rated) -> Prompt:
    how = []
    if r.rwg is not None and r.rwg < RWG_AGREEMENT:
        how.append(
            gettext(
                "their agreement, rwg(J), is %(rwg)s on a 0–1 scale, below the %(cut)s "
                "usually read as agreement"
            )
            % {"rwg": f"{r.rwg:.2f}", "cut": f"{RWG_AGREEMENT:.2f}"}
        )
    if r.split:
        how.append(gettext("many answers lie more than a point from the median"))
    return Prompt(
        gettext(
            "Members do not agree among themselves about '%(label)s' (%(how)s): is everyone "
            "working from the same picture of it?"
        )
        % {"label": r.label, "how": "; ".join(how)},
        DIVIDED + (1 - (r.rwg if r.rwg is not None else RWG_AGREEMENT)) / 2,
    )


def questions(rated: Sequence[Rated], previous: str | None = None) -> list[Prompt]:
    """The weakest dimension, the steepest marked decline, then the most divided
    ones (groups far apart first, then disagreement among members)."""
    if not rated:
        return []
    asked = _weakest(rated) + _decline(rated, previous)
    named = {min(rated, key=lambda r: r.position).label} if asked else set()
    apart = sorted((r for r in rated if r.far_apart), key=lambda r: -r.gap)[:MOST_DIVIDED]
    for r in apart:
        asked.append(_apart(r))
        named.add(r.label)
    split = [r for r in rated if r.disagreeing and r.label not in named]
    split.sort(key=lambda r: r.rwg if r.rwg is not None else RWG_AGREEMENT)
    asked += [_disagree(r) for r in split[:MOST_DIVIDED]]
    return asked


def reliability_line(title: str, result: RoundScores) -> str | None:
    """Cronbach's alpha of each dimension with its interval, where shown."""
    parts = []
    for d in result.dimensions:
        if isinstance(d.alpha, float):
            ci = d.alpha_ci
            interval = (
                " "
                + gettext("(%(low)s to %(high)s)") % {"low": f"{ci[0]:.2f}", "high": f"{ci[1]:.2f}"}
                if isinstance(ci, tuple)
                else ""
            )
            parts.append(f"{d.label} {d.alpha:.2f}{interval}")
    if not parts:
        return None
    return gettext("Reliability (Cronbach's alpha, 95%% interval), %(title)s: %(alphas)s.") % {
        "title": title,
        "alphas": "; ".join(parts),
    }


METHODS = [
    "Survey scores: a respondent's score on a dimension is the mean of the items they "
    "answered (at least half of them); the partnership's score is the mean over "
    "respondents with a 95% t-interval; 'don't know' and skipped answers are missing.",
    "Agreement is rwg(J) against a uniform null (James, Demaree & Wolf 1984), read as "
    f"agreement from {RWG_AGREEMENT:.2f} (LeBreton & Senter 2008); a dimension is 'split' "
    "when at least a fifth of the answers, and at least four, lie more than one scale "
    "step from the median.",
    "Stakeholder groups are compared with the Kruskal–Wallis test, Holm-adjusted across "
    "dimensions (Bovaird & Löffler's governance test); a question for the board is raised "
    f"when groups differ or their means lie {GAP_LARGE_SHARE:.0%} of the scale apart.",
    "Change between rounds uses Welch's t-test and is marked only when p < 0.05 and the "
    f"difference is at least {CHANGE_MIN_SHARE:.0%} of the scale's range.",
]


def board_lines(
    title: str, result: RoundScores, instrument: Instrument, response: str, previous: str | None
) -> BoardLines:
    """Summary, questions and methods of one scored round (the latest of its instrument)."""
    rated = rated_dimensions(result, instrument)
    methods = list(METHODS)
    alpha = reliability_line(title, result)
    if alpha:
        methods.insert(1, alpha)
    return BoardLines(
        summary(title, rated, response, previous),
        questions(rated, previous),
        methods,
        headline(rated, previous),
        status(rated),
    )
