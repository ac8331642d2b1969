"""Scores of one survey round: items and dimensions, with uncertainty and agreement.

``score_round(instrument, answers, k)`` is the one entry point. It takes the plain
:class:`~joinedup.analysis.data.AnswerRow` records of a round (from the database
or from a file) and returns a :class:`RoundScores` whose every figure is either
safe to show (resting on at least ``k`` respondents) or a
:class:`~joinedup.analysis.suppression.Suppressed` saying why not. No raw answer
and no respondent-level score is kept in the result.

Scoring rules (see ``docs/methods-scoring.md``):

- only SCALE items are scored; a reverse-scored item's value ``v`` counts as
  ``low + high − v``; answers that are not a point of the item's scale, skipped
  answers and "don't know" are missing;
- a respondent's dimension score is the mean of the dimension's items they
  answered, provided they answered at least half of them (else missing);
- n is the number of respondents with a score; the "don't know" share of an item
  is over those who rated it or said they did not know;
- Cronbach's alpha uses pairwise-complete covariances (``missing="pairwise"``) or
  listwise deletion (``missing="listwise"``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from joinedup.analysis import stats
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.dimension_means import (
    centred_interval,
    derived_divergence,
    derived_mean,
    shown_item_means,
)
from joinedup.analysis.divergence import Grid, GroupDivergence, adjust, grid, group_divergence
from joinedup.analysis.instruments import Instrument, Item, ItemType
from joinedup.analysis.readings import Band, band, change_is_marked, is_split, polarity
from joinedup.analysis.suppression import (
    DEFAULT_K,
    Suppressed,
    as_json,
    check_k,
    guard,
)

Figure = float | Suppressed | None
Interval = tuple[float, float] | Suppressed | None


def to_jsonable(obj: object) -> object:
    """Dataclasses, mappings and figures as plain JSON-ready data."""
    if isinstance(obj, Suppressed):
        return obj.to_dict()
    if is_dataclass(obj) and not isinstance(obj, type):
        data = {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
        if isinstance(obj, GroupDivergence):
            data["differs"] = obj.differs
        return data
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    return as_json(obj)


@dataclass(frozen=True)
class Change:
    """Change since the previous round: difference (now − then), interval, Welch test."""

    previous_n: int | Suppressed
    difference: Figure
    ci: Interval
    p: Figure
    test: str = "Welch's t-test"
    marked: bool = False
    #: When the two rounds asked different versions of the questionnaire: the items
    #: the change is measured on (those both versions share, see
    #: :func:`joinedup.analysis.adapting.shared_items`); empty when it is all of them.
    on_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemScore:
    item: str
    label: str
    dimension: str
    n: int | Suppressed
    mean: Figure
    ci: Interval
    median: Figure
    sd: Figure
    rwg: Figure
    distribution: dict[str, float] | Suppressed
    dont_know_share: Figure
    band: Band | Suppressed | None
    split: bool | Suppressed
    divergence: GroupDivergence | None = None
    change: Change | None = None


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    label: str
    items: list[str]
    n: int | Suppressed
    mean: Figure
    ci: Interval
    median: Figure
    sd: Figure
    rwg_j: Figure
    alpha: Figure
    alpha_ci: Interval
    band: Band | Suppressed | None
    split: bool | Suppressed
    dont_know_share: Figure
    divergence: GroupDivergence | None = None
    change: Change | None = None


@dataclass(frozen=True)
class RoundScores:
    """All scores of one round. ``k`` is the minimum group size that was applied."""

    instrument: str
    k: int
    respondents: int | Suppressed
    items: list[ItemScore]
    dimensions: list[DimensionScore]
    groups: list[str] = field(default_factory=list)

    def grid(self, level: str = "dimension") -> Grid:
        """Bovaird's groups × issues grid, by dimension or by item."""
        rows: Sequence[ItemScore | DimensionScore] = (
            self.dimensions if level == "dimension" else self.items
        )
        return grid({_name(r): r.divergence for r in rows if r.divergence is not None})

    def to_dict(self) -> dict[str, object]:
        data = to_jsonable(self)
        assert isinstance(data, dict)
        data["grid"] = to_jsonable(self.grid())
        return data


def _name(row: ItemScore | DimensionScore) -> str:
    return row.item if isinstance(row, ItemScore) else row.dimension


@dataclass
class AnswerTable:
    """Respondents × scored items, reverse-scored, with don't-know flags (internal)."""

    respondents: list[str]
    groups: list[str]
    items: list[Item]
    values: NDArray[np.float64]
    dont_know: NDArray[np.bool_]

    def column(self, name: str) -> int:
        return next(i for i, item in enumerate(self.items) if item.name == name)


def answer_table(instrument: Instrument, answers: Sequence[AnswerRow]) -> AnswerTable:
    items = instrument.scored_items()
    index = {item.name: i for i, item in enumerate(items)}
    groups: dict[str, str] = {}
    for row in answers:
        if row.item in index:
            groups.setdefault(row.respondent, row.group)
    people = sorted(groups)
    where = {p: i for i, p in enumerate(people)}
    values = np.full((len(people), len(items)), np.nan)
    dont_know = np.zeros((len(people), len(items)), dtype=bool)
    for row in answers:
        col = index.get(row.item)
        if col is None:
            continue
        scale = instrument.scale_of(items[col])
        if row.dont_know:
            dont_know[where[row.respondent], col] = True
        elif row.value is not None and scale is not None:
            points = [float(c.value) for c in scale.choices]
            if float(row.value) in points:
                values[where[row.respondent], col] = float(row.value)
    for col, item in enumerate(items):
        scale = instrument.scale_of(item)
        if item.reverse and scale is not None:
            values[:, col] = reverse_scored(values[:, col], scale.low, scale.high)
    return AnswerTable(people, [groups[p] for p in people], items, values, dont_know)


def reverse_scored(
    values: NDArray[np.float64], low: ArrayLike, high: ArrayLike
) -> NDArray[np.float64]:
    """Answers to a reverse-scored item counted the other way: ``low + high − v``
    (on a 1–5 scale 1 counts as 5 and 4 as 2); missing values (NaN) stay missing.
    ``low`` and ``high`` are the scale's ends, one pair or one per value. The
    national path (:mod:`joinedup.analysis.national`) applies this same function."""
    return np.asarray(np.add(low, high) - values, dtype=np.float64)


def _f(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _ci(lo: float, hi: float) -> tuple[float, float] | None:
    return None if math.isnan(lo) else (float(lo), float(hi))


def _change(
    before: NDArray[np.float64] | None,
    after: NDArray[np.float64],
    k: int,
    span: tuple[float, float],
    centres: tuple[float, float] | None = None,
) -> Change | None:
    """Change since the previous round. With ``centres`` (the two rounds' derived
    dimension means) the difference is theirs and Welch's interval and test are
    centred on it, with each round's n and variance from respondents' scores."""
    if before is None:
        return None
    n_before = int(np.count_nonzero(~np.isnan(before)))
    n_after = int(np.count_nonzero(~np.isnan(after)))
    unknown = centres is not None and any(math.isnan(c) for c in centres)
    if n_before < k or n_after < k or unknown:
        why = Suppressed(f"fewer than {k} answers in one of the two rounds")
        return Change(guard(n_before, n_before, k), why, why, why)
    if centres is None:
        c = stats.welch_change(before, after)
    else:
        c = stats.welch_from_summary(
            (n_before, centres[0], _var(before)), (n_after, centres[1], _var(after))
        )
    marked = change_is_marked(c.difference, c.p, *span)
    return Change(n_before, _f(c.difference), _ci(*c.ci), _f(c.p), marked=marked)


def _var(x: NDArray[np.float64]) -> float:
    return float(np.nanvar(x, ddof=1))


def _span(instrument: Instrument, items: Sequence[Item]) -> tuple[float, float, int]:
    scale = instrument.scale_of(items[0])
    assert scale is not None
    return scale.low, scale.high, scale.points


def _summary(
    x: NDArray[np.float64],
    k: int,
    low: float,
    high: float,
    direction: object,
    centre: float | None = None,
) -> dict[str, object]:
    """n, mean, CI, median, SD, band and split of one column of scores, guarded.

    With ``centre`` (a dimension's mean derived from its items, see
    :mod:`joinedup.analysis.dimension_means`) the mean, its interval and the band
    are those of ``centre``; NaN there means none of the items has ``k`` answers,
    and then the whole row is withheld, however many respondents have a score."""
    n = int(np.count_nonzero(~np.isnan(x)))
    mean, lo, hi = stats.mean_ci(x)
    if centre is not None:
        mean, (lo, hi) = centre, centred_interval(x, centre)
    behind = 0 if math.isnan(mean) else n
    return {
        "n": guard(n, behind, k),
        "mean": guard(_f(mean), behind, k),
        "ci": guard(_ci(lo, hi), behind, k),
        "median": guard(_f(stats.median(x)), behind, k),
        "sd": guard(_f(stats.sd(x)), behind, k),
        "band": guard(band(mean, low, high, direction), behind, k),  # type: ignore[arg-type]
        "split": guard(is_split(x, low, high), behind, k),
    }


def _dk_share(table: AnswerTable, cols: list[int], k: int) -> Figure:
    dk = table.dont_know[:, cols].any(axis=1)
    rated = (~np.isnan(table.values[:, cols])).any(axis=1)
    people = int(np.count_nonzero(dk | rated))
    share = stats.dont_know_share(int(np.count_nonzero(dk)), int(np.count_nonzero(rated & ~dk)))
    return guard(_f(share), people, k)


def _item_score(
    instrument: Instrument,
    table: AnswerTable,
    col: int,
    k: int,
    before: AnswerTable | None,
    shared: Collection[str],
) -> ItemScore:
    item = table.items[col]
    low, high, points = _span(instrument, [item])
    dim = instrument.dimension_of(item.name)
    x = table.values[:, col]
    n = int(np.count_nonzero(~np.isnan(x)))
    scale = instrument.scale_of(item)
    assert scale is not None
    dist = stats.distribution(x, [float(c.value) for c in scale.choices])
    prev = before.values[:, before.column(item.name)] if before and item.name in shared else None
    return ItemScore(
        item=item.name,
        label=instrument.text(item.label),
        dimension=dim.name,
        rwg=guard(_f(stats.rwg(x, points)), n, k),
        distribution=guard({f"{p:g}": s for p, s in dist.items()}, n, k),
        dont_know_share=_dk_share(table, [col], k),
        divergence=group_divergence(x, table.groups, k),
        change=_change(prev, x, k, (low, high)),
        **_summary(x, k, low, high, polarity(instrument.id, item.tags + dim.tags)),  # type: ignore[arg-type]
    )


def dimension_matrix(table: AnswerTable, names: list[str]) -> NDArray[np.float64]:
    return table.values[:, [table.column(n) for n in names]]


def respondent_scores(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each respondent's dimension score: the mean of the items they answered,
    when they answered at least half of the dimension's items; else NaN.

    ``matrix`` is respondents × the dimension's scored items, NaN where missing.
    The national path (:mod:`joinedup.analysis.national`) applies this same function."""
    answered = np.sum(~np.isnan(matrix), axis=1)
    enough = answered >= math.ceil(matrix.shape[1] / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(matrix, axis=1) / answered
    return np.where(enough & (answered > 0), means, np.nan)


def _dimension_score(
    instrument: Instrument,
    table: AnswerTable,
    dim_index: int,
    k: int,
    missing: str,
    before: AnswerTable | None,
    item_rows: dict[str, ItemScore],
    shared: Collection[str] | None = None,
) -> DimensionScore | None:
    """One dimension: its means derived from the item rows (overall and per group,
    :mod:`joinedup.analysis.dimension_means`), the rest from respondents' scores."""
    dim = instrument.dimensions[dim_index]
    names = [i.name for i in dim.items if i.type == ItemType.SCALE]
    if not names:
        return None
    low, high, points = _span(instrument, [instrument.item(n) for n in names])
    matrix = dimension_matrix(table, names)
    scores = respondent_scores(matrix)
    n = int(np.count_nonzero(~np.isnan(scores)))
    alpha_value: Figure = None
    alpha_ci: Interval = None
    if len(names) >= 2:
        a = stats.cronbach_alpha(matrix, missing=missing)
        alpha_value, alpha_ci = guard(_f(a.alpha), a.n, k), guard(_ci(*a.ci), a.n, k)
    centre = derived_mean([item_rows[x].mean for x in names])
    if math.isnan(centre):
        n = 0  # no item has k answers: the dimension is withheld whole
    change = _dimension_change(table, before, names, k, (low, high), scores, centre, shared)
    tags = list(dim.tags) + [t for name in names for t in instrument.item(name).tags]
    parts = [d for x in names if (d := item_rows[x].divergence) is not None]
    return DimensionScore(
        dimension=dim.name,
        label=instrument.text(dim.label),
        items=names,
        rwg_j=guard(_f(stats.rwg_j(matrix, points)), n, k),
        alpha=alpha_value,
        alpha_ci=alpha_ci,
        dont_know_share=_dk_share(table, [table.column(x) for x in names], k),
        divergence=derived_divergence(scores, table.groups, k, parts),
        change=change,
        **_summary(scores, k, low, high, polarity(instrument.id, tags), centre),  # type: ignore[arg-type]
    )


def _dimension_change(
    table: AnswerTable,
    before: AnswerTable | None,
    names: list[str],
    k: int,
    span: tuple[float, float],
    scores: NDArray[np.float64],
    centre: float,
    shared: Collection[str] | None,
) -> Change | None:
    """A dimension's change since the previous round. When the rounds asked different
    versions (``shared`` given) and the dimension has items the previous version
    did not ask, both rounds are scored on the shared items alone."""
    if before is None:
        return None
    common = names if shared is None else [n for n in names if n in shared]
    if not common:
        why = Suppressed("no question in common with the previous round's version")
        return Change(0, why, why, why)
    prev_matrix = dimension_matrix(before, common)
    if common != names:
        now_matrix = dimension_matrix(table, common)
        scores = respondent_scores(now_matrix)
        centre = derived_mean(shown_item_means(now_matrix, k))
    centres = (derived_mean(shown_item_means(prev_matrix, k)), centre)
    change = _change(respondent_scores(prev_matrix), scores, k, span, centres)
    if change is None or common == names:
        return change
    return replace(change, on_items=tuple(common))


def _with_holm(rows: list[ItemScore] | list[DimensionScore]) -> list:
    adjusted = adjust([r.divergence for r in rows if r.divergence is not None])
    it = iter(adjusted)
    return [
        type(r)(**{**{f.name: getattr(r, f.name) for f in fields(r)}, "divergence": next(it)})
        if r.divergence is not None
        else r
        for r in rows
    ]


def score_round(
    instrument: Instrument,
    answers: Sequence[AnswerRow],
    k: int = DEFAULT_K,
    previous: Sequence[AnswerRow] | None = None,
    missing: str = "pairwise",
    shared: Collection[str] | None = None,
) -> RoundScores:
    """Score one round of ``instrument`` from its answers.

    ``previous`` holds the answers of the previous round of the same partnership
    and instrument, for the change columns. When that round asked another version
    of the questionnaire, ``shared`` names the items both versions share
    (:func:`joinedup.analysis.adapting.shared_items`): an item outside it has no
    change, and a dimension's change is measured on its shared items alone, in
    both rounds (its ``Change.on_items`` names them). ``k`` is the minimum number
    of respondents behind any figure (default 5; below 3 is refused).
    """
    check_k(k)
    table = answer_table(instrument, answers)
    before = answer_table(instrument, previous) if previous is not None else None
    every = {i.name for i in table.items} if shared is None else set(shared)
    items = [_item_score(instrument, table, c, k, before, every) for c in range(len(table.items))]
    by_name = {row.item: row for row in items}
    dims = [
        d
        for i in range(len(instrument.dimensions))
        if (d := _dimension_score(instrument, table, i, k, missing, before, by_name, shared))
        is not None
    ]
    people = len(table.respondents)
    return RoundScores(
        instrument=instrument.id,
        k=k,
        respondents=guard(people, people, k),
        items=_with_holm(items),
        dimensions=_with_holm(dims),
        groups=sorted(set(table.groups)) if people >= k else [],
    )
