"""Low-activity Hopfield model (0/1 units, covariance rule): retrieval at T = 0, computed.

Units σ_i ∈ {0, 1}, patterns ξ_i^μ ∈ {0, 1} with Pr{ξ = 1} = a, weights
w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a), c = 1/(N a (1 − a)), w_ii = 0, dynamics σ_i ← Θ(h_i − θ),
overlap m^μ = c Σ_j (ξ_j^μ − a) σ_j (Gerstner, week 6, section 6.4).

Patterns have exactly K = aN active units (`patterns.sparse_patterns`), so Σ_j (ξ_j^ν − a) = 0 and
the overlap of a state with another pattern ν, m^ν = c Σ_j (ξ_j^ν − a)(σ_j − q), sees the state only
through its deviations from its mean activity q: variance q(1 − q) / (N a (1 − a)). (With
independent bits it would be q / (N a (1 − a)), which at a = ½ halves α_c to 0.069.)

Finite-a theory: the self-consistent signal-to-noise analysis (Shiino & Fukai 1992), the T = 0
AGS equations of the ±1 model rewritten for 0/1 units and covariance weights. In the retrieval
state of pattern 1 the field of unit i is (ξ_i − b) m + z_i, with z Gaussian crosstalk of variance
σ² = α q(1 − q) / (1 − C)²: q = (1/N) Σ σ_j is the activity of the state, C = ⟨∂σ/∂h⟩ the mean
response (the AGS factor r = (1 − C)^−2 of the feedback of each stored pattern on itself). With
p1 = Pr{σ = 1 | ξ = 1} = Φ(((1 − b) m − θ)/σ) and p0 = Pr{σ = 1 | ξ = 0} = Φ((−b m − θ)/σ):
    m = p1 − p0,  q = a p1 + (1 − a) p0,  C = [a φ(((1 − b)m − θ)/σ) + (1 − a) φ((−bm − θ)/σ)] / σ.
The zero diagonal matters for 0/1 units (σ_i² = σ_i, so w_ii acts as a threshold): with it the mean
field of every unit is lower by q α, so the equations see θ + q α. At a = ½, b = a, θ = −α/2 the
model is the ±1 Hopfield model and these are exactly AGS's equations (α_c = 0.138; tested).
With b = 0 the crosstalk variance carries 1/(1 − a) (the (ξ − b)² of the other patterns averages
to a instead of a(1 − a)).

For a given retrieval overlap m the first equation fixes σ (one root); q, C and then
α = σ² (1 − C)² / q follow. α(m) rises as m falls from 1 to the fold, where the retrieval branch
ends: α_c(θ) = max_m α(m). The threshold is chosen to maximise it (`optimal_threshold`).

As a → 0 this tends to the Tsodyks–Feigel'man (1988) asymptote α_c ≈ 1/(2a ln(1/a)), slowly
(the corrections are O(ln ln(1/a) / ln(1/a))).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special


def tsodyks_feigelman(a: float | np.ndarray) -> float | np.ndarray:
    """The a → 0 asymptote of the capacity, 1 / (2a ln(1/a))."""
    a = np.asarray(a, dtype=float)
    out = 1.0 / (2.0 * a * np.log(1.0 / a))
    return float(out) if out.ndim == 0 else out


def _branch_point(m: np.ndarray, a: float, b: float, theta: np.ndarray) -> dict:
    """The retrieval state with overlap m at effective threshold θ, elementwise over arrays:
    σ from p1 − p0 = m (bisection in ln σ: p1 − p0 falls from 1 at σ → 0, when the signals
    (1 − b)m and −bm straddle θ, to 0 at σ → ∞), then p1, p0, q, C and α. NaN where none."""
    m, theta = np.broadcast_arrays(np.asarray(m, float), np.asarray(theta, float))
    s1, s0 = (1.0 - b) * m, -b * m

    def excess(log_sigma):
        sig = np.exp(log_sigma)
        return special.ndtr((s1 - theta) / sig) - special.ndtr((s0 - theta) / sig) - m

    lo, hi = np.full(m.shape, -40.0), np.full(m.shape, 6.0)
    ok = (s1 > theta) & (theta > s0) & (excess(lo) > 0)  # else m too close to 1 to resolve
    for _ in range(48):  # ln σ to 2e-13
        mid = 0.5 * (lo + hi)
        up = excess(mid) > 0
        lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
    sig = np.where(ok, np.exp(0.5 * (lo + hi)), np.nan)
    u1, u0 = (s1 - theta) / sig, (s0 - theta) / sig
    p1, p0 = special.ndtr(u1), special.ndtr(u0)
    q = a * p1 + (1 - a) * p0
    dens = lambda u: np.exp(-0.5 * u * u) / np.sqrt(2 * np.pi)  # noqa: E731
    c = (a * dens(u1) + (1 - a) * dens(u0)) / sig
    pattern_var = a * (1 - 2 * b) + b * b  # ⟨(ξ − b)²⟩: a(1 − a) at b = a
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(c < 1, sig**2 * (1 - c) ** 2 / (q * (1 - q)) * a * (1 - a) / pattern_var,
                         np.nan)
    return {"alpha": alpha, "sigma": sig, "q": q, "C": c, "p1": p1, "p0": p0}


def _branch(m, a: float, theta, b: float) -> dict:
    """`_branch_point` at the real threshold θ: the zero diagonal lowers every field by q α
    (Σ_{j≠i} w_ij = −α for patterns of fixed activity), so the equations see θ + q α; iterated
    to convergence. Where the iteration does not settle (far down the unstable part of the
    branch) the state is NaN."""
    state = _branch_point(m, a, b, theta)
    change = np.zeros_like(state["alpha"])
    for _ in range(40):
        shifted = _branch_point(m, a, b, np.asarray(theta) + state["q"] * state["alpha"])
        change = np.abs(shifted["alpha"] - state["alpha"])
        state = shifted
        if not np.any(change > 1e-12):
            break
    unsettled = change > 1e-10
    return {k: np.where(unsettled, np.nan, v) for k, v in state.items()}


def load_for_overlap(m: float, a: float, theta: float, b: float | None = None) -> dict:
    """The state of the retrieval branch with overlap m at threshold θ:
    {alpha, sigma, q, C, p1, p0} (NaN where there is none)."""
    state = _branch(m, a, theta, a if b is None else b)
    return {k: float(v) for k, v in state.items()}


def critical_load(a: float, theta: float, b: float | None = None,
                  min_overlap: float = 0.0) -> tuple[float, float]:
    """(α_c, m there) at threshold θ: the largest load of the retrieval branch, or, with
    `min_overlap`, of its part where m ≥ min_overlap (a capacity under a retrieval criterion:
    where the fold's m is lower, the criterion fails first, at the load where m = min_overlap)."""
    b = a if b is None else b
    ac, m_fold = _fold(a, theta, b)
    if np.isfinite(m_fold) and m_fold < min_overlap:
        return load_for_overlap(min_overlap, a, theta, b)["alpha"], min_overlap
    return ac, m_fold


def _fold(a: float, theta: float, b: float, branch=None) -> tuple[float, float]:
    """(α, m) at the maximum of α(m) along the retrieval branch: a grid in m, then finer ones
    about its best point. `branch(m)` gives the states (default: at the real threshold θ)."""
    branch = branch or (lambda ms: _branch(ms, a, theta, b))
    lo, hi = 1e-6, 1 - 1e-6
    for _ in range(3):
        ms = np.linspace(lo, hi, 201)
        alphas = branch(ms)["alpha"]
        if not np.any(np.isfinite(alphas)):
            return math.nan, math.nan
        k = int(np.nanargmax(alphas))
        lo, hi = ms[max(k - 1, 0)], ms[min(k + 1, ms.size - 1)]
    return float(alphas[k]), float(ms[k])


def optimal_threshold(a: float, b: float | None = None,
                      min_overlap: float = 0.0) -> tuple[float, float]:
    """`(θ*, α_c(θ*))`: the threshold that maximises `critical_load`, and that capacity.

    Searched over the effective threshold θ_e = θ + q α, where each branch point needs no
    iteration (θ = θ_e − q α follows): every (m, θ_e) is a branch point of one θ, so the best
    capacity over θ is the best over θ_e; the value returned is recomputed at θ*."""
    b = a if b is None else b

    def capacity(theta_eff):
        branch = lambda ms: _branch_point(ms, a, b, theta_eff)  # noqa: E731
        ac, m_fold = _fold(a, theta_eff, b, branch)
        m = max(m_fold, min_overlap) if np.isfinite(m_fold) else math.nan
        state = branch(np.array([m]))
        return float(state["alpha"][0]), float(theta_eff - state["q"][0] * state["alpha"][0])

    lo, hi = -b - 0.2, 1 - b - 0.02  # about the off and on signals at m = 1
    for _ in range(3):
        grid = np.linspace(lo, hi, 41)
        caps = np.array([capacity(t)[0] for t in grid])
        k = int(np.nanargmax(caps))
        lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    theta = capacity(grid[k])[1]
    return theta, critical_load(a, theta, b, min_overlap)[0]
