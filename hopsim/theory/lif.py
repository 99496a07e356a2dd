"""Firing rates of the leaky integrate-and-fire neuron, computed (Brunel 2000; Amit & Brunel 1997).

Units: mV for potentials, seconds for τ and t_ref inside the formulas, Hz for rates (functions
take τ and t_ref in ms, as the config does, and convert).

Constant input (no noise): from V_r, τ dV/dt = −V + R I reaches θ after τ ln((RI − V_r)/(RI − θ)),
so the rate is ν = 1 / (t_ref + τ ln((RI − V_r)/(RI − θ))) for RI > θ (0 otherwise); with the reset
at rest (V_r = 0) this is 1 / (t_ref + τ ln(RI/(RI − θ))).

Diffusion approximation (Siegert; Brunel 2000 eq. 21): many small inputs make V an Ornstein–
Uhlenbeck process with mean μ and "σ" (τ dV = (μ − V) dt + σ √τ dW), and
    1/ν = t_ref + τ √π ∫_{(V_r − μ)/σ}^{(θ − μ)/σ} e^{u²} (1 + erf u) du.
The integrand e^{u²}(1 + erf u) is erfcx(−u) (no overflow for u < 0).

Network input (delta synapses, Poisson presynaptic spike trains): a neuron with K_b inputs of
weight J_b from a population firing at ν_b, plus C_ext external inputs of weight J_ext at ν_ext,
has μ = τ (Σ_b K_b J_b ν_b + C_ext J_ext ν_ext) (+ R I) and σ² = τ (Σ_b K_b J_b² ν_b + C_ext J_ext² ν_ext).
The self-consistent rates ν_a = φ_a(μ_a(ν), σ_a(ν)) of a network of populations (`network_rates`)
are those of its stationary asynchronous state; for the memory-free E–I network of Brunel (2000)
with identical E and I neurons, ν_E = ν_I (`brunel_rate`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize, special

MS = 1e-3


def deterministic_rate(ri: float, tau_ms: float, theta: float, t_ref_ms: float,
                       reset: float = 0.0) -> float:
    """ν = 1/(t_ref + τ ln((RI − V_r)/(RI − θ))) in Hz for RI > θ, else 0."""
    if ri <= theta:
        return 0.0
    return 1.0 / ((t_ref_ms + tau_ms * math.log((ri - reset) / (ri - theta))) * MS)


# −ζ(1/2)/√(2π): a random walk with steps of rms size h crosses a boundary as a continuous diffusion
# would cross one h times this further away (Siegmund's boundary correction; the same constant is
# Hansel et al.'s threshold shift for a time-stepped LIF neuron).
BOUNDARY_SHIFT = 0.5825971579390106


def rms_jump(rates, indegree, weight) -> float:
    """Root-mean-square jump (mV) of the input: √(Σ K J² ν / Σ K ν) over all input classes."""
    r, k, j = (np.asarray(x, float) for x in (rates, indegree, weight))
    total = np.sum(k * r)
    return float(np.sqrt(np.sum(k * j * j * r) / total)) if total > 0 else 0.0


def siegert_rate(mu: float, sigma: float, tau_ms: float, theta: float, reset: float,
                 t_ref_ms: float, jump: float = 0.0) -> float:
    """Stationary rate (Hz) of the LIF neuron with white-noise input of mean μ and σ (mV).
    jump > 0: the first correction for finite synaptic jumps of that rms size (mV, `rms_jump`):
    the membrane overshoots θ and V_r as a walk with finite steps does, which shifts both by
    BOUNDARY_SHIFT × jump (exact in the limit of small jumps; 0 gives the diffusion limit)."""
    if jump > 0:
        theta, reset = theta + BOUNDARY_SHIFT * jump, reset + BOUNDARY_SHIFT * jump
    if sigma <= 0:
        return deterministic_rate(mu, tau_ms, theta, t_ref_ms, reset)
    y_th, y_r = (theta - mu) / sigma, (reset - mu) / sigma
    if y_r > 26.0:  # e^{u²} beyond double range: the rate is far below anything measurable
        return 0.0
    integral, _ = integrate.quad(lambda u: special.erfcx(-u), y_r, y_th, limit=200,
                                 epsabs=0.0, epsrel=1e-10)
    return 1.0 / ((t_ref_ms + tau_ms * math.sqrt(math.pi) * integral) * MS)


def input_moments(rates, indegree, weight, tau_ms: float, ext_rate: float = 0.0, ext_indegree: int = 0,
                  ext_weight: float = 0.0, bias: float = 0.0) -> tuple[float, float]:
    """(μ, σ) in mV of a neuron receiving indegree[b] inputs of weight[b] (mV) from populations
    firing at rates[b] (Hz), and ext_indegree external Poisson inputs at ext_rate."""
    tau = tau_ms * MS
    r, k, j = (np.asarray(x, float) for x in (rates, indegree, weight))
    mu = bias + tau * (np.sum(k * j * r) + ext_indegree * ext_weight * ext_rate)
    var = tau * (np.sum(k * j * j * r) + ext_indegree * ext_weight**2 * ext_rate)
    return float(mu), float(math.sqrt(max(var, 0.0)))


def network_rates(indegree, weight, neuron: dict, ext_rate, ext_indegree, ext_weight,
                  guess, sources=None) -> np.ndarray:
    """Self-consistent rates ν (Hz) of populations a = 0 … A−1: ν_a = φ(μ_a(ν), σ_a(ν)) with
    `indegree[a][b]` inputs of `weight[a][b]` from population b, external drive per population and
    the same neuron (tau_ms, theta, reset, t_ref_ms) everywhere. Started from `guess` (which of
    several states is found depends on it: low for the spontaneous state, high for a memory):
    a root finder from the guess, else relaxation along τ dν/dt = −ν + φ(ν) and the root finder
    again. Raises when it does not converge. (A root need not be a stable state of the network:
    `rate_jacobian` judges its linear stability.) `sources`: when given, indegree and weight are
    (A, B) with column b an input class read from population sources[b] (a population may feed
    a neuron through several classes of synapses, e.g. potentiated and baseline ones)."""
    phi = transfer_map(indegree, weight, neuron, ext_rate, ext_indegree, ext_weight, sources)

    def residual(x):
        return np.max(np.abs(phi(x) - x)) / max(1.0, float(np.max(np.abs(x))))

    nu = np.asarray(guess, float).copy()
    sol = optimize.root(lambda x: phi(np.maximum(x, 0.0)) - x, nu, method="hybr")
    if sol.success and np.all(sol.x >= 0) and residual(sol.x) < 1e-6:
        return sol.x
    for _ in range(5000):  # Euler steps of τ dν/dt = −ν + φ(ν), Δt = τ/20, then polish
        new = nu + 0.05 * (phi(nu) - nu)
        if np.max(np.abs(new - nu)) < 1e-10 * max(1.0, np.max(nu)):
            nu = new
            break
        nu = new
    sol = optimize.root(lambda x: phi(np.maximum(x, 0.0)) - x, nu, method="hybr")
    best = sol.x if sol.success and residual(sol.x) < residual(nu) else nu
    if residual(best) > 1e-6:
        raise RuntimeError(f"no self-consistent rates near {guess}: {sol.message}")
    return best


def transfer_map(indegree, weight, neuron: dict, ext_rate, ext_indegree, ext_weight, sources=None):
    """φ: rates of the A populations (Hz) → their Siegert output rates, for the network of
    `network_rates` (same arguments)."""
    k, j = np.asarray(indegree, float), np.asarray(weight, float)
    src = np.arange(k.shape[1]) if sources is None else np.asarray(sources, int)
    ext_rate, ext_indegree, ext_weight = (np.broadcast_to(np.asarray(x, float), (k.shape[0],))
                                          for x in (ext_rate, ext_indegree, ext_weight))

    def phi(nu):
        nu = np.asarray(nu, float)
        out = np.empty(k.shape[0])
        for a in range(k.shape[0]):
            mu, sig = input_moments(nu[src], k[a], j[a], neuron["tau_ms"], ext_rate[a],
                                    ext_indegree[a], ext_weight[a])
            out[a] = siegert_rate(mu, sig, neuron["tau_ms"], neuron["theta"], neuron["reset"],
                                  neuron["t_ref_ms"])
        return out

    return phi


def rate_jacobian(phi, nu, step: float = 1e-4) -> np.ndarray:
    """∂φ_a/∂ν_b at ν (central differences, relative step). The fixed point ν = φ(ν) is linearly
    stable under τ dν/dt = −ν + φ(ν) when every eigenvalue of this matrix has real part < 1."""
    nu = np.asarray(nu, float)
    out = np.empty((nu.size, nu.size))
    for b in range(nu.size):
        h = step * max(1.0, abs(nu[b]))
        up, down = nu.copy(), nu.copy()
        up[b] += h
        down[b] = max(0.0, nu[b] - h)
        out[:, b] = (phi(up) - phi(down)) / (up[b] - down[b])
    return out


def brunel_rate(c_e: int, c_i: int, j: float, g: float, c_ext: int, nu_ext: float,
                neuron: dict, guess: float = 5.0) -> float:
    """ν (Hz) of the memory-free E–I network of Brunel (2000) with identical E and I neurons:
    every neuron gets C_E inputs of J, C_I of −gJ and C_ext external ones of J at ν_ext."""
    nu = network_rates([[c_e, c_i], [c_e, c_i]], [[j, -g * j], [j, -g * j]], neuron, nu_ext, c_ext,
                       j, [guess, guess])
    return float(nu[0])


def threshold_rate(c_e: int, j: float, tau_ms: float, theta: float) -> float:
    """ν_thr = θ / (C_E J τ): the external rate that brings the mean input to threshold alone."""
    return theta / (c_e * j * tau_ms * MS)


# ----------------------------------------------------------------------------- slow synapses

def gating_moments(nu_hz: float, alpha: float, tau_s_ms: float) -> tuple[float, float]:
    """Mean and variance of the saturating gating s of a slow synapse driven by a Poisson train
    at ν: ds/dt = −s/τ_s, s → s + α(1 − s) at each spike (`dynamics.spiking.nmda`). Exact for
    Poisson arrivals (the jump depends linearly on s just before it, and a Poisson arrival does not
    depend on that s): 0 = −m₁/τ + να(1 − m₁) gives m₁ = ατν/(1 + ατν); the same balance for s²,
    0 = −2m₂/τ + ν E[(s + α(1 − s))² − s²], gives m₂."""
    tau = tau_s_ms * MS
    x = alpha * tau * nu_hz
    m1 = x / (1.0 + x)
    m2 = nu_hz * (2.0 * alpha * m1 + alpha**2 * (1.0 - 2.0 * m1)) / (
        2.0 / tau + 2.0 * alpha * nu_hz - alpha**2 * nu_hz)
    return m1, max(m2 - m1 * m1, 0.0)


_HERMITE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def gauss_hermite(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights w with Σ w f(z) ≈ E f(Z), Z ~ N(0, 1), exact for polynomials of degree
    < 2n (Golub–Welsch on the probabilists' Hermite recurrence, through the machine-independent
    eigensolver of `hopsim.numerics`)."""
    if n not in _HERMITE:
        from ..numerics import eigh

        off = np.sqrt(np.arange(1, n, dtype=float))
        lam, v = eigh(np.diag(off, 1) + np.diag(off, -1))
        order = np.argsort(lam, kind="stable")
        _HERMITE[n] = (lam[order], v[0, order] ** 2)
    return _HERMITE[n]


def step_jump(sigma: float, tau_ms: float, dt_ms: float) -> float:
    """rms change of V in one time step of the simulation, σ √(dt/τ) (mV): a neuron whose
    threshold is checked once per step crosses it like a walk with steps of this size, so the
    `BOUNDARY_SHIFT` correction of `siegert_rate` applies with it (Hansel et al. 1998)."""
    return sigma * math.sqrt(dt_ms / tau_ms) if dt_ms > 0 else 0.0


def spread_rate(mu: float, sigma: float, spread: float, tau_ms: float, theta: float, reset: float,
                t_ref_ms: float, dt_ms: float = 0.0, nodes: int = 9) -> float:
    """Mean rate (Hz) of neurons whose mean input is μ + spread·Z, Z ~ N(0, 1), fast noise σ: the
    Siegert rate averaged over a quasi-static Gaussian spread of the mean input (differences
    between neurons, and input fluctuations much slower than τ), each with the time-step
    correction for dt (`step_jump`; dt = 0: the diffusion limit)."""
    jump = step_jump(sigma, tau_ms, dt_ms)
    if spread <= 0:
        return siegert_rate(mu, sigma, tau_ms, theta, reset, t_ref_ms, jump)
    z, w = gauss_hermite(nodes)
    return float(math.fsum(wk * siegert_rate(mu + spread * zk, sigma, tau_ms, theta, reset,
                                             t_ref_ms, jump) for zk, wk in zip(z, w)))


def isi_cv(mu: float, sigma: float, tau_ms: float, theta: float, reset: float, t_ref_ms: float,
           jump: float = 0.0, points: int = 4001) -> float:
    """Coefficient of variation of the inter-spike intervals of the LIF neuron with white-noise
    input (diffusion approximation; Brunel 2000, appendix):
        CV² = 2π (ν τ)² ∫_{y_r}^{y_θ} e^{x²} ∫_{−∞}^{x} e^{y²} (1 + erf y)² dy dx,
    ν the Siegert rate (with t_ref), y = (V − μ)/σ at the (jump-shifted) threshold and reset. Both
    integrals by the trapezoid rule on one fixed grid (e^{y²}(1 + erf y)² = erfcx(−y)² e^{−y²} has no
    overflow for y < 0). Deep below threshold (y_θ > 8) the neuron fires as a Poisson process."""
    if sigma <= 0:
        return 0.0
    nu = siegert_rate(mu, sigma, tau_ms, theta, reset, t_ref_ms, jump)
    if jump > 0:
        theta, reset = theta + BOUNDARY_SHIFT * jump, reset + BOUNDARY_SHIFT * jump
    y_th, y_r = (theta - mu) / sigma, (reset - mu) / sigma
    if y_th > 8.0:
        return 1.0
    lo = min(y_r, -12.0)
    y = np.linspace(lo, y_th, points)
    inner_f = special.erfcx(-y) ** 2 * np.exp(-y * y)
    h = y[1] - y[0]
    inner = np.concatenate([[0.0], np.cumsum(0.5 * h * (inner_f[1:] + inner_f[:-1]))])
    outer_f = np.exp(y * y) * inner
    outer_f[y < y_r] = 0.0
    # the part of the first cell above y_r, and the rest of the grid
    k = int(np.searchsorted(y, y_r))
    total = float(np.sum(0.5 * h * (outer_f[k + 1:] + outer_f[k:-1])))
    if 0 < k < y.size:
        frac = y[k] - y_r
        left = float(np.exp(y_r * y_r) * np.interp(y_r, y, inner))
        total += 0.5 * frac * (left + outer_f[k])
    return float(math.sqrt(max(2.0 * math.pi * (nu * tau_ms * MS) ** 2 * total, 0.0)))


def gating_mean_renewal(nu_hz: float, cv: float, alpha: float, tau_s_ms: float) -> float:
    """Mean gating ⟨s⟩ of the saturating slow synapse (`gating_moments`) driven by a renewal train
    at rate ν whose intervals are gamma-distributed with coefficient of variation cv: with
    L = E e^{−T/τ_s} = (1 + cv²/(ν τ_s))^{−1/cv²}, the gating just after a spike is
    s⁺ = α / (1 − (1 − α) L) and its time average ⟨s⟩ = ν τ_s s⁺ (1 − L). cv = 1 is the Poisson
    value ατν/(1 + ατν); cv → 0 a regular train (L = e^{−1/(ν τ_s)}), whose synapse is more open:
    each spike finds the gating decayed further."""
    if nu_hz <= 0:
        return 0.0
    x = nu_hz * tau_s_ms * MS
    c2 = max(cv, 1e-3) ** 2
    laplace = (1.0 + c2 / x) ** (-1.0 / c2)
    s_plus = alpha / (1.0 - (1.0 - alpha) * laplace)
    return x * s_plus * (1.0 - laplace)
