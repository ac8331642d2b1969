"""Issue 16: no respondent's answer recoverable from a dimension mean by subtraction.

A respondent's dimension score is the mean of the items they answered. Were the
published dimension mean the mean of those scores, then for a dimension of items
A and B, ``n_D·D − (n_A·A + n_B·B)/2`` would be half the sum of A answers of
those who skipped B: one person's answer when one person skipped. Published
dimension means are now means of the published item means, so the subtraction
gives nothing the item figures do not already show.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.analysis import stats
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.national import item_map, national_scores
from joinedup.analysis.scoring import (
    RoundScores,
    answer_table,
    dimension_matrix,
    respondent_scores,
    score_round,
)
from joinedup.analysis.suppression import HIDDEN_BY_SUBTRACTION, Suppressed
from tests.scoring.helpers import instrument, rows

PAIR = instrument({"voice": ["a", "b"]})

# Six board members, six staff; only r6 (board) skipped b. Their a answer is 5.
ONE_SKIPPED = """
who group a b
r1  board 2 3
r2  board 3 3
r3  board 2 4
r4  board 4 2
r5  board 3 3
r6  board 5 .
s1  staff 4 4
s2  staff 4 5
s3  staff 3 4
s4  staff 5 4
s5  staff 4 3
s6  staff 4 4
"""


def old_dimension_mean(form, answers, names, group=None) -> float:
    """The figure the old code published: the mean of respondents' scores."""
    table = answer_table(form, answers)
    scores = respondent_scores(dimension_matrix(table, names))
    if group is not None:
        scores = scores[np.asarray(table.groups) == group]
    return float(np.nanmean(scores))


def attack(n_d: float, d: float, n_a: float, a: float, n_b: float, b: float) -> float:
    """What the reader computes from the published figures: n_D·D − (n_A·A + n_B·B)/2."""
    return n_d * d - (n_a * a + n_b * b) / 2


def test_reproduction_one_skip_gave_the_answer_and_no_longer_does():
    answers = rows(ONE_SKIPPED)
    result = score_round(PAIR, answers, k=5)
    a, b = result.items
    dim = result.dimensions[0]
    assert (dim.n, a.n, b.n) == (12, 12, 11)
    # The old figure: the subtraction gives half of r6's answer to a, exactly.
    old = old_dimension_mean(PAIR, answers, ["a", "b"])
    assert attack(dim.n, old, a.n, a.mean, b.n, b.mean) == pytest.approx(5 / 2)
    # And within the board, beside the board's item means.
    old_board = old_dimension_mean(PAIR, answers, ["a", "b"], "board")
    board = (a.divergence.means["board"], b.divergence.means["board"])
    sizes = (a.divergence.sizes["board"], b.divergence.sizes["board"])
    assert sizes == (6, 5)
    assert attack(6, old_board, 6, board[0], 5, board[1]) == pytest.approx(5 / 2)
    # The published figures now: the dimension mean is the mean of the item
    # means, so the same subtraction returns (n_D − n_B)·B/2, a function of the
    # published b figure alone, whatever r6 answered.
    assert dim.mean == pytest.approx((a.mean + b.mean) / 2)
    assert attack(dim.n, dim.mean, a.n, a.mean, b.n, b.mean) == pytest.approx(b.mean / 2)
    assert dim.divergence.means["board"] == pytest.approx(sum(board) / 2)
    shown_board = dim.divergence.means["board"]
    assert attack(6, shown_board, 6, board[0], 5, board[1]) == pytest.approx(board[1] / 2)


def test_reproduction_on_the_national_path():
    answers = rows(ONE_SKIPPED)
    long = pa.Table.from_pylist(
        [
            {"partnership": 1, "respondent": r.respondent, "grp": r.group}
            | {"item": r.item, "value": r.value}
            for r in answers
        ]
    )
    result = national_scores(long, item_map(PAIR), k=5)
    a, b = result.items.to_pylist()
    dim = result.dimensions.to_pylist()[0]
    assert dim["mean"] == pytest.approx((a["mean"] + b["mean"]) / 2)
    board = next(g for g in result.groups.to_pylist() if g["grp"] == "board")
    assert board["n"] == 6
    assert board["mean"] == pytest.approx((sum([2, 3, 2, 4, 3, 5]) / 6 + 15 / 5) / 2)


COMPLETE = instrument({"voice": ["a", "b", "c"], "trust": ["t1", "t2"]}, reverse=["t2"])


def complete_round(seed: int) -> list[AnswerRow]:
    rng = np.random.default_rng(seed)
    lines = ["who group a b c t1 t2"]
    for r in range(18):
        values = " ".join(str(int(v)) for v in rng.integers(1, 6, size=5))
        lines.append(f"r{r} {('board', 'staff', 'residents')[r % 3]} {values}")
    return rows("\n".join(lines))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_complete_answers_keep_the_mean_of_respondents_scores(seed):
    answers = complete_round(seed)
    result = score_round(COMPLETE, answers, k=5)
    table = answer_table(COMPLETE, answers)
    for dim in result.dimensions:
        scores = respondent_scores(dimension_matrix(table, dim.items))
        mean, low, high = stats.mean_ci(scores)
        assert dim.mean == pytest.approx(mean, abs=1e-12)
        assert dim.ci == pytest.approx((low, high), abs=1e-12)
        for group in ("board", "staff", "residents"):
            expected = old_dimension_mean(COMPLETE, answers, dim.items, group)
            assert dim.divergence.means[group] == pytest.approx(expected, abs=1e-12)


ITEM_HIDDEN = """
who group a b
r1  board 2 3
r2  board 3 3
r3  board 2 4
r4  board 4 2
r5  board 3 3
r6  board 5 4
s1  staff 4 4
s2  staff 4 5
s3  staff 3 4
s4  staff 5 .
s5  staff 4 .
s6  staff 4 .
t1  residents 1 2
t2  residents 2 2
t3  residents 1 1
t4  residents 2 3
t5  residents 3 2
t6  residents 1 2
"""


def test_a_group_with_an_item_withheld_has_its_dimension_withheld():
    result = score_round(PAIR, rows(ITEM_HIDDEN), k=5)
    a, b = result.items
    dim = result.dimensions[0]
    # Staff's b rests on 3 answers; board's b goes with it (the smallest shown group).
    assert b.divergence.means["staff"] == Suppressed("fewer than 5 answers")
    assert b.divergence.means["board"] == Suppressed(HIDDEN_BY_SUBTRACTION)
    # Every group has 6 dimension scores, yet staff's and board's dimension means
    # would give their b means back: both are withheld, sizes too.
    for group in ("staff", "board"):
        assert dim.divergence.means[group] == Suppressed(HIDDEN_BY_SUBTRACTION)
        assert dim.divergence.sizes[group] == Suppressed(HIDDEN_BY_SUBTRACTION)
    assert dim.divergence.sizes["residents"] == 6
    residents = (a.divergence.means["residents"] + b.divergence.means["residents"]) / 2
    assert dim.divergence.means["residents"] == pytest.approx(residents)
    assert dim.divergence.largest_gap is None  # one group shown


def test_change_is_the_difference_of_the_published_means():
    before = rows(ONE_SKIPPED)
    after = rows(ITEM_HIDDEN)
    now = score_round(PAIR, after, k=5, previous=before)
    then = score_round(PAIR, before, k=5)
    dim, was = now.dimensions[0], then.dimensions[0]
    change = dim.change
    assert change.difference == pytest.approx(dim.mean - was.mean)
    assert sum(change.ci) / 2 == pytest.approx(change.difference)


GROUPS = ("board", "staff", "residents", "business", "voluntary")
CELL = st.sampled_from([None, None, 1, 2, 3, 4, 5])


@st.composite
def rounds(draw: st.DrawFn) -> tuple[list[AnswerRow], int]:
    """Rounds of several groups, some small, with answers skipped at random."""
    out = []
    for r in range(draw(st.integers(0, 30))):
        group = draw(st.sampled_from(GROUPS))
        for item, value in zip(
            ("a", "b", "c", "t1", "t2"), draw(st.lists(CELL, min_size=5, max_size=5)), strict=True
        ):
            out.append(
                AnswerRow(f"r{r}", "", "", group, item, None if value is None else float(value))
            )
    return out, draw(st.integers(3, 6))


def assert_derived(result: RoundScores) -> None:
    """Every shown dimension mean is the mean of the shown item means of its scope,
    and a shown group mean has every one of that group's item means shown."""
    items = {i.item: i for i in result.items}
    for dim in result.dimensions:
        rows_ = [items[name] for name in dim.items]
        if not isinstance(dim.mean, Suppressed):
            shown = [i.mean for i in rows_ if isinstance(i.mean, float)]
            assert dim.mean == pytest.approx(sum(shown) / len(shown), abs=1e-12)
        for group, mean in dim.divergence.means.items():
            if not isinstance(mean, float):
                continue
            parts = [i.divergence.means.get(group) for i in rows_]
            assert not any(isinstance(p, Suppressed) for p in parts), (dim.dimension, group)
            floats = [p for p in parts if isinstance(p, float)]
            assert mean == pytest.approx(sum(floats) / len(floats), abs=1e-12)
            assert not math.isnan(mean)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_every_published_dimension_mean_is_a_mean_of_published_item_means(drawn):
    answers, k = drawn
    assert_derived(score_round(COMPLETE, answers, k))
