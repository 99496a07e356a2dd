"""Low-activity Hopfield model: 0/1 units, covariance weights, a threshold (Gerstner week 6, §6.4–6.5).

Units σ_i ∈ {0, 1}; patterns ξ^μ ∈ {0, 1}^N with mean activity a; weights
    w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a),  c = 1 / (N a (1 − a)),  w_ii = 0,
with b = a (symmetric: the covariance rule) or b = 0; overlaps m^μ = c Σ_j (ξ_j^μ − a) σ_j
(1 at the pattern itself, on average); threshold units σ_i ← Θ(h_i − θ), h_i = Σ_j w_ij σ_j,
a field exactly at θ keeping the state (as sgn(0) does in `binary`).

Excitation and inhibition (exercise 3): with b = 0,
    w_ij = c Σ_μ ξ_i^μ ξ_j^μ − c a n_i,   n_i = Σ_μ ξ_i^μ,
an excitatory Hebbian matrix (every entry ≥ 0) and an inhibition c a n_i Σ_{j≠i} σ_j proportional to
the total activity of the other units: one pooled inhibitory signal, each unit's gain the number of
patterns it belongs to. `excitation_inhibition` builds that pair; the kernel takes a dense matrix
plus a pooled-inhibition gain vector (zero for the covariance matrix), so the split runs as its
own network and a test shows it follows the b = 0 covariance matrix's trajectory exactly.

Async dynamics: units one at a time in a fresh random order each sweep, the order stream of
`binary` (same seeds, same orders); fields kept and updated on a flip (O(N) per flip, O(1) per
visit). With symmetric weights (b = a) the energy E = −½ Σ_{i≠j} w_ij σ_i σ_j + θ Σ_i σ_i never
rises (a flip changes it by −Δσ_k (h_k − θ) ≤ 0), so runs end at fixed points; with b = 0 the
weights are asymmetric and a run may hit the sweep cap.

Parallel stochastic dynamics (`parallel_glauber`): every unit at once, σ_i = 1 with probability
g(h_i − θ) = ½(1 + tanh((h_i − θ)/T)); with one condensed pattern at low load the overlap follows
m(t+1) = F̂(m(t)) = g((1 − b) m − θ) − g(−b m − θ) (`overlap_map`).
"""

from __future__ import annotations

import numba
import numpy as np

from .. import numerics

from .binary import CAPPED, FIXED_POINT, _order_stream, _shuffle


def coupling_scale(n: int, activity: float) -> float:
    """c = 1 / (N a (1 − a)): the normalisation that makes a stored pattern's overlap 1."""
    if not 0 < activity < 1:
        raise ValueError(f"activity must lie in (0, 1), got {activity}")
    return 1.0 / (n * activity * (1.0 - activity))


def pattern_counts(patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(E, n): E_ij = Σ_μ ξ_i^μ ξ_j^μ with zero diagonal (float64, exact integers) and the
    number of patterns n_i each unit belongs to, from 0/1 patterns (P, N)."""
    x = np.asarray(patterns, dtype=np.float32)
    e = (x.T @ x).astype(np.float64)  # float32 products of 0/1: exact below 2^24 patterns
    n = np.diag(e).copy()
    np.fill_diagonal(e, 0.0)
    return e, n


def covariance_from_counts(counts: np.ndarray, usage: np.ndarray, n_patterns: int,
                           activity: float, b: float) -> np.ndarray:
    """w_ij = c [E_ij − a n_i − b n_j + P a b], zero diagonal: Σ_μ (ξ_i − b)(ξ_j − a) expanded."""
    a = activity
    c = coupling_scale(counts.shape[0], a)
    w = counts - a * usage[:, None] - b * usage[None, :] + n_patterns * a * b
    np.fill_diagonal(w, 0.0)
    return c * w


def covariance_weights(patterns: np.ndarray, activity: float, b: float) -> np.ndarray:
    """w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a), w_ii = 0, as float64 (N, N), row i post, column j pre."""
    counts, usage = pattern_counts(patterns)
    return covariance_from_counts(counts, usage, len(patterns), activity, b)


def excitation_inhibition(patterns: np.ndarray, activity: float) -> tuple[np.ndarray, np.ndarray]:
    """The b = 0 weights as (excitatory matrix c Σ_μ ξ_i^μ ξ_j^μ ≥ 0 with zero diagonal,
    inhibitory gains c a n_i of the pooled activity Σ_{j≠i} σ_j)."""
    counts, usage = pattern_counts(patterns)
    c = coupling_scale(counts.shape[0], activity)
    return c * counts, c * activity * usage


def overlaps(patterns: np.ndarray, states: np.ndarray, activity: float) -> np.ndarray:
    """m^μ = c Σ_j (ξ_j^μ − a) σ_j for every state (M, N) and pattern (P, N): (M, P)."""
    x = np.asarray(patterns, dtype=np.float64)
    s = np.asarray(states, dtype=np.float64)
    n = x.shape[1]
    common = numerics.matmul(s, x.T)  # Σ_j ξ_j σ_j: integers, exact in any order
    active = s.sum(axis=1)[:, None]
    k = round(activity * n)
    if abs(activity * n - k) < 1e-9 and 0 < k < n:
        # a = K/N: m = (N Σ ξσ − K Σ σ) / (K (N − K)), integers over integers, one rounding, so an
        # overlap exactly at a criterion (e.g. 0.95) compares as the exact value does.
        return (n * common - k * active) / (k * (n - k))
    return coupling_scale(n, activity) * (common - activity * active)


def energy(weights: np.ndarray, states: np.ndarray, threshold: float) -> np.ndarray:
    """E = −½ σᵀ W σ + θ Σ σ per state (W symmetric with zero diagonal)."""
    s = np.asarray(states, dtype=np.float64)
    return -0.5 * numerics.dot(s, numerics.matmul(s, np.asarray(weights).T)) + threshold * s.sum(axis=1)


@numba.njit(cache=True)
def _relax_one(w_pre, gain, theta, s, h, seed, max_sweeps, energy):
    """Async sweeps of one 0/1 state. w_pre is Wᵀ (row k: the weights out of unit k), so a flip
    of unit k adds a contiguous row to the fields; gain_i weighs the pooled activity Σ_{j≠i} σ_j.
    energy[t]: E after sweep t relative to the start (meaningful for symmetric W, gain 0)."""
    n = s.size
    order, rng = _order_stream(n, seed)
    total = 0
    for j in range(n):
        total += s[j]
    # Fields from the active units' rows only (O(N·active), contiguous rows), summed in the
    # same order as a column-wise sum would.
    h[:] = 0.0
    for j in range(n):
        if s[j]:
            row = w_pre[j]
            for i in range(n):
                h[i] += row[i]
    for i in range(n):
        h[i] -= gain[i] * (total - s[i])
    e = 0.0
    energy[0] = 0.0
    for sweep in range(max_sweeps):
        _shuffle(order, rng)
        changed = False
        for idx in range(n):
            k = order[idx]
            new = 1 if h[k] > theta else (0 if h[k] < theta else s[k])
            if new != s[k]:
                d = new - s[k]
                e -= d * (h[k] - theta)
                s[k] = new
                total += d
                row = w_pre[k]
                for i in range(n):
                    h[i] += d * (row[i] - gain[i])
                h[k] += d * gain[k]  # the pool of unit k excludes unit k itself
                changed = True
        energy[sweep + 1] = e
        if not changed:
            return sweep + 1, FIXED_POINT
    return max_sweeps, CAPPED


@numba.njit(cache=True, parallel=True)
def _relax_all(w_pre, gain, theta, states, h, seeds, max_sweeps, energy, sweeps, status):
    for m in numba.prange(states.shape[0]):
        sweeps[m], status[m] = _relax_one(w_pre, gain, theta, states[m], h[m], seeds[m],
                                          max_sweeps, energy[m])


def relax_async(weights: np.ndarray, states: np.ndarray, seeds: np.ndarray, threshold: float,
                max_sweeps: int, inhibition_gain: np.ndarray | None = None):
    """Relax every 0/1 row of `states` (M, N) under async threshold dynamics with
    h_i = Σ_j w_ij σ_j − g_i Σ_{j≠i} σ_j (g = inhibition_gain, default 0).

    weights: (N, N) float64, row i post, column j pre, zero diagonal. seeds: (M,) uint64, one
    unit-order stream per state (the stream of `binary`). Returns (final states (M, N) int8,
    sweeps (M,), status (M,) FIXED_POINT or CAPPED, energy (M, max_sweeps + 1) after each sweep
    relative to the start, NaN after the end)."""
    w = np.asarray(weights, dtype=np.float64)
    n = w.shape[0]
    if w.shape != (n, n):
        raise ValueError(f"weights must be square, got shape {w.shape}")
    s = np.array(states, dtype=np.int8, copy=True, order="C").reshape(-1, n)
    if np.any((s != 0) & (s != 1)):
        raise ValueError("states must hold 0/1 values")
    m = s.shape[0]
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    if seeds.size != m:
        raise ValueError("one seed per state is required")
    gain = np.zeros(n) if inhibition_gain is None else np.asarray(inhibition_gain, np.float64)
    w_pre = np.ascontiguousarray(w.T)
    h = np.empty((m, n))
    energy_out = np.full((m, max_sweeps + 1), np.nan)
    sweeps = np.zeros(m, dtype=np.int32)
    status = np.zeros(m, dtype=np.int8)
    _relax_all(w_pre, gain, float(threshold), s, h, seeds, int(max_sweeps), energy_out, sweeps,
               status)
    return s, sweeps, status, energy_out


def glauber_probability(x: np.ndarray, temperature: float) -> np.ndarray:
    """g(x) = ½(1 + tanh(x/T)); at T = 0 the step Θ(x) with g(0) = ½."""
    if temperature == 0:
        return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))
    return 0.5 * (1.0 + np.tanh(np.asarray(x) / temperature))


def overlap_map(m: np.ndarray, b: float, threshold: float, temperature: float) -> np.ndarray:
    """F̂(m) = g((1 − b) m − θ) − g(−b m − θ): the next overlap under parallel updates at low load."""
    m = np.asarray(m, dtype=float)
    return (glauber_probability((1 - b) * m - threshold, temperature)
            - glauber_probability(-b * m - threshold, temperature))


def parallel_glauber(patterns: np.ndarray, states: np.ndarray, activity: float, b: float,
                     threshold: float, temperature: float, steps: int, rng: np.random.Generator,
                     record=(0,)) -> tuple[np.ndarray, np.ndarray]:
    """Parallel stochastic updates σ_i = 1 with probability g(h_i − θ), all rows of `states`
    (M, N) at once; fields from the patterns (P, N) without forming W (low load).
    Returns (final states, overlaps (M, steps + 1, len(record)))."""
    x = np.asarray(patterns, dtype=np.float64)
    c = coupling_scale(x.shape[1], activity)
    pre, post = x - activity, x - b
    self_coupling = c * (post * pre).sum(axis=0)  # the w_ii left out
    s = np.asarray(states, dtype=np.float64).copy()
    rec = list(record)
    out = np.empty((s.shape[0], steps + 1, len(rec)))
    out[:, 0] = c * numerics.matmul(s, pre[rec].T)
    for t in range(steps):
        h = c * numerics.matmul(numerics.matmul(s, pre.T), post) - self_coupling * s
        p = glauber_probability(h - threshold, temperature)
        s = (rng.random(s.shape) < p).astype(np.float64)
        out[:, t + 1] = c * numerics.matmul(s, pre[rec].T)
    return s.astype(np.int8), out
