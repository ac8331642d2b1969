"""The per-round path and the national path publish the same figures.

``score_round`` (one partnership's round, from answer records) and
``national_scores`` (every partnership at once, from Arrow) apply the same
scoring rules: reverse scoring, the half-answered rule for a respondent's
dimension score, and suppression below k, group suppression included. On
generated surveys, each partnership's published items, dimensions and group
means must agree between the two: the same figures shown, the same ones
withheld, for the same reasons. Only what each path publishes is compared, so
the check holds whatever the suppression rule says, as long as both paths
apply it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import Instrument
from joinedup.analysis.national import item_map, national_scores
from joinedup.analysis.scoring import DimensionScore, ItemScore, score_round
from joinedup.analysis.suppression import Suppressed
from tests.scoring.helpers import instrument

GROUPS = ("board", "staff", "residents", "business")
# An answer cell: no row at all, a skipped item, "don't know", or a point of the scale.
CELLS = ("no row", "skipped", "don't know", 1, 2, 3, 4, 5, 1, 2, 3, 4, 5)
TOL = 1e-9


# Answered everywhere except for skipped items: the case where a dimension mean of
# respondents' scores would differ from the mean of item means (issue 16).
SKIPS = ("skipped", 1, 2, 3, 4, 5)


@st.composite
def surveys(
    draw: st.DrawFn, cells: tuple[object, ...] = CELLS
) -> tuple[Instrument, list[tuple[int, AnswerRow]], pa.Table]:
    """An instrument, answers tagged with their partnership, and the respondents."""
    shape = {
        f"dim{d}": [f"d{d}q{i}" for i in range(draw(st.integers(1, 4)))]
        for d in range(draw(st.integers(1, 3)))
    }
    names = [name for items in shape.values() for name in items]
    reverse = draw(st.lists(st.sampled_from(names), unique=True))
    form = instrument(shape, reverse=reverse)
    answers: list[tuple[int, AnswerRow]] = []
    people: list[dict[str, Any]] = []
    for p in range(draw(st.integers(1, 3))):
        for r in range(draw(st.integers(0, 16))):
            who, group = f"p{p}r{r}", draw(st.sampled_from(GROUPS))
            people.append({"respondent": who, "partnership": p, "grp": group})
            cells = draw(st.lists(st.sampled_from(cells), min_size=len(names), max_size=len(names)))
            for item, cell in zip(names, cells, strict=True):
                if cell == "no row":
                    continue
                value = float(cell) if isinstance(cell, int) else None
                row = AnswerRow(who, "", "", group, item, value, cell == "don't know")
                answers.append((p, row))
    schema = pa.schema(
        [("respondent", pa.string()), ("partnership", pa.int64()), ("grp", pa.string())]
    )
    return form, answers, pa.Table.from_pylist(people, schema=schema)


def national_of(form: Instrument, answers: list[tuple[int, AnswerRow]], who: pa.Table, k: int):
    """The national path's tables, keyed by partnership and item or dimension."""
    long = pa.Table.from_pylist(
        [
            {"respondent": a.respondent, "item": a.item, "value": None if a.dont_know else a.value}
            for _, a in answers
        ],
        schema=pa.schema(
            [("respondent", pa.string()), ("item", pa.string()), ("value", pa.float64())]
        ),
    )
    result = national_scores(long, item_map(form), k, who)
    items = {(r["partnership"], r["item"]): r for r in result.items.to_pylist()}
    dims = {(r["partnership"], r["dimension"]): r for r in result.dimensions.to_pylist()}
    groups = {(r["partnership"], r["dimension"], r["grp"]): r for r in result.groups.to_pylist()}
    return items, dims, groups


def assert_same_figures(
    ours: ItemScore | DimensionScore, theirs: dict[str, Any] | None, rows: bool
) -> None:
    """One item's or dimension's n, mean, SD and interval, shown or withheld alike.
    ``rows`` says whether the partnership has any answer row for it."""
    if theirs is None:  # the national path has a row wherever an answer row is
        assert not rows
        assert isinstance(ours.n, Suppressed)
        return
    if isinstance(ours.n, Suppressed):
        assert theirs["n"] is None
        assert theirs["mean"] is None
        assert theirs["suppressed"] == ours.n.reason
        return
    assert theirs["suppressed"] is None
    assert theirs["n"] == ours.n
    assert theirs["mean"] == pytest.approx(ours.mean, abs=TOL)
    assert theirs["sd"] == pytest.approx(ours.sd, abs=TOL)
    assert (theirs["ci_low"], theirs["ci_high"]) == pytest.approx(ours.ci, abs=TOL)


def published_group(mean: object, size: object) -> tuple[object, ...]:
    """What the per-round path shows of one group: withheld (why), empty, or n and mean."""
    if isinstance(mean, Suppressed):
        return ("withheld", mean.reason)
    if mean is None or size == 0:
        return ("empty",)
    return ("shown", size, pytest.approx(mean, abs=TOL))


def published_national_group(row: dict[str, Any] | None) -> tuple[object, ...]:
    """The same for a national group row (no row: nobody in the group scored)."""
    if row is None or (row["suppressed"] is None and not row["n"]):
        return ("empty",)
    if row["suppressed"] is not None:
        return ("withheld", row["suppressed"])
    return ("shown", row["n"], row["mean"])


def assert_same_groups(p: int, dim: DimensionScore, groups: dict[tuple, dict]) -> None:
    assert dim.divergence is not None
    labels = set(dim.divergence.means) | {g for (q, d, g) in groups if (q, d) == (p, dim.dimension)}
    for g in sorted(labels):
        ours = published_group(dim.divergence.means.get(g), dim.divergence.sizes.get(g))
        theirs = published_national_group(groups.get((p, dim.dimension, g)))
        assert theirs == ours, f"partnership {p}, {dim.dimension}, group {g}"


def assert_dimension_means_derived(p: int, dims: dict, items: dict, form: Instrument, k: int):
    """The national dimension means are the means of the shown national item means."""
    for dim in form.dimensions:
        row = dims.get((p, dim.name))
        if row is None or row["mean"] is None:
            continue
        shown = [
            r["mean"] for i in dim.items if (r := items.get((p, i.name))) and (r["n"] or 0) >= k
        ]
        assert row["mean"] == pytest.approx(sum(shown) / len(shown), abs=TOL)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(), st.integers(3, 6))
def test_per_round_and_national_publish_the_same(survey, k):
    check_parity(survey, k)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(cells=SKIPS), st.integers(3, 5))
def test_parity_with_skipped_items(survey, k):
    """Rounds where people skip items, so respondents' scores and item means part."""
    check_parity(survey, k)


def check_parity(survey, k) -> None:
    form, answers, who = survey
    items, dims, groups = national_of(form, answers, who, k)
    for p in sorted(set(who.column("partnership").to_pylist())):
        mine = [a for q, a in answers if q == p]
        if not mine:
            assert not any(key[0] == p for key in (*items, *dims))
            continue
        scores = score_round(form, mine, k)
        asked = {a.item for a in mine}
        for item in scores.items:
            assert_same_figures(item, items.get((p, item.item)), item.item in asked)
        for dim in scores.dimensions:
            theirs = dims.get((p, dim.dimension))
            assert_same_figures(dim, theirs, bool(asked & set(dim.items)))
            gap = dim.divergence.largest_gap if dim.divergence else None
            if theirs is not None and not isinstance(dim.n, Suppressed):
                expected = None if gap is None else pytest.approx(gap, abs=TOL)
                assert theirs["largest_gap"] == expected
            assert_same_groups(p, dim, groups)
        assert_dimension_means_derived(p, dims, items, form, k)
