"""Deterministic binary Hopfield dynamics, batched over many states.

Update rule S_i ← sgn(h_i), h = W S, with sgn(0) := S_i (a unit with zero field keeps its state;
this keeps every async flip strictly energy-lowering, so async runs always reach a fixed point).

* asynchronous (Hopfield): units updated one at a time in a fresh random order each sweep; local
  fields are kept and updated on a flip only (O(N) per flip, O(1) per non-flip).
* synchronous (Little): all units at once; batched matrix products over the states; a state can
  end in a fixed point or a 2-cycle (Goles' theorem for symmetric W).

Fields are exact when W holds integers (Hebbian sums): see `learning`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

FLOAT32_EXACT = 2**24  # every integer of smaller magnitude is exact in float32


def _field_dtype(weights: np.ndarray) -> type:
    """float32 when every partial sum of an integer field is below 2^24, else float64."""
    if np.issubdtype(weights.dtype, np.integer):
        bound = int(np.abs(weights).max(initial=0)) * weights.shape[1]
        if bound < FLOAT32_EXACT:
            return np.float32
    return np.float64


def fields(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Local fields h = W S for each row of `states` (M, N), as (M, N)."""
    dt = _field_dtype(weights)
    return np.asarray(states, dtype=dt) @ np.asarray(weights, dtype=dt).T


def fields_from_patterns(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Hebbian fields N·h = Σ_μ ξ^μ (ξ^μ · S) − P S (zero diagonal) without forming W: O(NP)."""
    p, n = patterns.shape
    dt = np.float32 if p * n < FLOAT32_EXACT else np.float64
    x = np.asarray(patterns, dtype=dt)
    s = np.asarray(states, dtype=dt)
    return (s @ x.T) @ x - p * s


def energy(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """E = −½ Σ_ij w_ij S_i S_j for each row of `states`, in the units of `weights` (float64)."""
    s = np.asarray(states, dtype=np.float64)
    return -0.5 * np.einsum("mi,mi->m", s, s @ np.asarray(weights, dtype=np.float64).T)


def sgn_keep(h: np.ndarray, states: np.ndarray) -> np.ndarray:
    """sgn(h) with sgn(0) := current state, as int8."""
    out = np.asarray(states, dtype=np.int8).copy()
    out[h > 0] = 1
    out[h < 0] = -1
    return out


@dataclass
class Relaxation:
    """Outcome of running dynamics on a batch of M states."""

    states: np.ndarray      # (M, N) int8 final states
    steps: np.ndarray       # (M,) sweeps (async) or steps (sync) taken
    status: np.ndarray      # (M,) int8: 0 fixed point, 1 two-cycle (sync), 2 hit the cap
    energy: np.ndarray      # (M, max_steps + 1) energy after each sweep/step, NaN after the end
    flips: np.ndarray       # (M,) total number of unit flips

FIXED_POINT, TWO_CYCLE, CAPPED = 0, 1, 2
STATUS_NAMES = {FIXED_POINT: "fixed_point", TWO_CYCLE: "two_cycle", CAPPED: "capped"}


# --------------------------------------------------------------------------- asynchronous

@numba.njit(cache=True, inline="always")
def _splitmix64(state):
    """Next 64-bit output of a splitmix64 generator whose state lives in state[0]."""
    z = state[0] + np.uint64(0x9E3779B97F4A7C15)
    state[0] = z
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True, parallel=True)
def _async_kernel(columns, states, h, seeds, max_sweeps, energy, steps, status, flips):
    m_states, n = states.shape
    for m in numba.prange(m_states):
        s = states[m]
        hm = h[m]
        order = np.arange(n)
        rng = np.empty(1, dtype=np.uint64)
        rng[0] = seeds[m]
        e = 0.0
        for i in range(n):
            e += s[i] * hm[i]
        energy[m, 0] = -0.5 * e
        status[m] = 2
        for sweep in range(max_sweeps):
            # Fisher–Yates shuffle: a fresh random order every sweep.
            for i in range(n - 1, 0, -1):
                j = np.int64((_splitmix64(rng) >> np.uint64(32)) * np.uint64(i + 1) >> np.uint64(32))
                order[i], order[j] = order[j], order[i]
            changed = 0
            for idx in range(n):
                k = order[idx]
                hk = hm[k]
                if (hk > 0 and s[k] < 0) or (hk < 0 and s[k] > 0):
                    s[k] = -s[k]
                    d = 2 * s[k]
                    col = columns[k]
                    for i in range(n):
                        hm[i] += d * col[i]
                    changed += 1
            flips[m] += changed
            e = 0.0
            for i in range(n):
                e += s[i] * hm[i]
            energy[m, sweep + 1] = -0.5 * e
            steps[m] = sweep + 1
            if changed == 0:
                status[m] = 0
                break


def relax_async(
    weights: np.ndarray,
    states: np.ndarray,
    seeds: np.ndarray,
    max_sweeps: int,
    initial_fields: np.ndarray | None = None,
) -> Relaxation:
    """Asynchronous dynamics from each row of `states` until a sweep changes nothing.

    `seeds` (M,) uint64 drive each state's own update order, so a state's trajectory does not
    depend on which other states share the batch or on the number of threads.
    """
    weights = np.asarray(weights)
    states = np.array(states, dtype=np.int8, copy=True, order="C")
    m, n = states.shape
    if weights.shape != (n, n):
        raise ValueError(f"weights must be ({n}, {n}), got {weights.shape}")
    if len(seeds) != m:
        raise ValueError("one seed per state is required")
    # The kernel reads column k of W on a flip of unit k; for symmetric W that is row k.
    columns = weights if np.array_equal(weights, weights.T) else np.ascontiguousarray(weights.T)
    columns = np.ascontiguousarray(columns)
    h = fields(weights, states) if initial_fields is None else np.array(initial_fields, copy=True)
    if np.issubdtype(columns.dtype, np.integer):
        h = h.astype(np.int64)  # exact integer fields
    else:
        h = h.astype(np.float64)
    energy_out = np.full((m, max_sweeps + 1), np.nan)
    steps = np.zeros(m, dtype=np.int32)
    status = np.zeros(m, dtype=np.int8)
    flips = np.zeros(m, dtype=np.int64)
    _async_kernel(columns, states, h, np.asarray(seeds, dtype=np.uint64), int(max_sweeps),
                  energy_out, steps, status, flips)
    return Relaxation(states, steps, status, energy_out, flips)


# --------------------------------------------------------------------------- synchronous

def relax_sync(weights: np.ndarray, states: np.ndarray, max_steps: int) -> Relaxation:
    """Synchronous dynamics S(t+1) = sgn(W S(t)) for all rows at once.

    A row stops at a fixed point S(t+1) = S(t), or a 2-cycle S(t+1) = S(t−1) ≠ S(t), or the cap.
    The returned state of a 2-cycle is the last one reached; `energy` holds E(S(t)) per step.
    """
    weights = np.asarray(weights)
    cur = np.array(states, dtype=np.int8, copy=True)
    m, n = cur.shape
    prev = np.zeros_like(cur)
    energy_out = np.full((m, max_steps + 1), np.nan)
    steps = np.zeros(m, dtype=np.int32)
    status = np.full(m, CAPPED, dtype=np.int8)
    flips = np.zeros(m, dtype=np.int64)
    active = np.arange(m)
    dt = _field_dtype(weights)
    w = np.asarray(weights, dtype=dt)
    for t in range(max_steps + 1):
        s = cur[active]
        h = s.astype(dt) @ w.T
        energy_out[active, t] = -0.5 * np.einsum("mi,mi->m", s.astype(np.float64), h)
        if t == max_steps:
            break
        new = sgn_keep(h, s)
        changed = (new != s).sum(axis=1)
        flips[active] += changed
        steps[active] = t + 1
        fixed = changed == 0
        cycle = ~fixed & (t > 0) & np.all(new == prev[active], axis=1)
        prev[active] = s
        cur[active] = new
        status[active[fixed]] = FIXED_POINT
        status[active[cycle]] = TWO_CYCLE
        # The state reached on a 2-cycle is S(t−1) again: same energy.
        energy_out[active[cycle], t + 1] = energy_out[active[cycle], t - 1]
        done = fixed | cycle
        # A row that stopped at a fixed point took no real step on this pass.
        steps[active[fixed]] = t
        active = active[~done]
        if active.size == 0:
            break
    return Relaxation(cur, steps, status, energy_out, flips)


def is_fixed_point(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """True for each row that sgn(W S) (with sgn(0) := S) leaves unchanged."""
    return np.all(sgn_keep(fields(weights, states), states) == np.asarray(states), axis=1)
