"""Internal consistency of each dimension of a questionnaire (Cronbach's alpha).

The same computation the round scores use, on its own, for evaluators checking a
file of responses from another tool (``joinedup analyse reliability``). The n of
a dimension is the number of respondents who answered at least one of its items;
alpha and its interval are suppressed when that n is below k.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from joinedup.analysis import stats
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.analysis.scoring import answer_table, dimension_matrix, to_jsonable
from joinedup.analysis.suppression import DEFAULT_K, Suppressed, check_k, guard


@dataclass(frozen=True)
class DimensionReliability:
    dimension: str
    items: list[str]
    n: int | Suppressed
    alpha: float | Suppressed | None
    alpha_ci: tuple[float, float] | Suppressed | None

    def to_dict(self) -> dict[str, object]:
        data = to_jsonable(self)
        assert isinstance(data, dict)
        return data


def reliability(
    instrument: Instrument,
    answers: Sequence[AnswerRow],
    k: int = DEFAULT_K,
    missing: str = "pairwise",
) -> list[DimensionReliability]:
    """Cronbach's alpha (Feldt 95% interval) for every dimension with two or more
    scored items; see :func:`joinedup.analysis.stats.cronbach_alpha`."""
    check_k(k)
    table = answer_table(instrument, answers)
    out = []
    for dim in instrument.dimensions:
        names = [i.name for i in dim.items if i.type == ItemType.SCALE]
        if len(names) < 2:
            continue
        result = stats.cronbach_alpha(dimension_matrix(table, names), missing=missing)
        alpha = None if math.isnan(result.alpha) else result.alpha
        ci = None if math.isnan(result.ci[0]) else result.ci
        out.append(
            DimensionReliability(
                dim.name,
                names,
                guard(result.n, result.n, k),
                guard(alpha, result.n, k),
                guard(ci, result.n, k),
            )
        )
    return out
