"""Leaky integrate-and-fire networks: an event-driven numba kernel (Gerstner week 6, §6.5;
Brunel 2000; Amit & Brunel 1997).

Neuron (current-based, delta synapses): between inputs τ dV/dt = −V + R I (R I a constant bias,
0 in networks); a spike arriving through a synapse of weight J makes V jump by J; when V ≥ θ the
neuron spikes, V is reset to V_r and held there for the refractory period t_ref, during which
arriving inputs are lost (Brunel 2000: "insensitive to stimulation"). Units: mV, ms.

Time steps dt. Step t of neuron i:
    1. input = (synaptic input delivered to slot t of the ring buffer) + J_ext · k,
       k ~ Binomial(C_ext, ν_ext dt) external Poisson spikes;
    2. refractory: count down, drop the input; otherwise V ← V e^{−dt/τ} + R I (1 − e^{−dt/τ}) + input
       (exact for constant R I between inputs);
    3. V ≥ θ: spike at t; V ← V_r; the spike is propagated at once through the neuron's row of the
       CSR table (targets, weights) into slot t + D of the delay ring buffer (D = delay/dt steps),
       so it arrives D steps later. Nothing is ever a dense N × N product: the work per step is
       O(N) plus O(out-degree) per spike.

External drive: counts drawn by inversion of the binomial CDF with a guide table (exact up to
double rounding, one uniform per non-refractory neuron per step); each neuron has a drive class
(a row of the tables), so a cue is a change of class for the cued neurons. Every random number of
a run comes from one splitmix64 stream seeded from the config seed: identical seeds give identical
spikes, independent of threads (the kernel is serial).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numba
import numpy as np

from ..binary import _uniform
from .connectivity import CSR
from .drive import _draw

# ----------------------------------------------------------------------------- the kernel

@numba.njit(cache=True)
def _run(v, ref, buf, rng, decay, drive, theta, reset, ref_steps, indptr, post, weight,
         delay, ext_class, ext_weight, cdf, guide, step0, n_steps, spike_step, spike_neuron,
         count):
    """Advance n_steps from absolute step step0. Returns (steps done, spikes recorded): stops
    early (at a step boundary, state consistent) when the spike buffers could overflow."""
    n = v.size
    slots = buf.shape[0]
    cap = spike_step.size
    for s in range(n_steps):
        if count + n > cap:
            return s, count
        t = step0 + s
        now = t % slots
        later = (t + delay) % slots
        row = buf[now]
        for i in range(n):
            inp = row[i]
            row[i] = 0.0
            if ref[i] > 0:
                ref[i] -= 1
                continue
            c = ext_class[i]
            if c >= 0:
                inp += ext_weight[i] * _draw(cdf, guide, c, _uniform(rng))
            x = v[i] * decay[i] + drive[i] + inp
            if x >= theta[i]:
                v[i] = reset[i]
                ref[i] = ref_steps[i]
                spike_step[count] = t
                spike_neuron[count] = i
                count += 1
                target = buf[later]
                for k in range(indptr[i], indptr[i + 1]):
                    target[post[k]] += weight[k]
            else:
                v[i] = x
    return n_steps, count


@dataclass
class Network:
    """An LIF network: per-neuron constants, the CSR synapse table, external drive tables."""
    dt: float                      # ms
    delay_steps: int               # synaptic delay D / dt
    tau: np.ndarray                # (N,) ms
    theta: np.ndarray              # (N,) mV
    reset: np.ndarray              # (N,) mV
    t_ref: np.ndarray              # (N,) ms
    bias: np.ndarray               # (N,) mV: R I, constant input
    synapses: CSR
    ext_weight: np.ndarray         # (N,) mV per external spike
    drive_cdf: np.ndarray          # (classes, L)
    drive_guide: np.ndarray        # (classes, G)

    @property
    def n(self) -> int:
        return self.tau.size

    def constants(self):
        decay = np.exp(-self.dt / self.tau)
        ref_steps = np.rint(self.t_ref / self.dt).astype(np.int32)
        return decay, self.bias * (1.0 - decay), self.theta.astype(np.float64), \
            self.reset.astype(np.float64), ref_steps


@dataclass
class State:
    """Membrane potentials, refractory counters, the delay ring buffer, the random stream and the
    clock, carried from one call of `simulate` to the next; spikes recorded so far."""
    v: np.ndarray
    ref: np.ndarray
    buf: np.ndarray
    rng: np.ndarray
    step: int = 0
    spike_step: list = field(default_factory=list)
    spike_neuron: list = field(default_factory=list)

    @classmethod
    def start(cls, net: Network, v0: np.ndarray, seed: int) -> State:
        return cls(np.array(v0, dtype=np.float64), np.zeros(net.n, dtype=np.int32),
                   np.zeros((net.delay_steps + 1, net.n)), np.array([seed], dtype=np.uint64))

    def spikes(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, neurons) of every spike so far, in time order (neurons ascending per step)."""
        if not self.spike_step:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return (np.concatenate(self.spike_step).astype(np.int64),
                np.concatenate(self.spike_neuron))


def simulate(net: Network, state: State, n_steps: int, ext_class: np.ndarray,
             expected_rate_hz: float = 50.0) -> State:
    """Run n_steps with drive class ext_class[i] (row of the drive tables, −1: no external input)
    for every neuron, appending the spikes to `state`. The spike buffer is sized for
    `expected_rate_hz` and grown (by continuing from the step reached) when a run exceeds it."""
    if net.delay_steps < 1:
        raise ValueError("the synaptic delay must be at least one time step")
    ext_class = np.ascontiguousarray(ext_class, dtype=np.int32)
    if ext_class.shape != (net.n,) or ext_class.max(initial=-1) >= net.drive_cdf.shape[0]:
        raise ValueError("ext_class needs one drive class (a table row, or −1) per neuron")
    decay, drive, theta, reset, ref_steps = net.constants()
    syn = net.synapses
    done = 0
    while done < n_steps:
        left = n_steps - done
        cap = int(net.n * (1 + expected_rate_hz * left * net.dt / 1000.0)) + net.n
        steps = np.empty(cap, dtype=np.int32)
        neurons = np.empty(cap, dtype=np.int32)
        k, count = _run(state.v, state.ref, state.buf, state.rng, decay, drive, theta, reset,
                        ref_steps, syn.indptr, syn.post, syn.weight, net.delay_steps, ext_class,
                        net.ext_weight, net.drive_cdf, net.drive_guide, state.step, left, steps,
                        neurons, 0)
        state.spike_step.append(steps[:count].copy())
        state.spike_neuron.append(neurons[:count].copy())
        state.step += k
        done += k
        expected_rate_hz *= 2
    return state
