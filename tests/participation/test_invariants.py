"""Invariants of the representativeness measures (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.analysis import participation_reach as pr

counts = st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 10_000), min_size=1)


@given(counts, counts)
def test_similarity_is_a_symmetric_share(population, sample):
    ps = pr.proportional_similarity(population, sample)
    assert -1e-12 <= ps <= 1 + 1e-12
    assert ps == pytest.approx(pr.proportional_similarity(sample, population))


@given(counts, st.integers(1, 50))
def test_a_mirror_scores_one(population, factor):
    scaled = {g: n * factor for g, n in population.items()}
    assert pr.proportional_similarity(population, scaled) == pytest.approx(1.0)
    assert pr.rate_ratio(population, scaled) == pytest.approx(1.0)


@given(counts, counts)
def test_rate_ratio_lies_between_zero_and_one(population, sample):
    ratio = pr.rate_ratio(population, sample)
    assert ratio is None or 0 <= ratio <= 1
