"""Gardner's capacity of a perceptron with stability κ, computed.

Model (Gardner 1988): P = αN random unbiased ±1 patterns; neuron i is a perceptron that must give
every pattern a stability Δ_i^μ = ξ_i^μ h_i^μ / ‖w_i‖ ≥ κ, with h_i^μ = Σ_{j≠i} w_ij ξ_j^μ. The
stability is normalised by the coupling norm: scaling w scales h, so an unnormalised margin means
nothing. The fraction of coupling space that solves all P constraints vanishes (N → ∞) at

    α_c(κ) = 1 / ∫_{−κ}^{∞} Dt (t + κ)²,   Dt = φ(t) dt, φ the standard Gaussian density.

The integral in closed form: ∫_{−κ}^∞ Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ) (expand (t + κ)², use
∫_{−κ}^∞ Dt = Φ(κ), ∫_{−κ}^∞ Dt t = φ(κ), ∫_{−κ}^∞ Dt t² = Φ(κ) − κ φ(κ)). α_c(0) = 2 (Cover's
counting), α_c decreases monotonically with κ (∝ 1/κ² for large κ). Replica-symmetric result;
exact for κ ≥ 0 (the solution space is convex). For κ < 0 the formula is returned as well but is
not the true capacity (the space is not convex and replica symmetry breaks).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special


def gardner_integral(kappa: float | np.ndarray) -> float | np.ndarray:
    """∫_{−κ}^{∞} Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ)."""
    k = np.asarray(kappa, dtype=float)
    phi = np.exp(-0.5 * k * k) / math.sqrt(2.0 * math.pi)
    out = (1.0 + k * k) * special.ndtr(k) + k * phi
    return float(out) if out.ndim == 0 else out


def gardner_capacity(kappa: float | np.ndarray) -> float | np.ndarray:
    """α_c(κ) = 1 / ∫_{−κ}^{∞} Dt (t + κ)²: 2 at κ = 0, 0.9612 at κ = 0.5."""
    out = 1.0 / np.asarray(gardner_integral(kappa))
    return float(out) if out.ndim == 0 else out


def gardner_stability(alpha: float) -> float:
    """The inverse: the largest stability κ reachable at load α (κ < 0 for α > 2, see the module
    docstring). Root of α_c(κ) = α; α_c is strictly decreasing, so the root is unique."""
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    target = 1.0 / alpha  # solve gardner_integral(κ) = 1/α; the integral increases with κ
    lo, hi = -1.0, 1.0
    while gardner_integral(lo) > target:
        lo *= 2.0
    while gardner_integral(hi) < target:
        hi *= 2.0
    return optimize.brentq(lambda k: gardner_integral(k) - target, lo, hi, xtol=1e-14, rtol=1e-14)
