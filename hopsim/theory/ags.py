"""Hopfield model with ±1 units and Hebbian weights: analytic predictions, computed (not tabulated).

Amit, Gutfreund & Sompolinsky (1985, 1987), replica-symmetric solution at T = 0:
with y = m / sqrt(2 r α) the retrieval overlap obeys  erf(y) = y (sqrt(2α) + (2/sqrt π) e^{−y²}),
m = erf(y).  A retrieval solution exists for α < α_c ≈ 0.138, where m(α_c) ≈ 0.967.

One-step (signal-to-noise) error rate of a stored bit: ½ erfc(1 / sqrt(2α)).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import optimize, special

from .. import numerics


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


# --------------------------------------------------------------------------- T > 0 (Glauber)

# ∫Dz tanh(β(m + σz)) and ∫Dz tanh²(…) (Dz the standard normal measure) mix two scales in
# x = m + σz: the Gaussian's width σ and the width T of tanh's step. Where σ ≤ T the integrand is
# smooth in z: Gauss–Hermite. Where T < σ (low temperature) the step is the sharp part: write
# tanh = sgn − sgn·(1 − tanh|·|), integrate the sgn part exactly (erf) and the rest in u = βx,
# where it decays like e^{−2|u|} and the Gaussian is smooth: Gauss–Legendre on u ∈ [0, 40].
@functools.cache
def _rules():
    """The two quadrature rules, built on first use (0.5 s; importing hopsim.theory stays cheap)."""
    z, w = np.polynomial.hermite_e.hermegauss(160)
    u, wu = np.polynomial.legendre.leggauss(400)
    return z, w / w.sum(), 20.0 * (u + 1.0), 20.0 * wu


def gaussian_tanh_moments(m: float, sigma: float, beta: float) -> tuple[float, float]:
    """(∫Dz tanh(β(m + σz)), ∫Dz tanh²(β(m + σz))) to about 1e-10."""
    z, w, u, wu = _rules()
    if sigma * beta <= 1.0:
        t = np.tanh(beta * (m + sigma * z))
        return float(numerics.dot(w, t)), float(numerics.dot(w, t * t))
    # x = ±u/β; the Gaussian density of x is φ((x − m)/σ)/σ, and dx = du/β.
    dens_pos = np.exp(-0.5 * ((u / beta - m) / sigma) ** 2) / (sigma * beta * math.sqrt(2 * math.pi))
    dens_neg = np.exp(-0.5 * ((-u / beta - m) / sigma) ** 2) / (sigma * beta * math.sqrt(2 * math.pi))
    tail = 1.0 - np.tanh(u)                 # 1 − tanh|u|
    sech2 = tail * (2.0 - tail)              # 1 − tanh²|u|, without cancellation
    first = special.erf(m / (sigma * math.sqrt(2))) - float(numerics.dot(wu, (dens_pos - dens_neg) * tail))
    second = 1.0 - float(numerics.dot(wu, (dens_pos + dens_neg) * sech2))
    return first, second


def meanfield_overlap(temperature: float) -> float:
    """Largest solution of m = tanh(m/T) (α → 0): 0 for T ≥ 1 (T_c = 1)."""
    if temperature <= 0:
        return 1.0
    if temperature >= 1:
        return 0.0
    return float(optimize.brentq(lambda m: m - math.tanh(m / temperature), 1e-12, 1.0,
                                 xtol=1e-15))


def ags_state(alpha: float, temperature: float, iterations: int = 200_000,
              tol: float = 1e-13) -> tuple[float, float, float]:
    """(m, q, r) of the replica-symmetric AGS equations at load α and temperature T = 1/β,
    on the retrieval branch (iterated from m = q = 1):
        m = ∫Dz tanh(β(m + sqrt(αr) z)),  q = ∫Dz tanh²(β(m + sqrt(αr) z)),
        r = q / (1 − β(1 − q))².
    m ≈ 0 where no retrieval solution exists (the iteration falls to the spin-glass branch)."""
    if alpha <= 0 or temperature <= 0:
        raise ValueError(f"alpha and temperature must be > 0, got {alpha}, {temperature}")
    beta = 1.0 / temperature
    m, q = 1.0, 1.0
    for _ in range(iterations):
        c = beta * (1.0 - q)
        if c >= 1.0:  # outside the RS region's validity: no retrieval state here
            return 0.0, q, math.inf
        r = q / (1.0 - c) ** 2
        m_new, q_new = gaussian_tanh_moments(m, math.sqrt(alpha * r), beta)
        if abs(m_new - m) < tol and abs(q_new - q) < tol:
            return m_new, q_new, r
        m, q = m_new, q_new
    return m, q, q / (1.0 - beta * (1.0 - q)) ** 2


def retrieval_boundary(alpha: float, retrieval_min: float = 0.1, xtol: float = 1e-4) -> float:
    """T_M(α): the largest temperature at which the retrieval branch exists (m > retrieval_min;
    at α > 0 it ends with a jump from m ≈ 0.5–0.9 to m ≈ 0, so the threshold is not critical).
    Bisection between T = 0.001 (retrieval for α < α_c) and T = 1.05: valid for α ≤ α_c(T = 0).
    Just above it the RS retrieval branch re-enters at small T > 0 (m ≈ 0.97 at T ≈ 0.02 for
    α = 0.1381), which this search does not look for and reports as 0."""
    lo, hi = 1e-3, 1.05
    if ags_state(alpha, lo)[0] <= retrieval_min:
        return 0.0
    while hi - lo > xtol:
        mid = 0.5 * (lo + hi)
        if ags_state(alpha, mid)[0] > retrieval_min:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)
