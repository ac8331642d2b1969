"""Change over time in the evaluator's benchmark.

What
    For each partnership and dimension of one questionnaire version: the mean in
    the partnership's latest answered round of that version and in the round of
    the same version before it, and the change between them with its 95% interval.

Formula
    The two rounds are scored by the national path
    (:func:`joinedup.analysis.national.national_scores`), which keeps each
    partnership's n, mean and standard deviation of respondents' dimension
    scores. The change is ``d = x̄_latest − x̄_previous`` with Welch's interval
    ``d ± t(0.975; ν) · √(s₁²/n₁ + s₂²/n₂)`` and Welch–Satterthwaite ν
    (:func:`joinedup.analysis.stats.welch_from_summary`, the summary form of
    :func:`joinedup.analysis.stats.welch_change` that the partnership report
    uses; Welch, B. L. (1947) *Biometrika* 34, 28–35). Rounds are independent
    samples: respondents are pseudonymous per round. The interval "excludes 0"
    when both its ends lie on the same side of zero.

Suppression
    A change is shown only when both rounds' figures rest on at least k
    respondents (``settings.MIN_RESPONDENTS``); otherwise the row carries the
    reason and no figure. A partnership with one answered round has no change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings

from joinedup.analysis.national import item_map, national_scores
from joinedup.analysis.stats import welch_from_summary
from joinedup.reports.national_extract import extract, same_scoring
from joinedup.surveys.extract import InstrumentVersion, round_periods

POSITIONS = {1: "latest", 2: "previous"}
NO_EARLIER = "no earlier round of this questionnaire"


@dataclass(frozen=True)
class Scored:
    """Dimension tables (national path, suppressed at k) of the latest and the
    previous round of every partnership, each with ``round`` and ``position``."""

    latest: pa.Table
    previous: pa.Table
    periods: dict[int, str]

    def rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.latest.to_pylist() + self.previous.to_pylist()
        return rows


def _with_rounds(dims: pa.Table, who: pa.Table, position: int) -> pa.Table:
    pairs = who.select(["partnership", "round"]).group_by(["partnership", "round"]).aggregate([])
    round_of = dict(zip(*(pairs.column(c).to_pylist() for c in pairs.column_names), strict=True))
    ids = [round_of.get(p) for p in dims.column("partnership").to_pylist()]
    dims = dims.append_column("round", pa.array(ids, pa.int64()))
    return dims.append_column("position", pa.array([POSITIONS[position]] * len(ids), pa.string()))


def score_rounds(version: InstrumentVersion, url: str | None = None) -> Scored:
    """Both rounds of every partnership that used ``version`` or a version scoring
    the same questions (:func:`~joinedup.reports.national_extract.same_scoring`),
    scored at k."""
    answers, respondents = extract(version, url, depth=2, versions=same_scoring(version))
    items = item_map(version.instrument())
    k = settings.MIN_RESPONDENTS
    tables = []
    for position in POSITIONS:
        who = respondents.filter(pc.equal(respondents.column("position"), position))
        dims = national_scores(answers, items, k, who).dimensions
        tables.append(_with_rounds(dims, who, position))
    ids = set(respondents.column("round").to_pylist())
    periods = round_periods(ids)
    return Scored(tables[0], tables[1], periods)


def _clean(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _reason(now: Mapping[str, Any], before: Mapping[str, Any] | None, k: int) -> str | None:
    if before is None:
        return NO_EARLIER
    if _clean(now.get("mean")) is None:
        return f"fewer than {k} respondents in the latest round"
    if _clean(before.get("mean")) is None:
        return f"fewer than {k} respondents in the previous round"
    return None


def change_row(now: Mapping[str, Any], before: Mapping[str, Any] | None, k: int) -> dict[str, Any]:
    """One partnership × dimension change from the two rounds' summary rows
    (``n``, ``mean``, ``sd``; null figures when suppressed)."""
    row: dict[str, Any] = {
        "partnership": now["partnership"],
        "dimension": now["dimension"],
        "latest_round": now.get("round"),
        "previous_round": before.get("round") if before else None,
        "latest_n": _clean(now.get("n")),
        "latest_mean": _clean(now.get("mean")),
        "previous_n": _clean(before.get("n")) if before else None,
        "previous_mean": _clean(before.get("mean")) if before else None,
        "change": None,
        "ci_low": None,
        "ci_high": None,
        "df": None,
        "p": None,
        "excludes_zero": None,
        "suppressed": _reason(now, before, k),
    }
    if row["suppressed"] is not None or before is None:
        return row
    c = welch_from_summary(
        (int(before["n"]), float(before["mean"]), float(before["sd"]) ** 2),
        (int(now["n"]), float(now["mean"]), float(now["sd"]) ** 2),
    )
    low, high = c.ci
    row.update(change=c.difference, ci_low=_clean(low), ci_high=_clean(high))
    row.update(df=_clean(c.df), p=_clean(c.p))
    if row["ci_low"] is not None:
        row["excludes_zero"] = bool(low > 0 or high < 0)
    return row


def change_rows(
    latest: Iterable[Mapping[str, Any]], previous: Iterable[Mapping[str, Any]], k: int
) -> list[dict[str, Any]]:
    """:func:`change_row` for every latest row; a partnership with no previous
    round at all gets :data:`NO_EARLIER`."""
    before_rows = list(previous)
    had_before = {r["partnership"] for r in before_rows}
    before = {(r["partnership"], r["dimension"]): r for r in before_rows}
    out = []
    for now in latest:
        match = before.get((now["partnership"], now["dimension"]))
        if match is None and now["partnership"] in had_before:
            match = {"partnership": now["partnership"], "mean": None, "n": None}
        out.append(change_row(now, match, k))
    return out


def change_table(scored: Scored) -> list[dict[str, Any]]:
    """The change rows of every partnership in ``scored``."""
    return change_rows(
        scored.latest.to_pylist(), scored.previous.to_pylist(), settings.MIN_RESPONDENTS
    )
