"""Quality figures of a round's dimensions: omega against known population values
and alpha, alpha against pingouin, item–total correlations by hand, suppression
below k, and the warnings in words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import parse_instrument
from joinedup.analysis.omega import omega_from_cov, omega_total, one_factor, refit
from joinedup.analysis.psychometrics import dimension_quality, item_total
from joinedup.analysis.suppression import Suppressed

LOADINGS = np.array([0.8, 0.7, 0.6, 0.5])
ERRORS = np.array([0.36, 0.51, 0.64, 0.75])


def test_one_factor_recovers_a_population_model_exactly():
    cov = np.outer(LOADINGS, LOADINGS) + np.diag(ERRORS)
    assert one_factor(cov) == pytest.approx(LOADINGS, abs=1e-6)
    expected = LOADINGS.sum() ** 2 / (LOADINGS.sum() ** 2 + ERRORS.sum())  # 0.7494
    assert omega_from_cov(cov) == pytest.approx(expected, abs=1e-7)
    assert omega_from_cov(cov * 4.0) == pytest.approx(expected, abs=1e-7)  # scale-free


def test_parallel_items_give_omega_equal_to_alpha():
    cov = np.full((5, 5), 0.36) + np.diag(np.full(5, 0.64))
    alpha = 5 / 4 * (1 - np.trace(cov) / cov.sum())
    assert omega_from_cov(cov) == pytest.approx(alpha, abs=1e-7)


def test_omega_of_a_sample_and_its_seeded_interval():
    rng = np.random.default_rng(11)
    factor = rng.normal(size=(400, 1))
    data = factor * LOADINGS + rng.normal(size=(400, 4)) * np.sqrt(ERRORS)
    first = omega_total(data, seed=5, draws=400)
    assert first == omega_total(data, seed=5, draws=400)
    assert first.ci[0] < first.omega < first.ci[1]
    assert first.ci[0] < 0.7494 < first.ci[1]
    assert first.n == 400


def _instrument():
    agree = {"choices": [{"value": v, "label": str(v)} for v in range(1, 6)], "dont_know": "DK"}
    return parse_instrument(
        {
            "id": "q",
            "title": "Q",
            "scales": {"agree": agree},
            "dimensions": [
                {
                    "name": "trust",
                    "label": "Trust",
                    "items": [
                        {"name": f"t{i}", "label": f"T{i}", "scale": "agree"} for i in range(4)
                    ],
                }
            ],
        }
    )


def _answers(frame: pd.DataFrame, dont_know: dict[tuple[int, str], bool] | None = None):
    rows = []
    for r, record in frame.iterrows():
        for item, value in record.items():
            if (r, item) in (dont_know or {}):
                rows.append(AnswerRow(f"p{r}", "", "", "all", item, None, True))
            elif not pd.isna(value):
                rows.append(AnswerRow(f"p{r}", "", "", "all", item, float(value)))
    return rows


def _frame(n=40, seed=3, noise=1.0):
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    data = np.clip(np.rint(3 + trait + rng.normal(0, noise, size=(n, 4))), 1, 5)
    return pd.DataFrame(data, columns=[f"t{i}" for i in range(4)])


def test_alpha_item_total_and_shares_match_by_hand():
    frame = _frame()
    frame.iloc[0, 2] = np.nan  # one skipped answer
    dk = {(1, "t3"): True, (2, "t3"): True}
    [dim] = dimension_quality(_instrument(), _answers(frame, dk), k=5, seed=1, draws=200)
    numeric = frame.copy()
    numeric.loc[[1, 2], "t3"] = np.nan
    alpha, ci = pg.cronbach_alpha(data=numeric, nan_policy="pairwise")
    assert dim.alpha == pytest.approx(alpha, abs=1e-9)
    assert dim.alpha_ci == pytest.approx(list(ci), abs=5e-4)
    complete = numeric.dropna()
    assert dim.complete == len(complete) == 37
    for j, item in enumerate(dim.items):
        rest = complete.drop(columns=f"t{j}").sum(axis=1)
        assert item.item_total == pytest.approx(complete[f"t{j}"].corr(rest), abs=1e-12)
    assert dim.items[3].dont_know_share == pytest.approx(2 / 40)
    assert dim.items[2].missing_share == pytest.approx(1 / 40)
    assert dim.items[0].missing_share == 0.0
    assert dim.omega_ci[0] < dim.omega < dim.omega_ci[1]


def test_item_total_of_a_known_matrix():
    m = np.array([[1, 2, 3], [2, 2, 4], [3, 5, 4], [4, 4, 5.0]])
    expected = [np.corrcoef(m[:, j], m.sum(axis=1) - m[:, j])[0, 1] for j in range(3)]
    assert item_total(m) == pytest.approx(expected)


def test_below_k_everything_is_withheld():
    [dim] = dimension_quality(_instrument(), _answers(_frame(n=4)), k=5, draws=50)
    assert isinstance(dim.alpha, Suppressed)
    assert isinstance(dim.omega, Suppressed)
    assert all(isinstance(i.item_total, Suppressed) for i in dim.items)
    assert all(isinstance(i.dont_know_share, Suppressed) for i in dim.items)
    assert dim.warnings == []


def test_warnings_in_words():
    frame = _frame(n=30, noise=3.0)  # items that barely share anything
    dk = {(r, "t1"): True for r in range(12)}
    [dim] = dimension_quality(_instrument(), _answers(frame, dk), k=5, draws=100)
    assert dim.alpha < 0.6
    texts = [w.text for w in dim.warnings]
    assert f"the questions of this dimension pull apart (alpha {dim.alpha:.2f})" in texts
    assert "40% answered don't know to t1" in texts
    assert any("hardly tracks the rest" in w for w in texts)


def test_the_bootstrap_refit_reaches_the_full_fit():
    rng = np.random.default_rng(8)
    factor = rng.normal(size=(120, 1))
    data = factor * LOADINGS + rng.normal(size=(120, 4)) * np.sqrt(ERRORS)
    start = one_factor(np.cov(data, rowvar=False))
    picks = rng.integers(0, 120, size=(50, 120))
    samples = data[picks] - data[picks].mean(axis=1, keepdims=True)
    covs = np.matmul(samples.transpose(0, 2, 1), samples) / 119
    by_power = refit(covs, start, tolerance=1e-10)
    by_eigen = one_factor(covs, 1e-10, start**2)
    assert by_power == pytest.approx(by_eigen, abs=1e-6)
