"""The LIF memory network of both spiking modes, built from the config and the seed.

Neurons (`dynamics.spiking.nmda`): N_E excitatory and N_I inhibitory current-based LIF neurons
(τ, θ, V_r, t_ref per population). Every neuron gets C_E = ε N_E excitatory and C_I = ε N_I
inhibitory inputs (fixed in-degree, no autapses; or independent connections with probability ε),
one delay D, and C_ext external Poisson inputs (jumps J_ext,E or J_ext,I at ν_ext,E or ν_ext,I).

Synapses — why this model: a slow, saturating excitatory synapse (NMDA-like, τ_s = 100 ms, gating
jump α per spike) carries the recurrent excitation, so that a memory's delay activity settles
where the gating saturates (10–50 Hz) instead of at the refractory ceiling that delta synapses
reach (70+ Hz with the old reference mode); the slow current also averages the input over many
spikes, which keeps the delay state irregular and the mean field's quasi-static treatment valid.
Inhibition is fast (delta jumps). E→I goes mostly through the same slow gating (W_EI) with a small
fast part (J_EI): the I population then follows Σ_j s_j, the same variable the Hebbian excitation
is made of, and no fast E→I→E loop rings (with a fast 0.5 mV E→I synapse the network oscillated
at 85 Hz, population Fano factor 100; see docs/spiking-associative-notes.md).

  * E→E (slow only): W_ij = J_H count_ij, count_ij = Σ_μ ξ_i^μ ξ_j^μ — the seed's rule with b = 0,
    w_ij = c Σ_μ ξ_i^μ (ξ_j^μ − a) = c Σ_μ ξ_i^μ ξ_j^μ − c a n_i, of which this is the Hebbian term
    (no baseline: a synapse between neurons that share no pattern is silent and is not stored);
    rule 'clipped' uses min(1, count_ij) instead.
  * the pooled term −c a n_i Σ_j σ_j goes through the I population: the I→E weight onto neuron i is
    −(J_IE + λ H_i), H_i = Σ_j count_ij over i's E→E synapses (≈ a C_E n_i), and
    λ = J_H ⟨s⟩(ν_E*) / (C_I ν_I* τ_E) cancels, at the balance rates ν_E*, ν_I* of the config,
    the Hebbian excitation of every neuron (H_i J_H ⟨s⟩ against C_I λ H_i ν_I τ_E). No E neuron
    inhibits another directly.
  * E→I: J_EI (fast) and W_EI (slow); I→I: −J_II (fast).
Drive classes (rows of the binomial tables): 0 E baseline, 1 I baseline, 2 E cued (ν_ext,E +
ν_cue), 3 I reset (ν_ext,I + ν_reset), 4 E warm-up (ν_ext,E × warm-up fraction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from ... import seeds
from ...dynamics.spiking import connectivity, drive, nmda
from ...patterns import active_units, sparse_patterns
from ...theory import lif

EXPERIMENT = "spiking"
E_BASE, I_BASE, E_CUE, I_RESET, E_WARM = range(5)

# Units of every parameter (the config keys carry them in their names too), as UDUNITS and pint
# spell them: counts (neurons, inputs, patterns, cues) and the gating jump are "1"; the layout,
# rule and connectivity are words, with no unit.
UNITS = {
    "N_E": "1", "N_I": "1", "connectivity": "", "epsilon": "1", "dt_ms": "ms",
    "delay_ms": "ms", "tau_E_ms": "ms", "tau_I_ms": "ms", "theta_mv": "mV", "reset_mv": "mV",
    "t_ref_E_ms": "ms", "t_ref_I_ms": "ms", "C_ext": "1", "J_ext_E_mv": "mV",
    "J_ext_I_mv": "mV", "nu_ext_E_hz": "Hz", "nu_ext_I_hz": "Hz", "J_EI_mv": "mV", "W_EI_mv": "mV",
    "J_IE_mv": "mV", "J_II_mv": "mV", "tau_slow_ms": "ms", "alpha_slow": "1",
    "patterns": "1", "activity": "1", "rule": "", "layout": "", "J_hebb_mv": "mV",
    "balance_E_hz": "Hz", "balance_I_hz": "Hz", "warmup_ms": "ms", "warmup_fraction": "1",
    "spontaneous_ms": "ms", "transient_ms": "ms", "cues": "1", "cue_ms": "ms",
    "cue_fraction": "1", "cue_rate_hz": "Hz", "delay_ms_protocol": "ms",
    "long_delay_ms": "ms", "reset_ms": "ms", "reset_rate_hz": "Hz",
    "recovery_ms": "ms", "bin_ms": "ms", "window_ms": "ms", "overlap_rate_hz": "Hz",
    "duration_ms": "ms", "lambda_mv": "mV",
}


def key(purpose: str, *parts: int) -> tuple[int, ...]:
    return seeds.spawn_key(EXPERIMENT, purpose, *parts)


LAYOUTS = {"random": 1, "disjoint": 2}


def indegrees(net: dict) -> tuple[int, int]:
    return int(round(net["epsilon"] * net["N_E"])), int(round(net["epsilon"] * net["N_I"]))


def draw_patterns(seed: int, n_e: int, patterns: int, activity: float, layout: str) -> np.ndarray:
    """P patterns of exactly K = round(a N_E) E neurons: 'random' (independent random sets: two
    patterns share ≈ a² N_E neurons) or 'disjoint' (Amit & Brunel 1997: no neuron in two)."""
    rng = seeds.rng(seed, key("patterns", LAYOUTS[layout], n_e, patterns))
    if layout == "random":
        return sparse_patterns(rng, patterns, n_e, activity)
    k = active_units(activity, n_e)
    if patterns * k > n_e:
        raise ValueError(f"{patterns} disjoint patterns of {k} neurons do not fit in N_E = {n_e}")
    x = np.zeros((patterns, n_e), dtype=np.int8)
    perm = rng.permutation(n_e)
    for mu in range(patterns):
        x[mu, perm[mu * k:(mu + 1) * k]] = 1
    return x


@numba.njit(cache=True)
def _shared(pre, post, ptr, idx):
    """|patterns(pre) ∩ patterns(post)| per synapse, from each neuron's sorted list of patterns."""
    out = np.zeros(pre.size, np.int32)
    for k in range(pre.size):
        a0, a1 = ptr[pre[k]], ptr[pre[k] + 1]
        b0, b1 = ptr[post[k]], ptr[post[k] + 1]
        c = 0
        while a0 < a1 and b0 < b1:
            x, y = idx[a0], idx[b0]
            if x == y:
                c += 1
                a0 += 1
                b0 += 1
            elif x < y:
                a0 += 1
            else:
                b0 += 1
        out[k] = c
    return out


def shared_patterns(pre: np.ndarray, post: np.ndarray, x: np.ndarray) -> np.ndarray:
    """count_ij = Σ_μ ξ_i^μ ξ_j^μ for every synapse (pre j → post i), integers, never an N × N
    matrix."""
    order = np.nonzero(x.T)  # (neuron, pattern) pairs, neurons ascending, patterns ascending
    ptr = np.zeros(x.shape[1] + 1, np.int64)
    np.cumsum(np.bincount(order[0], minlength=x.shape[1]), out=ptr[1:])
    return _shared(np.asarray(pre, np.int64), np.asarray(post, np.int64), ptr,
                   order[1].astype(np.int32))


def balance_lambda(net: dict, memory: dict) -> float:
    """λ (mV per unit of H): the structured inhibition that cancels the Hebbian excitation of
    every E neuron at the balance rates, J_H ⟨s⟩(ν_E*) / (C_I ν_I* τ_E)."""
    _, c_i = indegrees(net)
    s_star, _ = lif.gating_moments(memory["balance_E_hz"], net["alpha_slow"], net["tau_slow_ms"])
    return memory["J_hebb_mv"] * s_star / (c_i * memory["balance_I_hz"] * net["tau_E_ms"] * lif.MS)


@dataclass
class Built:
    """A built network: the kernel's Network, the stored patterns, H_i = Σ_j count_ij per E
    neuron, λ, and the number of synapses that carry weight."""
    network: nmda.Network
    patterns: np.ndarray
    potentiated: np.ndarray
    lam: float
    n_synapses: int


def build(seed: int, settings: dict, x: np.ndarray | None, memory: dict | None) -> Built:
    """The network of `settings['network']` with patterns x stored by `memory` (J_hebb_mv, rule,
    balance rates); x = None or memory = None: no memories (J_H = 0, λ = 0)."""
    net, proto = settings["network"], settings["protocol"]
    n_e, n_i = net["N_E"], net["N_I"]
    n = n_e + n_i
    c_e, c_i = indegrees(net)
    rule = net["connectivity"]
    value_e, value_i = (c_e, c_i) if rule == "fixed_indegree" else (net["epsilon"],) * 2
    s_e, s_i = seeds.stream_seeds(seed, key("connectivity", n_e, n_i), 2)
    pre_e, post_e = connectivity.connect(int(s_e), n, 0, n_e, rule, value_e, True)
    pre_i, post_i = connectivity.connect(int(s_i), n, n_e, n_i, rule, value_i, True)
    ee = post_e < n_e
    potentiated = np.zeros(n_e)
    lam = 0.0
    if x is not None and memory is not None and memory["J_hebb_mv"] > 0:
        count = shared_patterns(pre_e[ee], post_e[ee], x)
        if memory.get("rule", "linear") == "clipped":
            count = np.minimum(count, 1)
        potentiated = np.bincount(post_e[ee], weights=count, minlength=n_e)
        lam = balance_lambda(net, memory)
        live = count > 0
        slow_pre, slow_post = pre_e[ee][live], post_e[ee][live]
        slow_w = memory["J_hebb_mv"] * count[live].astype(np.float64)
    else:
        slow_pre = slow_post = np.zeros(0, np.int32)
        slow_w = np.zeros(0)
    ei = ~ee
    if net["W_EI_mv"] > 0:
        slow_pre = np.concatenate([slow_pre, pre_e[ei]])
        slow_post = np.concatenate([slow_post, post_e[ei]])
        slow_w = np.concatenate([slow_w, np.full(int(ei.sum()), float(net["W_EI_mv"]))])
    slow = connectivity.CSR.from_pairs(n, slow_pre, slow_post, slow_w)
    # fast (delta) synapses: E→I and I→E, I→I; the structured part of I→E follows H of the target
    d_pre, d_post, d_w = [], [], []
    if net["J_EI_mv"] > 0:
        d_pre.append(pre_e[ei])
        d_post.append(post_e[ei])
        d_w.append(np.full(int(ei.sum()), float(net["J_EI_mv"])))
    onto_e = post_i < n_e
    w_i = np.full(post_i.size, -float(net["J_II_mv"]))
    w_i[onto_e] = -(net["J_IE_mv"] + lam * potentiated[post_i[onto_e]])
    d_pre.append(pre_i)
    d_post.append(post_i)
    d_w.append(w_i)
    delta = connectivity.CSR.from_pairs(n, np.concatenate(d_pre), np.concatenate(d_post),
                                        np.concatenate(d_w))
    p_step = 1e-3 * net["dt_ms"]
    c_ext = net["C_ext"]
    tables = [drive.binomial_table(c_ext, net["nu_ext_E_hz"] * p_step),
              drive.binomial_table(c_ext, net["nu_ext_I_hz"] * p_step),
              drive.binomial_table(c_ext, (net["nu_ext_E_hz"] + proto["cue_rate_hz"]) * p_step),
              drive.binomial_table(c_ext, (net["nu_ext_I_hz"] + proto["reset_rate_hz"]) * p_step),
              drive.binomial_table(c_ext, proto["warmup_fraction"] * net["nu_ext_E_hz"] * p_step)]
    cdf, guide = drive.stack_tables(tables)
    pops = [nmda.Population(net["tau_E_ms"], net["theta_mv"], net["reset_mv"], net["t_ref_E_ms"],
                            net["J_ext_E_mv"], net["alpha_slow"]),
            nmda.Population(net["tau_I_ms"], net["theta_mv"], net["reset_mv"], net["t_ref_I_ms"],
                            net["J_ext_I_mv"], 0.0)]
    pop = np.zeros(n, np.int32)
    pop[n_e:] = 1
    network = nmda.Network(dt=net["dt_ms"], delay_steps=int(round(net["delay_ms"] / net["dt_ms"])),
                           tau_s=net["tau_slow_ms"],
                           populations=pops, pop=pop, delta=delta, slow=slow,
                           drive_cdf=cdf, drive_guide=guide)
    return Built(network, x if x is not None else np.zeros((0, n_e), np.int8), potentiated, lam,
                 delta.n_synapses + slow.n_synapses)
