"""Analytic predictions for the binary Hopfield model, computed (not tabulated).

Amit, Gutfreund & Sompolinsky (1985, 1987), replica-symmetric solution at T = 0:
with y = m / sqrt(2 r α) the retrieval overlap obeys  erf(y) = y (sqrt(2α) + (2/sqrt π) e^{−y²}),
m = erf(y).  A retrieval solution exists for α < α_c ≈ 0.138, where m(α_c) ≈ 0.967.

One-step (signal-to-noise) error rate of a stored bit: ½ erfc(1 / sqrt(2α)).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special


def _ags_residual(y: float, alpha: float) -> float:
    # g(y) = erf(y)/y − sqrt(2α) − (2/sqrt π) e^{−y²}; its largest root is the retrieval solution.
    return special.erf(y) / y - math.sqrt(2 * alpha) - 2 / math.sqrt(math.pi) * math.exp(-y * y)


def _ags_peak(alpha: float) -> tuple[float, float]:
    """Location and value of the maximum of g(y) on y > 0.5 (the retrieval branch lives right of it)."""
    res = optimize.minimize_scalar(
        lambda y: -_ags_residual(y, alpha), bounds=(0.5, 5.0), method="bounded",
        options={"xatol": 1e-12},
    )
    return float(res.x), float(-res.fun)


def ags_overlap(alpha: float | np.ndarray) -> float | np.ndarray:
    """Retrieval overlap m(α) of the T = 0 AGS equations; NaN where no retrieval solution exists."""
    alphas = np.atleast_1d(np.asarray(alpha, dtype=float))
    out = np.full(alphas.shape, np.nan)
    for i, a in enumerate(alphas):
        if a <= 0:
            raise ValueError(f"alpha must be > 0, got {a}")
        y_peak, g_peak = _ags_peak(a)
        if g_peak < 0:
            continue
        # g decreases from the peak towards −sqrt(2α) < 0 as y → ∞: bracket the largest root.
        y = optimize.brentq(_ags_residual, y_peak, 50.0, args=(a,), xtol=1e-14)
        out[i] = special.erf(y)
    return out if np.ndim(alpha) else float(out[0])


def ags_critical_load() -> tuple[float, float]:
    """(α_c, m(α_c)): the load where the retrieval solution vanishes (peak of g touches zero)."""
    alpha_c = optimize.brentq(lambda a: _ags_peak(a)[1], 0.10, 0.16, xtol=1e-13)
    y_c = _ags_peak(alpha_c)[0]
    return float(alpha_c), float(special.erf(y_c))


def one_step_error(alpha: float | np.ndarray) -> float | np.ndarray:
    """Probability that a bit of a stored pattern is unstable: ½ erfc(1/sqrt(2α))."""
    a = np.asarray(alpha, dtype=float)
    return 0.5 * special.erfc(1.0 / np.sqrt(2.0 * a))


def one_step_error_finite(n: int, p: int) -> float:
    """The same for finite N and P: ξ_i h_i = (N−1)/N + crosstalk of variance (P−1)(N−1)/N²,
    so the error rate is ½ erfc(sqrt((N−1) / (2(P−1)))) (Gaussian crosstalk)."""
    if p < 2:
        return 0.0
    return float(0.5 * special.erfc(np.sqrt((n - 1) / (2.0 * (p - 1)))))


def mixture_overlap(k: int) -> float:
    """Overlap of a symmetric k-mixture sgn(Σ ξ^μ) with each member (α → 0): C(k−1,(k−1)/2)/2^{k−1}."""
    if k % 2 == 0 or k < 1:
        raise ValueError("k must be odd and positive")
    return math.comb(k - 1, (k - 1) // 2) / 2 ** (k - 1)
