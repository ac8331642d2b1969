"""The statistics behind joinedup's scores, written with numpy and scipy.

Every function here works on plain arrays, never applies the confidentiality rule
itself (that is :mod:`joinedup.analysis.suppression`, applied by
:mod:`joinedup.analysis.scoring`), and treats ``NaN`` as a missing answer
(skipped, not asked, or "don't know"). Each docstring gives the formula and a
reference; ``docs/methods-scoring.md`` collects them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats as sps

Array = NDArray[np.float64]


def _clean(values: ArrayLike) -> Array:
    arr = np.asarray(values, dtype=float).ravel()
    return arr[~np.isnan(arr)]


def mean_ci(values: ArrayLike, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its Student-t confidence interval.

    ``mean ± t(1 − α/2; n − 1) · s / √n`` with ``s`` the sample standard deviation
    (divisor n − 1). The t-interval is exact for normal data and adequate for
    means of bounded rating scales at the sizes seen here (Student 1908). With
    fewer than two answers the interval is undefined (NaN); with no spread it has
    zero width.
    """
    x = _clean(values)
    n = x.size
    if n == 0:
        return (float("nan"),) * 3
    mean = float(x.mean())
    if n < 2:
        return mean, float("nan"), float("nan")
    half = float(sps.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def sd(values: ArrayLike) -> float:
    """Sample standard deviation ``√(Σ(x − x̄)² / (n − 1))``; NaN below two answers."""
    x = _clean(values)
    return float(x.std(ddof=1)) if x.size >= 2 else float("nan")


def median(values: ArrayLike) -> float:
    """Median of the answers (the mean of the two middle answers when n is even)."""
    x = _clean(values)
    return float(np.median(x)) if x.size else float("nan")


def distribution(values: ArrayLike, points: Sequence[float]) -> dict[float, float]:
    """Share of the answers at each scale point (shares sum to 1 over answered values)."""
    x = _clean(values)
    if x.size == 0:
        return {float(p): 0.0 for p in points}
    return {float(p): float(np.count_nonzero(x == p)) / x.size for p in points}


def dont_know_share(dont_know: int, answered: int) -> float:
    """Share of "don't know" among those who gave a rating or said they didn't know:
    ``d / (d + a)``."""
    total = dont_know + answered
    return dont_know / total if total else float("nan")


def uniform_null_variance(options: int) -> float:
    """Expected variance of a rectangular (uniform) null on A options: ``(A² − 1) / 12``."""
    if options < 2:
        raise ValueError("a scale needs at least two options")
    return (options * options - 1) / 12.0


def rwg(values: ArrayLike, options: int) -> float:
    """Within-group agreement on a single item, rwg (James, Demaree & Wolf 1984).

    ``rwg = 1 − s² / σ²_EU`` where ``s²`` is the observed variance (divisor n − 1)
    and ``σ²_EU = (A² − 1) / 12`` the variance expected if answers were spread
    uniformly over the A options. Values below 0 (more spread than chance) are
    truncated to 0, as recommended by Lindell, Brandt & Whitney (1999).
    """
    x = _clean(values)
    if x.size < 2:
        return float("nan")
    return float(max(0.0, 1.0 - x.var(ddof=1) / uniform_null_variance(options)))


def rwg_j(matrix: ArrayLike, options: int) -> float:
    """Within-group agreement over J parallel items, rwg(J) (James, Demaree & Wolf 1984).

    ``rwg(J) = J (1 − s̄² / σ²_EU) / (J (1 − s̄² / σ²_EU) + s̄² / σ²_EU)`` where
    ``s̄²`` is the mean of the J item variances (each over the respondents who
    answered that item) and ``σ²_EU = (A² − 1) / 12``. When ``s̄² > σ²_EU`` the
    index is set to 0 (Lindell, Brandt & Whitney 1999). ``matrix`` is respondents
    × items; items with fewer than two answers are left out.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2:
        raise ValueError("rwg_j needs a respondents × items matrix")
    variances = [float(np.var(c[~np.isnan(c)], ddof=1)) for c in m.T if np.sum(~np.isnan(c)) >= 2]
    if not variances:
        return float("nan")
    ratio = float(np.mean(variances)) / uniform_null_variance(options)
    if ratio >= 1.0:
        return 0.0
    j = len(variances)
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


def _pairwise_cov(m: Array) -> Array:
    k = m.shape[1]
    cov = np.full((k, k), np.nan)
    for a in range(k):
        for b in range(a, k):
            ok = ~np.isnan(m[:, a]) & ~np.isnan(m[:, b])
            if ok.sum() >= 2:
                cov[a, b] = cov[b, a] = np.cov(m[ok, a], m[ok, b], ddof=1)[0, 1]
    return cov


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha with its Feldt interval and the n the interval used."""

    alpha: float
    ci: tuple[float, float]
    n: int
    items: int


def cronbach_alpha(matrix: ArrayLike, missing: str = "pairwise", level: float = 0.95) -> Alpha:
    """Cronbach's alpha (Cronbach 1951) with Feldt's confidence interval (Feldt 1965).

    ``α = J / (J − 1) · (1 − Σ σ²ᵢ / Σᵢⱼ σᵢⱼ)`` for J items, from the item
    covariance matrix. Missing answers: ``"pairwise"`` (default) estimates each
    covariance from the respondents who answered both items; ``"listwise"`` first
    drops every respondent with any missing item. Respondents who answered no item
    are dropped either way; n is the number of remaining respondents.

    Feldt's interval treats ``(1 − α) / (1 − α̂)`` as F with ``n − 1`` and
    ``(n − 1)(J − 1)`` degrees of freedom:
    ``[1 − (1 − α̂) F(1 − γ/2), 1 − (1 − α̂) F(γ/2)]`` with γ = 1 − level.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2 or m.shape[1] < 2:
        raise ValueError("alpha needs a respondents × items matrix with at least two items")
    m = m[~np.all(np.isnan(m), axis=1)]
    if missing == "listwise":
        m = m[~np.any(np.isnan(m), axis=1)]
    elif missing != "pairwise":
        raise ValueError("missing must be 'pairwise' or 'listwise'")
    n, j = m.shape
    cov = _pairwise_cov(m)
    total = float(np.nansum(cov)) if not np.isnan(cov).any() else float("nan")
    if n < 2 or not total or np.isnan(total):
        return Alpha(float("nan"), (float("nan"), float("nan")), n, j)
    alpha = j / (j - 1) * (1 - float(np.trace(cov)) / total)
    df1, df2 = n - 1, (n - 1) * (j - 1)
    gamma = 1 - level
    lower = 1 - (1 - alpha) * float(sps.f.isf(gamma / 2, df1, df2))
    upper = 1 - (1 - alpha) * float(sps.f.isf(1 - gamma / 2, df1, df2))
    return Alpha(alpha, (lower, upper), n, j)


@dataclass(frozen=True)
class ICC:
    """ICC(1) and ICC(2) from a one-way ANOVA, with the ANOVA's parts."""

    icc1: float
    icc2: float
    ms_between: float
    ms_within: float
    k0: float
    groups: int
    n: int


def icc_oneway(values: ArrayLike, groups: Sequence[str]) -> ICC:
    """ICC(1) and ICC(2) for respondents nested in partnerships (one-way random ANOVA).

    With J groups, N respondents, ``MSB = Σ nⱼ (ȳⱼ − ȳ)² / (J − 1)`` and
    ``MSW = ΣΣ (y − ȳⱼ)² / (N − J)``:

    - ``ICC(1) = (MSB − MSW) / (MSB + (k₀ − 1) MSW)`` — the share of variance that
      lies between partnerships (Shrout & Fleiss 1979, case 1; Bliese 2000);
    - ``ICC(2) = (MSB − MSW) / MSB`` — the reliability of a partnership's mean
      (Shrout & Fleiss ICC(1,k); Bliese 2000);

    with ``k₀ = (N − Σ nⱼ² / N) / (J − 1)`` the group size for unbalanced designs
    (equal to n per group when groups are balanced). Missing values are dropped.
    """
    y = np.asarray(values, dtype=float)
    g = np.asarray(groups)
    ok = ~np.isnan(y)
    y, g = y[ok], g[ok]
    labels, index = np.unique(g, return_inverse=True)
    n_groups, n = labels.size, y.size
    if n_groups < 2 or n - n_groups < 1:
        nan = float("nan")
        return ICC(nan, nan, nan, nan, nan, int(n_groups), int(n))
    sizes = np.bincount(index).astype(float)
    means = np.bincount(index, weights=y) / sizes
    grand = y.mean()
    msb = float(np.sum(sizes * (means - grand) ** 2) / (n_groups - 1))
    msw = float(np.sum((y - means[index]) ** 2) / (n - n_groups))
    k0 = float((n - np.sum(sizes**2) / n) / (n_groups - 1))
    icc1 = (msb - msw) / (msb + (k0 - 1) * msw) if msb + (k0 - 1) * msw else float("nan")
    icc2 = (msb - msw) / msb if msb else float("nan")
    return ICC(icc1, icc2, msb, msw, k0, int(n_groups), int(n))


def kruskal_wallis(samples: Sequence[ArrayLike]) -> tuple[float, float]:
    """Kruskal–Wallis H test across groups (Kruskal & Wallis 1952), tie-corrected.

    ``H = (12 / (N(N + 1)) Σ Rᵢ² / nᵢ − 3(N + 1)) / (1 − Σ(t³ − t) / (N³ − N))``,
    referred to χ² with (groups − 1) degrees of freedom. Returns (H, p); NaN when
    fewer than two groups have answers or every answer is the same.
    """
    groups = [x for x in (_clean(s) for s in samples) if x.size]
    if len(groups) < 2:
        return float("nan"), float("nan")
    pooled = np.concatenate(groups)
    if np.all(pooled == pooled[0]):
        return float("nan"), float("nan")
    result = sps.kruskal(*groups)
    return float(result.statistic), float(result.pvalue)


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment of p values (Holm 1979).

    Sort the m finite p values ascending; the i-th (from 0) is adjusted to
    ``max over j ≤ i of min(1, (m − j) p₍ⱼ₎)``. NaN entries stay NaN and do not
    count towards m.
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    finite = np.flatnonzero(~np.isnan(p))
    m = finite.size
    order = finite[np.argsort(p[finite], kind="stable")]
    running = 0.0
    for rank, idx in enumerate(order):
        running = max(running, min(1.0, (m - rank) * float(p[idx])))
        out[idx] = running
    return [float(v) for v in out]


@dataclass(frozen=True)
class Change:
    """A difference between two independent samples with Welch's interval and test."""

    difference: float
    ci: tuple[float, float]
    t: float
    df: float
    p: float


def welch_change(before: ArrayLike, after: ArrayLike, level: float = 0.95) -> Change:
    """Difference of means (after − before) with Welch's t-test (Welch 1947).

    ``d = x̄₂ − x̄₁``, ``se = √(s₁²/n₁ + s₂²/n₂)``, ``t = d / se``, with
    Welch–Satterthwaite degrees of freedom
    ``ν = se⁴ / ((s₁²/n₁)² / (n₁ − 1) + (s₂²/n₂)² / (n₂ − 1))``; the interval is
    ``d ± t(1 − γ/2; ν) · se``. Rounds are treated as independent samples because
    respondents are pseudonymous per round and need not be the same people.
    """
    a, b = _clean(before), _clean(after)
    if a.size < 2 or b.size < 2:
        nan = float("nan")
        return Change(nan, (nan, nan), nan, nan, nan)
    return welch_from_summary(
        (a.size, float(a.mean()), float(a.var(ddof=1))),
        (b.size, float(b.mean()), float(b.var(ddof=1))),
        level,
    )


def welch_from_summary(
    before: tuple[int, float, float], after: tuple[int, float, float], level: float = 0.95
) -> Change:
    """:func:`welch_change` from each sample's ``(n, mean, variance)`` alone.

    The same formulas, for callers that hold only summaries (the national path
    keeps each partnership's n, mean and standard deviation, not its
    respondents); the variances are sample variances (``ddof = 1``).
    """
    (n1, m1, s1), (n2, m2, s2) = before, after
    nan = float("nan")
    if n1 < 2 or n2 < 2:
        return Change(nan, (nan, nan), nan, nan, nan)
    va, vb = s1 / n1, s2 / n2
    d = float(m2 - m1)
    se = float(np.sqrt(va + vb))
    if se == 0:
        return Change(d, (d, d), nan, nan, nan)
    df = float((va + vb) ** 2 / (va**2 / (n1 - 1) + vb**2 / (n2 - 1)))
    t = d / se
    p = float(2 * sps.t.sf(abs(t), df))
    half = float(sps.t.ppf(0.5 + level / 2, df) * se)
    return Change(d, (d - half, d + half), t, df, p)
