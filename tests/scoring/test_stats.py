"""Every statistic against a case worked by hand and, where it has one, pingouin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from joinedup.analysis import stats

NAN = float("nan")


def test_mean_ci_by_hand():
    # 1..5: mean 3, s = √2.5, se = √0.5, t(0.975; 4) = 2.7764451
    mean, lo, hi = stats.mean_ci([1, 2, 3, 4, 5, NAN])
    assert mean == 3
    assert hi - mean == pytest.approx(2.7764451052 * math.sqrt(0.5), abs=1e-9)
    assert mean - lo == pytest.approx(hi - mean)


def test_mean_ci_single_answer_has_no_interval():
    mean, lo, hi = stats.mean_ci([4])
    assert mean == 4
    assert math.isnan(lo)
    assert math.isnan(hi)


def test_median_sd_distribution_dont_know():
    assert stats.median([1, 5, 2, 4]) == 3
    assert stats.sd([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(math.sqrt(32 / 7))
    assert stats.distribution([1, 1, 2, NAN], [1, 2, 3]) == {1.0: 2 / 3, 2.0: 1 / 3, 3.0: 0.0}
    assert stats.dont_know_share(2, 6) == 0.25


def test_rwg_by_hand():
    # s² = 1/3, σ²_EU = (25 − 1)/12 = 2 → 1 − 1/6
    assert stats.rwg([3, 3, 4, 4], 5) == pytest.approx(5 / 6)
    # spread wider than the uniform null is truncated to 0
    assert stats.rwg([1, 5, 1, 5], 5) == 0
    assert stats.uniform_null_variance(7) == 4


def test_rwg_j_by_hand():
    # both item variances 1/3, ratio 1/6, J = 2 → 2·(5/6) / (2·(5/6) + 1/6) = 10/11
    m = [[3, 4], [3, 4], [4, 5], [4, 5]]
    assert stats.rwg_j(m, 5) == pytest.approx(10 / 11)


def test_alpha_by_hand():
    # var x = var y = 5/3, cov = 1: α = 2 (1 − (10/3) / (16/3)) = 0.75
    a = stats.cronbach_alpha([[1, 2], [2, 1], [3, 4], [4, 3]])
    assert a.alpha == pytest.approx(0.75)
    assert a.n == 4


def _alpha_data(seed: int, missing: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(40, 1))
    data = np.clip(np.rint(3 + trait + rng.normal(0, 0.9, size=(40, 6))), 1, 5)
    data[rng.random(data.shape) < missing] = np.nan
    return pd.DataFrame(data, columns=[f"i{j}" for j in range(6)])


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
def test_alpha_matches_pingouin(policy):
    df = _alpha_data(3, 0.1)
    ours = stats.cronbach_alpha(df.to_numpy(), missing=policy)
    theirs, _ = pg.cronbach_alpha(data=df, nan_policy=policy, ci=0.95)
    assert ours.alpha == pytest.approx(theirs, abs=1e-6)
    # pingouin's listwise interval keeps n from before the deletion; ours uses the
    # respondents actually analysed, i.e. pingouin on the complete cases.
    used = df.dropna() if policy == "listwise" else df
    _, ci = pg.cronbach_alpha(data=used, nan_policy=policy, ci=0.95)
    # pingouin rounds its interval to three decimals
    assert ours.ci == pytest.approx(tuple(ci), abs=5e-4)


def test_alpha_feldt_interval_by_formula():
    from scipy.stats import f

    df = _alpha_data(5, 0.0)
    a = stats.cronbach_alpha(df.to_numpy())
    n, j = df.shape
    lo = 1 - (1 - a.alpha) * f.ppf(0.975, n - 1, (n - 1) * (j - 1))
    hi = 1 - (1 - a.alpha) * f.ppf(0.025, n - 1, (n - 1) * (j - 1))
    assert a.ci == pytest.approx((lo, hi), abs=1e-9)


def test_icc_by_hand():
    # groups (1,2,3) and (4,5,6): MSB = 13.5, MSW = 1, k0 = 3
    r = stats.icc_oneway([1, 2, 3, 4, 5, 6], ["a", "a", "a", "b", "b", "b"])
    assert r.icc1 == pytest.approx(12.5 / 15.5)
    assert r.icc2 == pytest.approx(12.5 / 13.5)
    assert r.k0 == 3


def test_icc_matches_pingouin_icc1_and_icc1k():
    # Respondents nested in partnerships: pingouin's targets are the partnerships and
    # its "raters" the respondent slots; ICC(1,1) is our ICC(1), ICC(1,k) our ICC(2).
    rng = np.random.default_rng(11)
    rows = []
    for p in range(12):
        level = rng.normal(3, 0.7)
        for r in range(6):
            rows.append({"p": f"p{p}", "r": r, "y": level + rng.normal(0, 1)})
    df = pd.DataFrame(rows)
    ours = stats.icc_oneway(df["y"].to_numpy(), df["p"].tolist())
    table = pg.intraclass_corr(data=df, targets="p", raters="r", ratings="y").set_index("Type")
    assert ours.icc1 == pytest.approx(table.loc["ICC(1,1)", "ICC"], abs=1e-6)
    assert ours.icc2 == pytest.approx(table.loc["ICC(1,k)", "ICC"], abs=1e-6)


def test_kruskal_by_hand_and_pingouin():
    # ranks 1..6: H = 12/42 · (6²/3 + 15²/3) − 21 = 27/7
    h, p = stats.kruskal_wallis([[1, 2, 3], [4, 5, 6]])
    assert h == pytest.approx(27 / 7)
    groups = [[1, 2, 2, 3, 5], [3, 4, 4, 5, 5, 2], [1, 1, 2, 3]]
    h, p = stats.kruskal_wallis(groups)
    df = pd.DataFrame([(g, v) for g, xs in enumerate(groups) for v in xs], columns=["g", "v"])
    theirs = pg.kruskal(data=df, dv="v", between="g")
    assert h == pytest.approx(theirs["H"].iloc[0], abs=1e-6)
    assert p == pytest.approx(theirs["p_unc"].iloc[0], abs=1e-6)


def test_kruskal_needs_two_groups_with_spread():
    assert all(math.isnan(x) for x in stats.kruskal_wallis([[1, 2, 3]]))
    assert all(math.isnan(x) for x in stats.kruskal_wallis([[3, 3], [3, 3]]))


def test_holm_by_hand_and_pingouin():
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    pvals = [0.001, 0.2, 0.012, 0.04, 0.5, 0.03]
    _, theirs = pg.multicomp(pvals, method="holm")
    assert stats.holm(pvals) == pytest.approx(list(theirs), abs=1e-12)
    adjusted = stats.holm([0.02, NAN])
    assert adjusted[0] == 0.02
    assert math.isnan(adjusted[1])


def test_welch_by_hand_and_pingouin():
    # (1,2,3) → (4,5,6): d = 3, se = √(2/3), df = 4
    c = stats.welch_change([1, 2, 3], [4, 5, 6])
    assert c.difference == 3
    assert c.t == pytest.approx(3 / math.sqrt(2 / 3))
    assert c.df == pytest.approx(4)
    before, after = [2, 3, 3, 2, 4, 3, 2], [4, 3, 5, 4, 4, 3, 5, 4, 2]
    c = stats.welch_change(before, after)
    theirs = pg.ttest(after, before, correction=True)
    assert c.t == pytest.approx(theirs["T"].iloc[0], abs=1e-6)
    assert c.df == pytest.approx(theirs["dof"].iloc[0], abs=1e-6)
    assert c.p == pytest.approx(theirs["p_val"].iloc[0], abs=1e-6)
    lo, hi = theirs["CI95"].iloc[0]
    assert c.ci == pytest.approx((lo, hi), abs=5e-3)  # pingouin rounds to 2 decimals
