"""LIF networks with fast delta synapses and a slow, saturating (NMDA-like) excitatory current:
the kernel of the associative spiking memory (Wang 1999; Brunel & Wang 2001 for the saturating
slow synapse; Amit & Brunel 1997 for the network).

Neuron i (current-based; units mV, ms):
    τ_m dV/dt = −V + R I + u_i(t)          between fast inputs,
    a fast input of weight J (delta synapse: external, E→I, I→E, I→I, optionally E→E) makes V
    jump by J; V ≥ θ: spike, V ← V_r, held for t_ref, fast inputs arriving meanwhile are lost.
Slow excitation: every excitatory neuron j has a gating variable s_j ∈ [0, 1) that decays with
τ_s and jumps at each of its spikes by α (1 − s_j) (saturation: a neuron firing at ν holds
⟨s⟩ = α τ_s ν / (1 + α τ_s ν) under Poisson firing, half open at ν = 1/(α τ_s)). The slow current
of neuron i is u_i(t) = Σ_j W_ij s_j(t − D), W_ij in mV (the depolarisation a fully open synapse
sustains). Since every s_j decays with the same τ_s, u_i is event-driven: it decays with τ_s and
jumps by W_ij α (1 − s_j) D after a spike of j; no per-step sum over synapses is ever formed.
u_i keeps flowing during the refractory period (it is a current; V is clamped).

Step t of neuron i (dt):
    1. u_i += slow arrivals of slot t; input = delta arrivals of slot t + J_ext k,
       k ~ Binomial(C_ext, ν_ext dt) (drive class of the neuron, `drive`);
    2. refractory: count down, drop the delta input; otherwise
       V ← V e^{−dt/τ_m} + R I (1 − e^{−dt/τ_m}) + u_i κ + input,
       κ = τ_s / (τ_s − τ_m) (e^{−dt/τ_s} − e^{−dt/τ_m}) (exact for u decaying over the step);
    3. u_i ← u_i e^{−dt/τ_s}; s_i ← s_i e^{−dt/τ_s};
    4. V ≥ θ: spike; V ← V_r; f = α (1 − s_i), s_i += f; the neuron's row of the delta table adds J
       to slot t + D of the delta ring buffer, its row of the slow table W f to slot t + D of the
       slow one.
Neuron constants are per population (`pop[i]` indexes them). Every random number comes from one
splitmix64 stream; the kernel is serial and sums in a fixed order: identical seeds give identical
spikes on any machine and thread count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numba
import numpy as np

from ..binary import _uniform
from .connectivity import CSR
from .drive import _draw


@numba.njit(cache=True)
def _run(v, ref, u, s, delta_buf, slow_buf, rng, pop, decay_m, drive, couple, decay_s, theta,
         reset, ref_steps, alpha, ext_weight, d_indptr, d_post, d_weight, s_indptr, s_post,
         s_weight, delay, ext_class, cdf, guide, step0, n_steps, spike_step, spike_neuron, count):
    """Advance n_steps from absolute step step0. Returns (steps done, spikes recorded): stops
    early (at a step boundary, state consistent) when the spike buffers could overflow."""
    n = v.size
    slots = delta_buf.shape[0]
    cap = spike_step.size
    for st in range(n_steps):
        if count + n > cap:
            return st, count
        t = step0 + st
        now = t % slots
        later = (t + delay) % slots
        drow = delta_buf[now]
        srow = slow_buf[now]
        for i in range(n):
            p = pop[i]
            ui = u[i] + srow[i]
            srow[i] = 0.0
            inp = drow[i]
            drow[i] = 0.0
            u[i] = ui * decay_s
            si = s[i] * decay_s
            if ref[i] > 0:
                ref[i] -= 1
                s[i] = si
                continue
            c = ext_class[i]
            if c >= 0:
                inp += ext_weight[p] * _draw(cdf, guide, c, _uniform(rng))
            x = v[i] * decay_m[p] + drive[p] + ui * couple[p] + inp
            if x >= theta[p]:
                v[i] = reset[p]
                ref[i] = ref_steps[p]
                spike_step[count] = t
                spike_neuron[count] = i
                count += 1
                target = delta_buf[later]
                for k in range(d_indptr[i], d_indptr[i + 1]):
                    target[d_post[k]] += d_weight[k]
                f = alpha[p] * (1.0 - si)
                si += f
                if f > 0.0:
                    target = slow_buf[later]
                    for k in range(s_indptr[i], s_indptr[i + 1]):
                        target[s_post[k]] += s_weight[k] * f
            else:
                v[i] = x
            s[i] = si
    return n_steps, count


@dataclass
class Population:
    """Constants shared by the neurons of one population (units in the names)."""
    tau_ms: float
    theta_mv: float
    reset_mv: float
    t_ref_ms: float
    ext_weight_mv: float = 0.0     # jump per external spike
    alpha: float = 0.0             # gating jump per spike (0: no slow output, e.g. inhibitory)
    bias_mv: float = 0.0           # R I


def _exact_coupling(tau_syn: float, tau_m: np.ndarray, dt: float) -> np.ndarray:
    """V gained over one step from a unit current decaying with τ_syn from the step's start:
    τ_syn/(τ_syn − τ_m) (e^{−dt/τ_syn} − e^{−dt/τ_m}) (τ_m dV/dt = −V + I, I = e^{−t/τ_syn})."""
    if np.any(np.isclose(tau_m, tau_syn)):
        raise ValueError("the slow time constant must differ from every membrane time constant")
    return tau_syn / (tau_syn - tau_m) * (np.exp(-dt / tau_syn) - np.exp(-dt / tau_m))


@dataclass
class Network:
    """The LIF network: populations, population index per neuron, the CSR tables of delta
    synapses and of slow gated synapses, and the external drive tables."""
    dt: float                      # ms
    delay_steps: int               # synaptic delay D / dt (every synapse)
    tau_s: float                   # ms, decay of the slow gating and current
    populations: list              # [Population]
    pop: np.ndarray                # (N,) int: population of each neuron
    delta: CSR                     # jumps J (mV; negative: inhibitory)
    slow: CSR                      # slow synapses W_ij in mV, from neurons with alpha > 0
    drive_cdf: np.ndarray          # (classes, L)
    drive_guide: np.ndarray        # (classes, G)

    @property
    def n(self) -> int:
        return self.pop.size

    def constants(self):
        """Per-population arrays (decay_m, drive, couple, θ, V_r, ref_steps, α, J_ext) and the
        slow decay e^{−dt/τ_s}."""
        pops = self.populations
        tau = np.array([p.tau_ms for p in pops], float)
        dm = np.exp(-self.dt / tau)
        drive = np.array([p.bias_mv for p in pops]) * (1.0 - dm)
        ref_steps = np.rint(np.array([p.t_ref_ms for p in pops]) / self.dt).astype(np.int32)
        return (dm, drive, _exact_coupling(self.tau_s, tau, self.dt),
                float(np.exp(-self.dt / self.tau_s)), np.array([p.theta_mv for p in pops], float),
                np.array([p.reset_mv for p in pops], float), ref_steps,
                np.array([p.alpha for p in pops], float),
                np.array([p.ext_weight_mv for p in pops], float))


@dataclass
class State:
    """Membrane potentials, refractory counters, slow currents u and gatings s, the two delay
    ring buffers, the random stream and the clock, carried from one call of `simulate` to the
    next; spikes recorded so far."""
    v: np.ndarray
    ref: np.ndarray
    u: np.ndarray
    s: np.ndarray
    delta_buf: np.ndarray
    slow_buf: np.ndarray
    rng: np.ndarray
    step: int = 0
    spike_step: list = field(default_factory=list)
    spike_neuron: list = field(default_factory=list)

    @classmethod
    def start(cls, net: Network, v0: np.ndarray, seed: int) -> State:
        n = net.n
        slots = (net.delay_steps + 1, n)
        return cls(np.array(v0, dtype=np.float64), np.zeros(n, np.int32), np.zeros(n), np.zeros(n),
                   np.zeros(slots), np.zeros(slots), np.array([seed], dtype=np.uint64))

    def spikes(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, neurons) of every spike so far, in time order (neurons ascending per step)."""
        if not self.spike_step:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return (np.concatenate(self.spike_step).astype(np.int64),
                np.concatenate(self.spike_neuron))


def simulate(net: Network, state: State, n_steps: int, ext_class: np.ndarray,
             expected_rate_hz: float = 20.0) -> State:
    """Run n_steps with drive class ext_class[i] (row of the drive tables, −1: no external input)
    for every neuron, appending the spikes to `state` (buffers grown as in the delta kernel)."""
    if net.delay_steps < 1:
        raise ValueError("the synaptic delay must be at least one time step")
    ext_class = np.ascontiguousarray(ext_class, dtype=np.int32)
    if ext_class.shape != (net.n,) or ext_class.max(initial=-1) >= net.drive_cdf.shape[0]:
        raise ValueError("ext_class needs one drive class (a table row, or −1) per neuron")
    dm, drive, couple, ds, theta, reset, ref_steps, alpha, ext_w = net.constants()
    pop = np.ascontiguousarray(net.pop, dtype=np.int32)
    d, sl = net.delta, net.slow
    done = 0
    while done < n_steps:
        left = n_steps - done
        cap = int(net.n * (1 + expected_rate_hz * left * net.dt / 1000.0)) + net.n
        steps = np.empty(cap, dtype=np.int32)
        neurons = np.empty(cap, dtype=np.int32)
        k, count = _run(state.v, state.ref, state.u, state.s, state.delta_buf, state.slow_buf,
                        state.rng, pop, dm, drive, couple, ds, theta, reset, ref_steps, alpha,
                        ext_w, d.indptr, d.post, d.weight, sl.indptr, sl.post, sl.weight,
                        net.delay_steps, ext_class, net.drive_cdf, net.drive_guide, state.step,
                        left, steps, neurons, 0)
        state.spike_step.append(steps[:count].copy())
        state.spike_neuron.append(neurons[:count].copy())
        state.step += k
        done += k
        expected_rate_hz *= 2
    return state
