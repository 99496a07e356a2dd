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

import math
from dataclasses import dataclass, field

import numba
import numpy as np
from scipy import stats

from .binary import _splitmix64, _uniform

GUIDE_SIZE = 256


# ----------------------------------------------------------------------------- connectivity

@numba.njit(cache=True)
def _fixed_indegree(rng, n_post, pre_start, n_pre, k, exclude_self):
    """For every post neuron k distinct presynaptic neurons from pre_start … pre_start + n_pre − 1
    (partial Fisher–Yates on a persistent permutation; no autapse when exclude_self)."""
    perm = np.arange(n_pre)
    pre = np.empty(n_post * k, dtype=np.int32)
    post = np.empty(n_post * k, dtype=np.int32)
    m = 0
    for i in range(n_post):
        got = 0
        j = 0
        while got < k:
            r = j + np.int64((_splitmix64(rng) >> np.uint64(32)) * np.uint64(n_pre - j)
                             >> np.uint64(32))
            perm[j], perm[r] = perm[r], perm[j]
            cand = pre_start + perm[j]
            j += 1
            if exclude_self and cand == i:
                continue
            pre[m] = cand
            post[m] = i
            m += 1
            got += 1
    return pre, post


@numba.njit(cache=True)
def _bernoulli(rng, n_post, pre_start, n_pre, p, exclude_self):
    """Every (pre, post) pair independently with probability p (geometric skips: O(synapses))."""
    cap = int(n_post * n_pre * p + 10 * math.sqrt(n_post * n_pre * p + 1) + 16)
    pre = np.empty(cap, dtype=np.int32)
    post = np.empty(cap, dtype=np.int32)
    total = n_post * n_pre
    log_q = math.log(1.0 - p)
    idx = -1
    m = 0
    while True:
        u = _uniform(rng)
        idx += 1 + int(math.floor(math.log(1.0 - u) / log_q))
        if idx >= total:
            break
        i = idx // n_pre
        cand = pre_start + idx % n_pre
        if exclude_self and cand == i:
            continue
        if m == cap:  # vanishingly rare: grow
            pre = np.concatenate((pre, np.empty(cap, dtype=np.int32)))
            post = np.concatenate((post, np.empty(cap, dtype=np.int32)))
            cap *= 2
        pre[m] = cand
        post[m] = i
        m += 1
    return pre[:m], post[:m]


def connect(rng_seed: int, n_post: int, pre_start: int, n_pre: int, rule: str, value: float,
            exclude_self: bool) -> tuple[np.ndarray, np.ndarray]:
    """(pre, post) int32 pairs from pre_start … pre_start + n_pre − 1 onto 0 … n_post − 1:
    rule 'fixed_indegree' (exactly `value` inputs each, distinct) or 'bernoulli' (probability
    `value`). exclude_self drops autapses when the two ranges are the same neurons."""
    rng = np.array([rng_seed], dtype=np.uint64)
    if rule == "fixed_indegree":
        k = int(value)
        if not 0 <= k <= n_pre - (1 if exclude_self else 0):
            raise ValueError(f"in-degree {k} impossible from {n_pre} neurons")
        return _fixed_indegree(rng, n_post, pre_start, n_pre, k, exclude_self)
    if rule == "bernoulli":
        if not 0 < value < 1:
            raise ValueError(f"connection probability must lie in (0, 1), got {value}")
        return _bernoulli(rng, n_post, pre_start, n_pre, float(value), exclude_self)
    raise ValueError(f"unknown connectivity rule {rule!r}: 'fixed_indegree' or 'bernoulli'")


@dataclass
class CSR:
    """Outgoing synapses by presynaptic neuron: targets post[indptr[j]:indptr[j+1]] with weights."""
    indptr: np.ndarray   # (N + 1,) int64
    post: np.ndarray     # (S,) int32
    weight: np.ndarray   # (S,) float64, mV

    @classmethod
    def from_pairs(cls, n: int, pre: np.ndarray, post: np.ndarray, weight: np.ndarray) -> CSR:
        pre = np.asarray(pre, np.int64)
        order = np.argsort(pre, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(pre, minlength=n), out=indptr[1:])
        return cls(indptr, np.ascontiguousarray(np.asarray(post, np.int32)[order]),
                   np.ascontiguousarray(np.asarray(weight, np.float64)[order]))

    @property
    def n_synapses(self) -> int:
        return int(self.post.size)


# ----------------------------------------------------------------------------- external drive

def binomial_table(n: int, p: float, guide_size: int = GUIDE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, guide) of Binomial(n, p): cdf[k] = Pr{X ≤ k} up to where it is 1 in double precision
    (the last entry forced to 1), guide[g] = smallest k with cdf[k] > g / G. A uniform u maps to the
    smallest k with cdf[k] > u, starting the search at guide[⌊u G⌋]: exact inversion, ~1 comparison."""
    if n == 0 or p == 0:
        return np.ones(1), np.zeros(guide_size, dtype=np.int32)
    if not 0 < p < 1:
        raise ValueError(f"probability per step must lie in [0, 1), got {p}")
    k = np.arange(n + 1)
    cdf = stats.binom.cdf(k, n, p)
    last = int(np.searchsorted(cdf, 1.0 - 1e-17))
    cdf = cdf[: min(last + 1, n + 1)].copy()
    cdf[-1] = 1.0
    guide = np.searchsorted(cdf, np.arange(guide_size) / guide_size, side="right").astype(np.int32)
    return cdf, guide


def stack_tables(tables: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Tables of several drive classes as (cdf (K, L) padded with 1, guide (K, G))."""
    width = max(t[0].size for t in tables)
    cdf = np.ones((len(tables), width))
    for r, (c, _) in enumerate(tables):
        cdf[r, : c.size] = c
    return cdf, np.stack([g for _, g in tables]).astype(np.int32)


@numba.njit(cache=True, inline="always")
def _draw(cdf, guide, row, u):
    k = guide[row, int(u * guide.shape[1])]
    while cdf[row, k] <= u:
        k += 1
    return k


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


# ----------------------------------------------------------------------------- measures

def spike_counts(steps: np.ndarray, neurons: np.ndarray, n: int, bin_steps: int,
                 n_bins: int, step0: int = 0) -> np.ndarray:
    """Spike counts (n, n_bins) in bins of bin_steps steps from step0 (spikes outside dropped)."""
    b = (np.asarray(steps, np.int64) - step0) // bin_steps
    ok = (b >= 0) & (b < n_bins)
    flat = np.asarray(neurons, np.int64)[ok] * n_bins + b[ok]
    return np.bincount(flat, minlength=n * n_bins).reshape(n, n_bins)


def isi_cv(steps: np.ndarray, neurons: np.ndarray, n: int, min_spikes: int = 3) -> np.ndarray:
    """Coefficient of variation of the inter-spike intervals of each neuron (NaN with fewer than
    min_spikes spikes). Spikes must be in time order (as recorded)."""
    neurons = np.asarray(neurons, np.int64)
    order = np.argsort(neurons, kind="stable")
    t = np.asarray(steps, np.float64)[order]
    nrn = neurons[order]
    isi = np.diff(t)
    same = nrn[1:] == nrn[:-1]
    isi, who = isi[same], nrn[1:][same]
    cnt = np.bincount(who, minlength=n)
    s1 = np.bincount(who, isi, minlength=n)
    s2 = np.bincount(who, isi * isi, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / cnt
        var = s2 / cnt - mean**2
        cv = np.sqrt(np.maximum(var, 0.0)) / mean
    cv[cnt < max(min_spikes - 1, 2)] = np.nan
    return cv
