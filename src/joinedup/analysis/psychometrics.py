"""How well each dimension of an instrument measured, in one round: the figures a
questionnaire's author checks before trusting its scores, with warnings in words.

Per dimension (its scored items, reverse-scored ones turned round):

- **Cronbach's alpha** with **Feldt's 95% interval** (Cronbach 1951; Feldt 1965),
  pairwise, exactly as the round's scores compute it
  (:func:`joinedup.analysis.stats.cronbach_alpha`);
- **McDonald's omega total** from a one-factor minres fit, with a seeded percentile
  bootstrap interval (McDonald 1999; Dunn, Baguley & Brunsden 2014;
  :mod:`joinedup.analysis.omega`), on the respondents who answered every item;
- per item the **corrected item–total correlation**: Pearson's r between the item
  and the sum of the dimension's *other* items, on the respondents who answered
  every item of the dimension (the item is left out of the total so that it is not
  correlated with itself; Nunnally & Bernstein 1994, ch. 8).

Per item, over the round's respondents who answered any scored question (N): the
**missing share** (neither a value nor "don't know") and the **don't-know share**
(``d / N``). (Questions skipped by the form's skip logic will be counted apart as
"not asked" once the respondent pages record them; today none is.)

**Confidentiality.** Every figure rests on all respondents of the round, so a
dimension's figures are shown only when its n (respondents with at least one of its
items) is at least k, and the item–total correlations and omega only when the
respondents who answered every item are at least k; an item's shares only when it
has at least k answers (values or don't know). Below that each figure is a
:class:`~joinedup.analysis.suppression.Suppressed` saying why. Warnings are only
written from figures that are shown.

**Warnings** (plain words, thresholds after Nunnally & Bernstein 1994 and the
common rule that an item–total r under 0.3 deserves a look):

- alpha below 0.6: "the questions of this dimension pull apart (alpha 0.41)";
- an item's corrected item–total r below 0.3: "q hardly tracks the rest (r 0.12)";
- a third or more answered don't know to an item; a fifth or more left it blank.

References: Cronbach, L. J. (1951). Coefficient alpha and the internal structure
of tests. *Psychometrika* 16, 297–334. Feldt, L. S. (1965). The approximate
sampling distribution of Kuder-Richardson reliability coefficient twenty.
*Psychometrika* 30, 357–370. McDonald, R. P. (1999). *Test theory: a unified
treatment*. Erlbaum. Dunn, T. J., Baguley, T., & Brunsden, V. (2014). From alpha to
omega. *British Journal of Psychology* 105, 399–412. Nunnally, J. C., & Bernstein,
I. H. (1994). *Psychometric theory* (3rd ed.). McGraw-Hill.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from joinedup.analysis import stats
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.analysis.omega import DRAWS, omega_total
from joinedup.analysis.scoring import AnswerTable, answer_table, to_jsonable
from joinedup.analysis.suppression import DEFAULT_K, Suppressed, check_k, guard

LOW_ALPHA = 0.6
LOW_ITEM_TOTAL = 0.3
HIGH_DONT_KNOW = 1 / 3
HIGH_MISSING = 0.2

Figure = float | Suppressed | None
Interval = tuple[float, float] | Suppressed | None


@dataclass(frozen=True)
class QualityWarning:
    """One thing to look at: ``kind`` is ``pull-apart`` (``value`` is alpha),
    ``weak-item`` (the item's r), ``dont-know`` or ``missing`` (the item's share)."""

    kind: str
    value: float
    item: str = ""
    label: str = ""  # the question's words, for pages (``item`` is its name)

    @property
    def text(self) -> str:
        """The warning in plain English (pages translate ``kind`` themselves)."""
        if self.kind == "pull-apart":
            return f"the questions of this dimension pull apart (alpha {self.value:.2f})"
        if self.kind == "weak-item":
            return f"{self.item} hardly tracks the rest (r {self.value:.2f})"
        if self.kind == "dont-know":
            return f"{self.value:.0%} answered don't know to {self.item}"
        return f"{self.value:.0%} left {self.item} unanswered"


@dataclass(frozen=True)
class ItemQuality:
    item: str
    label: str
    answers: int | Suppressed  # values and don't knows
    item_total: Figure  # corrected item–total correlation
    missing_share: Figure
    dont_know_share: Figure


@dataclass(frozen=True)
class DimensionQuality:
    dimension: str
    label: str
    n: int | Suppressed  # respondents with at least one of its items
    complete: int | Suppressed  # respondents with every item (omega, item–total)
    alpha: Figure
    alpha_ci: Interval
    omega: Figure
    omega_ci: Interval
    items: list[ItemQuality] = field(default_factory=list)
    warnings: list[QualityWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = to_jsonable(self)
        assert isinstance(data, dict)
        return data


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def item_total(matrix: NDArray[np.float64]) -> list[float]:
    """Corrected item–total correlations of a complete respondents × items matrix:
    ``r(x_j, Σ_{i≠j} x_i)`` for each item j (NaN when either side does not vary)."""
    total = matrix.sum(axis=1)
    out = []
    for j in range(matrix.shape[1]):
        rest = total - matrix[:, j]
        if matrix.shape[0] < 3 or np.std(rest) == 0 or np.std(matrix[:, j]) == 0:
            out.append(float("nan"))
        else:
            out.append(float(np.corrcoef(matrix[:, j], rest)[0, 1]))
    return out


def _items(
    instrument: Instrument, table: AnswerTable, names: list[str], k: int, rs: list[float] | None
) -> list[ItemQuality]:
    people = len(table.respondents)
    found = []
    for n, name in enumerate(names):
        col = table.column(name)
        values = int(np.sum(~np.isnan(table.values[:, col])))
        dk = int(np.sum(table.dont_know[:, col]))
        answers = values + dk
        missing = (people - answers) / people if people else float("nan")
        found.append(
            ItemQuality(
                item=name,
                label=instrument.text(instrument.item(name).label),
                answers=guard(answers, answers, k),
                item_total=Suppressed(rs_reason(k)) if rs is None else _number(rs[n]),
                missing_share=guard(_number(missing), answers, k),
                dont_know_share=guard(dk / people if people else None, answers, k),
            )
        )
    return found


def rs_reason(k: int) -> str:
    return f"fewer than {k} respondents answered every question of the dimension"


def _warnings(alpha: Figure, items: list[ItemQuality]) -> list[QualityWarning]:
    found = []
    if isinstance(alpha, float) and alpha < LOW_ALPHA:
        found.append(QualityWarning("pull-apart", alpha))
    for item in items:
        if isinstance(item.item_total, float) and item.item_total < LOW_ITEM_TOTAL:
            found.append(QualityWarning("weak-item", item.item_total, item.item, item.label))
        share = item.dont_know_share
        if isinstance(share, float) and share >= HIGH_DONT_KNOW:
            found.append(QualityWarning("dont-know", share, item.item, item.label))
        share = item.missing_share
        if isinstance(share, float) and share >= HIGH_MISSING:
            found.append(QualityWarning("missing", share, item.item, item.label))
    return found


def dimension_quality(
    instrument: Instrument,
    answers: Sequence[AnswerRow],
    k: int = DEFAULT_K,
    seed: int = 0,
    draws: int = DRAWS,
) -> list[DimensionQuality]:
    """The quality figures of every dimension with two or more scored items (see
    the module notes); ``seed`` and ``draws`` fix omega's bootstrap."""
    check_k(k)
    table = answer_table(instrument, answers)
    out = []
    for dim in instrument.dimensions:
        names = [i.name for i in dim.items if i.type == ItemType.SCALE]
        if len(names) < 2:
            continue
        matrix = table.values[:, [table.column(n) for n in names]]
        alpha = stats.cronbach_alpha(matrix)
        complete = matrix[~np.any(np.isnan(matrix), axis=1)]
        whole = complete.shape[0] >= k
        omega = omega_total(complete, seed=seed, draws=draws) if whole else None
        items = _items(instrument, table, names, k, item_total(complete) if whole else None)
        shown_alpha = guard(_number(alpha.alpha), alpha.n, k)
        out.append(
            DimensionQuality(
                dimension=dim.name,
                label=instrument.text(dim.label),
                n=guard(alpha.n, alpha.n, k),
                complete=guard(complete.shape[0], complete.shape[0], k),
                alpha=shown_alpha,
                alpha_ci=guard(None if math.isnan(alpha.ci[0]) else alpha.ci, alpha.n, k),
                omega=Suppressed(rs_reason(k)) if omega is None else _number(omega.omega),
                omega_ci=Suppressed(rs_reason(k))
                if omega is None
                else (None if math.isnan(omega.ci[0]) else omega.ci),
                items=items,
                warnings=_warnings(shown_alpha, items),
            )
        )
    return out
