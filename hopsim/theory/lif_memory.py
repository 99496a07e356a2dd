"""Population mean field of the LIF memory network with slow, saturating Hebbian excitation and
structured inhibition (the network of `experiments.spiking`).

Each E neuron i receives the slow Hebbian current u_i = W_H Σ_j count_ij s_j (count_ij = Σ_μ ξ_i^μ ξ_j^μ
over its E→E synapses, s_j the gating of neuron j), C_ext external Poisson inputs of J_ext, and
C_I inhibitory inputs of weight J_IE + λ H_i, H_i = Σ_j count_ij (the structured inhibition that
carries the seed's −c a n_i Σ_j σ_j). I neurons receive C_ext external inputs, C_E E inputs of J_EI
and C_I I inputs of J_II, all fast. The E neurons are grouped into classes (`Layout`): by whether
they belong to the cued pattern (S) or not (R: the rest), and by their multiplicity n (the number
of stored patterns they belong to; Curti et al. 2004). For a class c,
    μ_c = τ_E (C_ext J_ext ν_ext − C_I (J_IE + λ H_c) ν_I) + W_H Σ_d K_cd ⟨s_d⟩,
    σ_c² = τ_E (C_ext J_ext² ν_ext + C_I (J_IE + λ H_c)² ν_I),
with K_cd the expected Σ_j count_ij over the inputs j from class d and ⟨s_d⟩ the Poisson gating
mean at the class rate (`lif.gating_moments`). Two slow sources of spread of the mean input are
averaged over as a quasi-static Gaussian (`lif.spread_rate`):
  * quenched: a neuron's inputs from class d are a random sample (number ≈ Poisson), and its own
    inhibition follows its own H_i: Var = Σ_d K2_cd (W_H ⟨s_d⟩ − λ C_I τ_E ν_I)², K2 the expected
    Σ_j count_ij²;
  * temporal: the gatings fluctuate (τ_s ≫ τ_m): Var = W_H² Σ_d K2_cd Var(s_d).
The firing threshold is checked once per time step: the Siegert rate gets the step correction
(`lif.step_jump`). The gating of a population firing at ν is that of gamma-renewal trains at the
population's own ISI CV (`lif.isi_cv`, `lif.gating_mean_renewal`), not of Poisson trains: a
pattern neuron at 20 Hz fires more regularly than Poisson and holds its synapses ≈ 7 % more open,
which the delay state depends on. Each of the four refinements can be switched off
(`Approximation`), which is how the report measures what each contributes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import optimize, stats

from . import lif


@dataclass(frozen=True)
class Approximation:
    """Which refinements of the plain four-population mean field are on."""
    quenched: bool = True       # spread of the mean input across the neurons of a class
    slow_noise: bool = True     # temporal fluctuations of the slow current
    time_step: bool = True      # threshold checked once per step of dt
    renewal_gating: bool = True  # gating of gamma-renewal trains with the LIF's ISI CV, not Poisson


@dataclass
class Network:
    """Constants of the network (units in the names; τ, t_ref in ms, potentials and weights in mV,
    rates in Hz; λ in mV per unit of H)."""
    tau_E_ms: float
    tau_I_ms: float
    theta_mv: float
    reset_mv: float
    t_ref_E_ms: float
    t_ref_I_ms: float
    C_E: int
    C_I: int
    C_ext: int
    J_ext_mv: float             # external jump onto E
    J_ext_I_mv: float           # external jump onto I
    nu_ext_E_hz: float
    nu_ext_I_hz: float
    J_EI_mv: float              # fast (delta) E→I
    W_EI_mv: float              # slow E→I (gated like E→E)
    J_IE_mv: float
    J_II_mv: float
    W_H_mv: float
    lam_mv: float
    alpha: float
    tau_s_ms: float
    dt_ms: float
    approximation: Approximation = field(default_factory=Approximation)


@dataclass
class Layout:
    """E neuron classes: name, in the cued pattern or not, multiplicity, fraction of the E neurons,
    K[c, d] = E Σ_{j ∈ d} count_ij and K2[c, d] = E Σ_{j ∈ d} count_ij² for a neuron i of class c."""
    names: list
    cued: np.ndarray
    multiplicity: np.ndarray
    weight: np.ndarray
    K: np.ndarray
    K2: np.ndarray

    @property
    def potentiated(self) -> np.ndarray:
        """H_c = E Σ_j count_ij."""
        return self.K.sum(axis=1)

    def mean(self, rates, which) -> float:
        """Population mean of per-class rates over the classes selected by the bool mask."""
        w = self.weight * which
        return float(math.fsum(w * rates) / math.fsum(w)) if w.sum() > 0 else float("nan")


def random_layout(patterns: int, activity: float, c_e: float, tail: float = 1e-5) -> Layout:
    """Independent random patterns (each neuron in a given pattern with probability a), one of
    them cued. S_n: neurons of the cued pattern with multiplicity n (n − 1 ~ Bin(P − 1, a)); R_n: the
    rest (n ~ Bin(P − 1, a)); classes rarer than `tail` are dropped and the rest renormalised.
    Two neurons share each of the other patterns independently: a neuron in n − 1 (or n) of the
    P − 1 other patterns and one in m − 1 (or m) share e = (n − 1)(m − 1)/(P − 1) of them on average
    (Poisson: E count² = e + e², plus the cued pattern itself between two S neurons)."""
    p, a = int(patterns), float(activity)
    q = max(p - 1, 1)
    ns = np.arange(0, p + 1)
    p_r = stats.binom.pmf(ns, p - 1, a)
    keep_r = ns[p_r >= tail]
    keep_s = keep_r + 1
    pr = p_r[keep_r] / p_r[keep_r].sum()
    ps = pr.copy()  # P(n − 1 = k) for S has the same law
    other_s, other_r = keep_s - 1, keep_r      # patterns other than the cued one
    names = [f"S{n}" for n in keep_s] + [f"R{n}" for n in keep_r]
    cued = np.r_[np.ones(keep_s.size, bool), np.zeros(keep_r.size, bool)]
    mult = np.r_[keep_s, keep_r].astype(float)
    weight = np.r_[a * ps, (1 - a) * pr]
    other = np.r_[other_s, other_r].astype(float)
    frac = np.r_[c_e * a * ps, c_e * (1 - a) * pr]          # inputs per neuron from class d
    e = np.outer(other, other) / q                           # shared other patterns
    both = np.outer(cued, cued).astype(float)                # the cued pattern itself
    mean = both + e
    second = both * (1 + 3 * e + e * e) + (1 - both) * (e + e * e)
    return Layout(names, cued, mult, weight, mean * frac[None, :], second * frac[None, :])


def four_population_layout(patterns: int, activity: float, c_e: float) -> Layout:
    """Random patterns with every neuron at its population's mean multiplicity: S (the cued
    pattern's neurons, 1 + (P − 1)a patterns), R (the rest, (P − 1)a patterns); the pair statistics
    of `random_layout` averaged over the multiplicities (the plain four-population mean field:
    S, R and I, the background being R without a memory)."""
    p, a = int(patterns), float(activity)
    e = (p - 1) * a * a                       # other patterns two neurons share, on average
    frac = np.array([c_e * a, c_e * (1 - a)])
    mean = np.array([[1 + e, e], [e, e]])
    second = np.array([[1 + 3 * e + e * e, e + e * e], [e + e * e, e + e * e]])
    return Layout(["S", "R"], np.array([True, False]), np.array([1 + (p - 1) * a, (p - 1) * a]),
                  np.array([a, 1 - a]), mean * frac[None, :], second * frac[None, :])


def disjoint_layout(patterns: int, activity: float, c_e: float) -> Layout:
    """P disjoint patterns of a N_E neurons (Amit & Brunel 1997): S (the cued pattern), O (the other
    patterns' neurons, each receiving a C_E inputs from its own pattern), B (in no pattern)."""
    a, p = float(activity), int(patterns)
    weight = np.array([a, (p - 1) * a, max(1.0 - p * a, 0.0)])
    k = np.zeros((3, 3))
    k[0, 0] = k[1, 1] = a * c_e
    return Layout(["S", "O", "B"], np.array([True, False, False]), np.array([1.0, 1.0, 0.0]),
                  weight, k, k.copy())


def free_layout() -> Layout:
    """No memories: one E class without Hebbian inputs."""
    z = np.zeros((1, 1))
    return Layout(["E"], np.array([False]), np.array([0.0]), np.ones(1), z, z.copy())


def gatings(net: Network, layout: Layout, nu_e, nu_i: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of the gating of every E class's neurons. Poisson trains, or (renewal
    gating) gamma-renewal trains with the ISI CV of the class's neurons at their inputs (computed
    at the Poisson gating: one step of the fixed point, the CV depending only weakly on it)."""
    nu_e = np.maximum(np.asarray(nu_e, float), 0.0)
    mom = [lif.gating_moments(v, net.alpha, net.tau_s_ms) for v in nu_e]
    s = np.array([m for m, _ in mom])
    var_s = np.array([v for _, v in mom])
    if net.approximation.renewal_gating:
        mu, sigma, _ = _moments(net, layout, s, var_s, nu_i)
        cv = [lif.isi_cv(m, sg, net.tau_E_ms, net.theta_mv, net.reset_mv, net.t_ref_E_ms,
                         lif.step_jump(sg, net.tau_E_ms, _dt(net))) for m, sg in zip(mu, sigma)]
        s = np.array([lif.gating_mean_renewal(v, c, net.alpha, net.tau_s_ms)
                      for v, c in zip(nu_e, cv)])
    return s, var_s


def class_inputs(net: Network, layout: Layout, nu_e, nu_i: float):
    """(μ, σ, spread) in mV of every E class at class rates nu_e and I rate nu_i."""
    s, var_s = gatings(net, layout, nu_e, nu_i)
    return _moments(net, layout, s, var_s, nu_i)


def _moments(net: Network, layout: Layout, s, var_s, nu_i: float):
    nu_i = max(float(nu_i), 0.0)
    t = net.tau_E_ms * lif.MS
    j_inh = net.J_IE_mv + net.lam_mv * layout.potentiated
    hebb = net.W_H_mv * (layout.K * s[None, :]).sum(axis=1)
    mu = t * (net.C_ext * net.J_ext_mv * net.nu_ext_E_hz - net.C_I * j_inh * nu_i) + hebb
    sigma = np.sqrt(t * (net.C_ext * net.J_ext_mv**2 * net.nu_ext_E_hz + net.C_I * j_inh**2 * nu_i))
    spread2 = np.zeros(len(s))
    if net.approximation.quenched:
        per_count = net.W_H_mv * s - net.lam_mv * net.C_I * t * nu_i
        spread2 += (layout.K2 * (per_count**2)[None, :]).sum(axis=1)
    if net.approximation.slow_noise:
        spread2 += net.W_H_mv**2 * (layout.K2 * var_s[None, :]).sum(axis=1)
    return mu, sigma, np.sqrt(spread2)


def i_input(net: Network, nu_e, s_mean: float, var_s_mean: float, nu_i: float):
    """(μ, σ, spread) of an I neuron: fast inputs (external, E→I jumps, I→I) and the slow E→I
    current W_EI Σ_j s_j over its C_E E inputs (mean gating s_mean; its temporal spread from the
    gating variance, its quenched spread from the number of inputs per E class)."""
    mu, sigma = lif.input_moments([nu_e, nu_i], [net.C_E, net.C_I], [net.J_EI_mv, -net.J_II_mv],
                                  net.tau_I_ms, net.nu_ext_I_hz, net.C_ext, net.J_ext_I_mv)
    mu += net.C_E * net.W_EI_mv * s_mean
    spread2 = 0.0
    if net.approximation.slow_noise:
        spread2 += net.C_E * net.W_EI_mv**2 * var_s_mean
    return mu, sigma, math.sqrt(spread2)


def _dt(net: Network) -> float:
    return net.dt_ms if net.approximation.time_step else 0.0


def transfer(net: Network, layout: Layout, nu_e, nu_i: float) -> tuple[np.ndarray, float]:
    """Output rates (Hz) of every E class and of I, given the class rates and the I rate."""
    s, var_s = gatings(net, layout, nu_e, nu_i)
    mu, sigma, spread = _moments(net, layout, s, var_s, nu_i)
    out = np.array([lif.spread_rate(m, sg, sp, net.tau_E_ms, net.theta_mv, net.reset_mv,
                                    net.t_ref_E_ms, _dt(net)) for m, sg, sp in zip(mu, sigma, spread)])
    nu_e = np.maximum(np.asarray(nu_e, float), 0.0)
    w = layout.weight
    nu_e_mean = float(math.fsum(w * nu_e))
    s_mean = float(math.fsum(w * s))
    var_mean = float(math.fsum(w * var_s))
    mi, si, spi = i_input(net, nu_e_mean, s_mean, var_mean, nu_i)
    out_i = lif.spread_rate(mi, si, spi, net.tau_I_ms, net.theta_mv, net.reset_mv, net.t_ref_I_ms,
                            _dt(net))
    return out, out_i


def solve(net: Network, layout: Layout, guess_e, guess_i: float, tol: float = 1e-6) -> dict:
    """Self-consistent rates from a guess (low: the spontaneous state; S high: a memory's delay
    state). Returns {'rates_E': per class, 'rate_I', 'S', 'R' (class-weighted means), 'E' (all E),
    'converged'}; a root that is not found is reported with converged False."""
    guess = np.r_[np.broadcast_to(np.asarray(guess_e, float), (len(layout.names),)), guess_i]

    def residual(x):
        x = np.maximum(x, 0.0)
        e, i = transfer(net, layout, x[:-1], x[-1])
        return np.r_[e, i] - x

    sol = optimize.root(residual, guess, method="hybr")
    x = np.maximum(sol.x, 0.0)
    err = float(np.max(np.abs(residual(x)))) / max(1.0, float(np.max(x)))
    e = x[:-1]
    return {"rates_E": e, "rate_I": float(x[-1]),
            "S": layout.mean(e, layout.cued), "R": layout.mean(e, ~layout.cued),
            "E": layout.mean(e, np.ones_like(layout.cued)), "converged": bool(err < tol)}


def effective_transfer(net: Network, layout: Layout, grid, rest_guess: float, i_guess: float):
    """φ_S(ν_S) (Amit & Brunel 1997, Fig. 2): every cued-pattern class held at the input rate ν_S,
    the other classes and I self-consistent; returns (mean output rate of the cued pattern's
    neurons, mean rate of the rest, I rate) for each ν_S of the grid (NaN where no solution)."""
    s_idx = np.flatnonzero(layout.cued)
    r_idx = np.flatnonzero(~layout.cued)
    out = []
    x = np.r_[np.full(r_idx.size, rest_guess), i_guess]
    for nu_s in grid:
        def full(y, nu_s=nu_s):
            e = np.empty(len(layout.names))
            e[s_idx] = nu_s
            e[r_idx] = np.maximum(y[:-1], 0.0)
            return e, max(y[-1], 0.0)

        def residual(y):
            e, i = full(y)
            te, ti = transfer(net, layout, e, i)
            return np.r_[te[r_idx], ti] - y

        sol = optimize.root(residual, x, method="hybr")
        ok = np.max(np.abs(residual(sol.x))) < 1e-6 * max(1.0, float(np.max(np.abs(sol.x))))
        if ok:
            x = np.maximum(sol.x, 0.0)
            e, i = full(x)
            te, _ = transfer(net, layout, e, i)
            out.append((layout.mean(te, layout.cued), layout.mean(e, ~layout.cued), i))
        else:
            out.append((math.nan, math.nan, math.nan))
    return np.array(out)


def without(net: Network, **switches) -> Network:
    """The same network with some refinements switched off, e.g. without(net, quenched=False)."""
    return replace(net, approximation=replace(net.approximation, **switches))
