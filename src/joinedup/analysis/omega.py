"""McDonald's omega (total) from a one-factor model, with a seeded bootstrap interval.

**The model.** The J items of a dimension are taken to measure one common factor:
``x_j = μ_j + λ_j F + e_j`` with ``Var(F) = 1`` and uncorrelated errors of
variance ``ψ_j``, so the item covariance matrix is ``Σ = λλᵀ + diag(ψ)``.

**The fit.** ``λ`` is estimated by iterated principal-axis factoring of the sample
covariance matrix S (ddof 1): starting from the squared multiple correlations
scaled to each item's variance (``h_j = s_jj (1 − 1 / (s_jj · (S⁻¹)_jj))``), the
diagonal of S is replaced by the communalities h, ``λ = √e₁ · v₁`` from the
largest eigenvalue and its vector, ``h = λ²``, and again until no h changes by
1e-9 or more (at most 500 rounds; the bootstrap's refits, :func:`refit`, start
from the full sample's loadings and stop at 1e-6). At convergence this is the unweighted
(ordinary) least-squares fit of the off-diagonal covariances, the "minres"
solution (Harman & Jones 1966). A communality is kept below the item's variance
(a Heywood case would make ``ψ_j`` negative): it is capped at 0.995 ``s_jj``.

**Omega.** ``ω_t = (Σ λ_j)² / ((Σ λ_j)² + Σ ψ_j)`` with ``ψ_j = s_jj − λ_j²``
(McDonald 1999, ch. 6): the share of the variance of the (unweighted) sum score
explained by the common factor. When the loadings are equal and so are the error
variances (parallel items), ω equals Cronbach's alpha; when the loadings differ,
alpha is lower than ω (it is then only a lower bound).

When a covariance matrix admits more than one such fixed point (small samples
near a Heywood case), the one reached depends on the start: the full sample starts
from the squared multiple correlations, each resample from the full sample's
solution, so that resamples stay on the same solution as the estimate.

**The interval.** A percentile bootstrap (Dunn, Baguley & Brunsden 2014 recommend a
bootstrap interval for omega; they favour the bias-corrected and accelerated one,
which this does not compute): ``draws`` resamples of the respondents, with
replacement, drawn by ``numpy.random.default_rng(seed)``, each refitted; the
interval is the 2.5th and 97.5th percentiles of the resampled ω. The same seed
gives the same interval. Only respondents who answered every item of the
dimension are used (listwise), since the fit needs one covariance matrix.

References: McDonald, R. P. (1999). *Test theory: a unified treatment*. Erlbaum.
Harman, H. H., & Jones, W. H. (1966). Factor analysis by minimizing residuals
(minres). *Psychometrika* 31, 351–368. Dunn, T. J., Baguley, T., & Brunsden, V.
(2014). From alpha to omega: a practical solution to the pervasive problem of
internal consistency estimation. *British Journal of Psychology* 105, 399–412.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
MAX_ROUNDS = 500
TOLERANCE = 1e-9
BOOT_TOLERANCE = 1e-6  # the resamples: ω to about six places is plenty for an interval
HEYWOOD = 0.995
DRAWS = 1000


@dataclass(frozen=True)
class Omega:
    """ω total, its bootstrap interval, the loadings, and the n it rests on."""

    omega: float
    ci: tuple[float, float]
    loadings: tuple[float, ...]
    n: int


def one_factor(cov: ArrayLike, tolerance: float = TOLERANCE, start: Array | None = None) -> Array:
    """Loadings of a one-factor model fitted to covariance matrices by iterated
    principal-axis factoring (see the module notes). ``cov`` is J × J, or a stack
    B × J × J fitted all at once; the loadings are signed so that their sum is
    positive (an item that runs against the others keeps a negative loading)."""
    s = np.asarray(cov, dtype=float)
    stacked = s if s.ndim == 3 else s[None]
    var = np.diagonal(stacked, axis1=1, axis2=2)
    if start is not None:  # the communalities of a nearby fit (the bootstrap's refits)
        h = np.clip(np.broadcast_to(start, var.shape).copy(), 0.0, HEYWOOD * var)
        return _iterate(stacked, h, var, tolerance, s.ndim == 3)
    try:
        inverse_diag = np.diagonal(np.linalg.inv(stacked), axis1=1, axis2=2)
        h = var * (1 - 1 / (var * inverse_diag))
    except np.linalg.LinAlgError:
        h = 0.5 * var
    h = np.clip(np.nan_to_num(h, nan=0.5), 0.0, HEYWOOD * var)
    return _iterate(stacked, h, var, tolerance, s.ndim == 3)


def _iterate(stacked: Array, h: Array, var: Array, tolerance: float, many: bool) -> Array:
    """Principal-axis rounds from communalities ``h`` until they settle."""
    eye = np.eye(stacked.shape[1], dtype=bool)
    loadings = np.sqrt(h)
    active = np.arange(stacked.shape[0])  # the fits still moving: only they are refitted
    for _ in range(MAX_ROUNDS):
        reduced = np.where(eye, h[active][:, :, None] * eye, stacked[active])
        values, vectors = np.linalg.eigh(reduced)
        first = np.clip(values[:, -1], 0.0, None)
        loadings[active] = vectors[:, :, -1] * np.sqrt(first)[:, None]
        new = np.minimum(loadings[active] ** 2, HEYWOOD * var[active])
        moving = np.max(np.abs(new - h[active]), axis=1) >= tolerance
        h[active] = new
        active = active[moving]
        if not active.size:
            break
    loadings = loadings * np.where(loadings.sum(axis=1) < 0, -1.0, 1.0)[:, None]
    return loadings if many else loadings[0]


def refit(covs: Array, start: Array, tolerance: float = BOOT_TOLERANCE) -> Array:
    """Loadings of one-factor fits to a stack of covariance matrices near one
    already fitted (the bootstrap's resamples), from that fit's loadings ``start``.

    The same principal-axis rounds as :func:`one_factor`, with the largest
    eigenvector of each round taken by one power step from the last one instead of
    a full eigendecomposition (``v = R_h λ / ‖R_h λ‖``, ``λ = √(vᵀ R_h v) · v``): the
    fixed point is the same (``λ`` the largest eigenvector of ``R_h`` scaled by the
    root of its eigenvalue, ``h = λ²``), and a round costs two matrix-vector
    products. A fit that has not settled after :data:`MAX_ROUNDS` is finished by
    :func:`one_factor` from where it got to."""
    var = np.diagonal(covs, axis1=1, axis2=2)
    eye = np.eye(covs.shape[1], dtype=bool)
    lam = np.broadcast_to(start, var.shape).copy()
    h = np.minimum(lam**2, HEYWOOD * var)
    active = np.arange(covs.shape[0])
    for _ in range(MAX_ROUNDS):
        reduced = np.where(eye, h[active][:, :, None] * eye, covs[active])
        w = np.einsum("bij,bj->bi", reduced, lam[active])
        v = w / np.maximum(np.linalg.norm(w, axis=1, keepdims=True), 1e-300)
        e = np.einsum("bi,bij,bj->b", v, reduced, v)
        lam[active] = v * np.sqrt(np.clip(e, 0.0, None))[:, None]
        new = np.minimum(lam[active] ** 2, HEYWOOD * var[active])
        moving = np.max(np.abs(new - h[active]), axis=1) >= tolerance
        h[active] = new
        active = active[moving]
        if not active.size:
            break
    if active.size:
        lam[active] = one_factor(covs[active], tolerance, h[active])
    return lam * np.where(lam.sum(axis=1) < 0, -1.0, 1.0)[:, None]


def _omega(covs: Array, lam: Array) -> Array:
    var = np.diagonal(covs, axis1=1, axis2=2)
    psi = np.maximum(var - lam**2, (1 - HEYWOOD) * var)
    common = lam.sum(axis=1) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(common / (common + psi.sum(axis=1)))


def omega_from_cov(
    cov: ArrayLike, tolerance: float = TOLERANCE, start: Array | None = None
) -> float | Array:
    """ω total of the one-factor fit of a covariance matrix (or a stack of them)."""
    s = np.asarray(cov, dtype=float)
    stacked = s if s.ndim == 3 else s[None]
    lam = np.asarray(one_factor(stacked, tolerance, start))
    var = np.diagonal(stacked, axis1=1, axis2=2)
    psi = np.maximum(var - lam**2, (1 - HEYWOOD) * var)
    common = lam.sum(axis=1) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        omega = common / (common + psi.sum(axis=1))
    return omega if s.ndim == 3 else float(omega[0])


def omega_total(matrix: ArrayLike, seed: int = 0, draws: int = DRAWS, level: float = 0.95) -> Omega:
    """McDonald's ω total of a respondents × items matrix (NaN where missing; rows
    with any NaN left out), with a seeded percentile bootstrap interval."""
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2 or m.shape[1] < 2:
        raise ValueError("omega needs a respondents × items matrix with at least two items")
    m = m[~np.any(np.isnan(m), axis=1)]
    n = m.shape[0]
    nan = float("nan")
    if n < 3 or np.any(np.var(m, axis=0) == 0):
        return Omega(nan, (nan, nan), (), n)
    cov = np.cov(m, rowvar=False)
    lam = one_factor(cov)
    omega = omega_from_cov(cov)
    assert isinstance(omega, float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(draws, n))
    samples = m[picks]
    centred = samples - samples.mean(axis=1, keepdims=True)
    covs = np.matmul(centred.transpose(0, 2, 1), centred) / (n - 1)
    usable = np.all(np.diagonal(covs, axis1=1, axis2=2) > 0, axis=1)
    boot = _omega(covs[usable], refit(covs[usable], lam))
    boot = boot[np.isfinite(boot)]
    gamma = (1 - level) / 2
    if boot.size < 2:
        return Omega(omega, (nan, nan), tuple(float(v) for v in lam), n)
    low, high = np.quantile(boot, [gamma, 1 - gamma])
    return Omega(omega, (float(low), float(high)), tuple(float(v) for v in lam), n)
