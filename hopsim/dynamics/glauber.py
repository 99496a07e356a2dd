"""Stochastic (Glauber) dynamics of the Hopfield model at temperature T = 1/β.

W. Gerstner's EPFL course Biological Modeling of Neural Networks, week 6, section 6.2: a unit
with local field h_i takes the state +1 with probability g(h_i) = ½(1 + tanh(β h_i)), else −1
(heat bath: the stationary distribution of async updates with symmetric weights is the Boltzmann
distribution exp(−βE)/Z, E = −½ Σ_{i≠j} w_ij S_i S_j; tested).

* asynchronous: units one at a time in a fresh random order each sweep — the order stream of
  `binary` (same seeds, same orders), so T = 0 is exactly the deterministic async model,
  sgn(0) := S_i included; the random numbers of the updates come from a second stream.
* parallel: all units at once from the fields of the previous step (Little); with one condensed
  pattern at low load the overlap follows the map m(t+1) = tanh(β m(t)).
* graded response: the deterministic S_i ← tanh(β h_i) in parallel (the sigmoid units of the
  lecture notes "From neurons to networks"), whose fixed points obey the same mean-field
  equation m = tanh(βm) at low load.

Weights are Hebbian, given by their patterns (w = (1/N) Σ_μ ξ^μ ξ^μᵀ, w_ii = 0; W never formed).
Overlaps m_μ = (1/N) ξ^μ·S of the patterns in `record` are returned after every sweep or step.
"""

from __future__ import annotations

import numba
import numpy as np

from .. import numerics
from .binary import (
    _add_pattern_bits,
    _hebbian_field,
    _order_stream,
    _pattern_overlaps,
    _shuffle,
    _uniform,
    overlap_dtype,
)


@numba.njit(cache=True)
def _glauber_one(xt, s, q, order_seed, noise_seed, beta, sweeps, record, out):
    """Async Glauber sweeps of one state, overlaps q_μ = ξ^μ·S kept (O(P) per visit and flip).
    beta = inf is T = 0: S_k ← sgn(h_k), a zero field keeping the state, no random number drawn."""
    n = xt.shape[0]
    order, rng = _order_stream(n, order_seed)
    noise = np.empty(1, dtype=np.uint64)
    noise[0] = noise_seed
    _pattern_overlaps(xt, s, q)
    for j in range(record.size):
        out[0, j] = q[record[j]] / n
    for sweep in range(sweeps):
        _shuffle(order, rng)
        for idx in range(n):
            k = order[idx]
            h = _hebbian_field(xt[k], q, s[k])  # N·h_k, an integer
            if np.isinf(beta):
                new = 1 if h > 0 else (-1 if h < 0 else s[k])
            else:
                new = 1 if _uniform(noise) < 0.5 * (1.0 + np.tanh(beta * h / n)) else -1
            if new != s[k]:
                s[k] = new
                _add_pattern_bits(q, xt[k], 2 * new)
        for j in range(record.size):
            out[sweep + 1, j] = q[record[j]] / n


@numba.njit(cache=True, parallel=True)
def _glauber_all(xt, states, q, order_seeds, noise_seeds, beta, sweeps, record, out):
    for m in numba.prange(states.shape[0]):
        _glauber_one(xt, states[m], q[m], order_seeds[m], noise_seeds[m], beta, sweeps, record,
                     out[m])


def glauber_async(columns: np.ndarray, states: np.ndarray, order_seeds: np.ndarray,
                  noise_seeds: np.ndarray, temperature: float, sweeps: int,
                  record=(0,)) -> tuple[np.ndarray, np.ndarray]:
    """Async Glauber dynamics for `sweeps` sweeps from each row of `states` (M, N).

    columns: patterns neuron-major (N, P) int8, as `binary.relax_async_hebbian` takes them.
    order_seeds, noise_seeds: (M,) uint64, one unit-order stream and one update-noise stream per
    state (so a state's run does not depend on its batch or the thread count).
    Returns (final states (M, N) int8, overlaps (M, sweeps + 1, len(record)) with the patterns in
    `record`, after each sweep; entry 0 is the start)."""
    if temperature < 0:
        raise ValueError(f"temperature must be ≥ 0, got {temperature}")
    xt = np.ascontiguousarray(columns, dtype=np.int8)
    n, p = xt.shape
    s = np.array(states, dtype=np.int8, copy=True, order="C").reshape(-1, n)
    m = s.shape[0]
    order_seeds = np.asarray(order_seeds, dtype=np.uint64).reshape(-1)
    noise_seeds = np.asarray(noise_seeds, dtype=np.uint64).reshape(-1)
    if order_seeds.size != m or noise_seeds.size != m:
        raise ValueError("one order seed and one noise seed per state are required")
    record = np.asarray(record, dtype=np.int64)
    if np.any((record < 0) | (record >= p)):
        raise ValueError(f"record must name patterns 0..{p - 1}, got {record.tolist()}")
    q = np.empty((m, p), dtype=overlap_dtype(n))
    out = np.empty((m, sweeps + 1, record.size))
    beta = np.inf if temperature == 0 else 1.0 / temperature
    _glauber_all(xt, s, q, order_seeds, noise_seeds, beta, int(sweeps), record, out)
    return s, out


def _hebbian_fields(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """h = W S for w = (1/N) Σ_μ ξ^μ ξ^μᵀ, w_ii = 0, from the patterns (P, N); float64 (M, N)."""
    x = np.asarray(patterns, dtype=np.float64)
    s = np.asarray(states, dtype=np.float64)
    return (numerics.matmul(numerics.matmul(s, x.T), x) - x.shape[0] * s) / x.shape[1]


def _parallel(patterns, states, dtype, steps, record, update):
    """Run S ← update(h, S) with h = W S for all rows at once; overlaps after every step."""
    x = np.asarray(patterns, dtype=np.int8)
    s = np.array(states, dtype=dtype, copy=True)
    rec = x[list(record)].astype(np.float64)
    out = np.empty((s.shape[0], steps + 1, len(record)))
    out[:, 0] = numerics.matmul(s, rec.T) / x.shape[1]
    for t in range(steps):
        s = update(_hebbian_fields(x, s), s)
        out[:, t + 1] = numerics.matmul(s, rec.T) / x.shape[1]
    return s, out


def glauber_parallel(patterns: np.ndarray, states: np.ndarray, rng: np.random.Generator,
                     temperature: float, steps: int, record=(0,)) -> tuple[np.ndarray, np.ndarray]:
    """Parallel Glauber updates S_i(t+1) = +1 with probability g(h_i(t)), for every row of
    `states` (M, N) at once, patterns (P, N). Returns (final states, overlaps (M, steps + 1,
    len(record)))."""
    if temperature < 0:
        raise ValueError(f"temperature must be ≥ 0, got {temperature}")

    def update(h, s):
        if temperature == 0:  # sgn(h), a zero field keeping the state
            return np.where(h > 0, 1, np.where(h < 0, -1, s)).astype(np.int8)
        up = rng.random(h.shape) < 0.5 * (1.0 + np.tanh(h / temperature))
        return np.where(up, 1, -1).astype(np.int8)

    return _parallel(patterns, states, np.int8, steps, record, update)


def graded_response(patterns: np.ndarray, states: np.ndarray, temperature: float, steps: int,
                    record=(0,)) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic graded-response units S_i ← tanh(β h_i), all at once, from real states
    (M, N), patterns (P, N). Returns (final states (M, N) float64, overlaps (M, steps + 1,
    len(record)))."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    return _parallel(patterns, states, np.float64, steps, record,
                     lambda h, s: np.tanh(h / temperature))
