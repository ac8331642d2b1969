"""Invariants of the scoring core, checked with hypothesis."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed
from tests.scoring.helpers import instrument

FORM = instrument({"purpose": ["p1", "p2", "p3"], "trust": ["t1", "t2"]}, reverse=["p3"])
ITEMS = ["p1", "p2", "p3", "t1", "t2"]
cell = st.one_of(st.integers(1, 5), st.none(), st.just("dk"))
respondent = st.tuples(
    st.sampled_from(["board", "staff", "residents"]), st.lists(cell, min_size=5, max_size=5)
)
rounds = st.lists(respondent, min_size=0, max_size=14)


def answers(people) -> list[AnswerRow]:
    out = []
    for n, (group, cells) in enumerate(people):
        for item, c in zip(ITEMS, cells, strict=True):
            value = float(c) if isinstance(c, int) else None
            out.append(AnswerRow(f"x{n:02d}", "o", "public", group, item, value, c == "dk"))
    return out


def walk(data, key=""):
    """Every (key, value) pair in nested JSON-ready data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from walk(v, key)
    else:
        yield key, data


@settings(max_examples=60, deadline=None)
@given(rounds, st.integers(3, 7))
def test_no_count_below_k_leaves_the_core(people, k):
    data = score_round(FORM, answers(people), k=k).to_dict()
    counts = [(key, v) for key, v in walk(data) if key in {"n", "respondents", "previous_n"}]
    for key, value in counts:
        assert not isinstance(value, int) or value >= k, (key, value)
    result = score_round(FORM, answers(people), k=k)
    for row in [*result.items, *result.dimensions]:
        assert isinstance(row.n, Suppressed) == isinstance(row.mean, Suppressed)
        for size in row.divergence.sizes.values():
            assert isinstance(size, Suppressed) or size == 0 or size >= k


@settings(max_examples=60, deadline=None)
@given(rounds)
def test_scores_stay_in_the_scale(people):
    result = score_round(FORM, answers(people), k=3)
    for row in [*result.items, *result.dimensions]:
        figures = [row.mean, row.median, *row.divergence.means.values()]
        for f in figures:
            if isinstance(f, float):
                assert 1 - 1e-9 <= f <= 5 + 1e-9
        if isinstance(row.ci, tuple) and isinstance(row.mean, float):
            assert row.ci[0] <= row.mean <= row.ci[1]


def close(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@settings(max_examples=40, deadline=None)
@given(rounds, st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(people, rnd: random.Random):
    shuffled = list(people)
    rnd.shuffle(shuffled)
    rows = answers(shuffled)
    rnd.shuffle(rows)
    assert close(score_round(FORM, answers(people)).to_dict(), score_round(FORM, rows).to_dict())
