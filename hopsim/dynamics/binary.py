"""Deterministic binary Hopfield dynamics, batched over many states.

Update rule S_i ← sgn(h_i), h = W S, with sgn(0) := S_i (a unit with zero field keeps its state;
this keeps every async flip strictly energy-lowering, so with symmetric W async runs always reach
a fixed point; with asymmetric W they may hit the sweep cap).

* asynchronous (Hopfield): units updated one at a time in a fresh random order each sweep; local
  fields are kept and updated on a flip only (O(N) per flip, O(1) per non-flip).
* synchronous (Little): all units at once; batched matrix products over the states; a state can
  end in a fixed point or a 2-cycle (Goles' theorem for symmetric W).

Fields are exact when W holds integers (Hebbian sums): see `learning`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numba
import numpy as np

from .. import numerics

FLOAT32_EXACT = 2**24  # every integer of smaller magnitude is exact in float32
FIXED_POINT, TWO_CYCLE, CAPPED, LOST = 0, 1, 2, 3


def _field_dtype(weights: np.ndarray) -> type:
    """float32 when every partial sum of an integer field is below 2^24, else float64."""
    if np.issubdtype(weights.dtype, np.integer):
        bound = int(np.abs(weights).max(initial=0)) * weights.shape[1]
        if bound < FLOAT32_EXACT:
            return np.float32
    return np.float64


def field_operator(weights: np.ndarray):
    """S ↦ h = W S for rows S (M, N), with Wᵀ prepared once for repeated use (sync steps): BLAS for
    integer W (exact), the fixed-order product of `numerics` for real W (the same bits on any
    machine)."""
    weights = np.asarray(weights)
    if not np.issubdtype(weights.dtype, np.integer):
        w_t = np.ascontiguousarray(weights.T, dtype=np.float64)
        return lambda states: numerics.matmul(states, w_t)
    dt = _field_dtype(weights)
    w_t = weights.astype(dt).T
    return lambda states: np.asarray(states, dtype=dt) @ w_t


def fields(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Local fields h = W S for each row of `states` (M, N), as (M, N)."""
    return field_operator(weights)(states)


def fields_from_patterns(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Hebbian fields N·h = Σ_μ ξ^μ (ξ^μ · S) − P S (zero diagonal) without forming W: O(NP)."""
    p, n = patterns.shape
    dt = np.float32 if p * n < FLOAT32_EXACT else np.float64
    x = np.asarray(patterns, dtype=dt)
    s = np.asarray(states, dtype=dt)
    return (s @ x.T) @ x - p * s


def energy(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """E = −½ Σ_ij w_ij S_i S_j for each row of `states`, in the units of `weights` (float64)."""
    return -0.5 * numerics.dot(states, fields(weights, states))


def sgn_keep(h: np.ndarray, states: np.ndarray) -> np.ndarray:
    """sgn(h) with sgn(0) := current state, as int8."""
    out = np.sign(h).astype(np.int8)
    np.copyto(out, states, where=(h == 0), casting="unsafe")
    return out


@dataclass
class Relaxation:
    """Outcome of running dynamics on a batch of M states."""

    states: np.ndarray      # (M, N) int8 final states
    steps: np.ndarray       # (M,) sweeps (async) or steps (sync) taken
    status: np.ndarray      # (M,) int8: 0 fixed point, 1 two-cycle (sync), 2 hit the cap,
                            # 3 stopped when its overlap with the target fell below the floor
    energy: np.ndarray      # (M, max_steps + 1) energy after each sweep/step, NaN after the end
    flips: np.ndarray       # (M,) total number of unit flips



# --------------------------------------------------------------------------- asynchronous

@numba.njit(cache=True, inline="always")
def _splitmix64(state):
    """Next 64-bit output of a splitmix64 generator whose state lives in state[0]."""
    z = state[0] + np.uint64(0x9E3779B97F4A7C15)
    state[0] = z
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True, inline="always")
def _uniform(state):
    """Uniform double in [0, 1) from the top 53 bits of the next splitmix64 output."""
    return np.float64(_splitmix64(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@numba.njit(cache=True)
def _shuffle(order, rng):
    """Fisher–Yates shuffle in place, driven by the splitmix64 state in rng[0]."""
    for i in range(order.size - 1, 0, -1):
        j = np.int64((_splitmix64(rng) >> np.uint64(32)) * np.uint64(i + 1) >> np.uint64(32))
        order[i], order[j] = order[j], order[i]


@numba.njit(cache=True, inline="always")
def _order_stream(n, seed):
    """Unit order to be shuffled each sweep, and its splitmix64 state."""
    rng = np.empty(1, dtype=np.uint64)
    rng[0] = seed
    return np.arange(n), rng


@numba.njit(cache=True, inline="always")
def _flips(h, s):
    """A unit flips when its field is non-zero and opposes its state (sgn(0) keeps the state)."""
    return (h > 0 and s < 0) or (h < 0 and s > 0)


@numba.njit(cache=True, inline="always")
def _pattern_overlaps(xt, s, q):
    """q_μ = ξ^μ·S into q, from the neuron-major pattern bits xt (N, P): O(NP)."""
    q[:] = 0
    for k in range(xt.shape[0]):
        row = xt[k]
        for mu in range(xt.shape[1]):
            q[mu] += s[k] * row[mu]


@numba.njit(cache=True, inline="always")
def _hebbian_field(row, q, s_k):
    """N·h_k = Σ_μ ξ_k^μ q_μ − P s_k for unit k with pattern bits `row` (zero self-coupling)."""
    acc = np.int32(0)  # numba widens the sum to int64: exact for any N and P
    for mu in range(row.size):
        acc += np.int32(row[mu]) * np.int32(q[mu])
    return acc - row.size * s_k


@numba.njit(cache=True, inline="always")
def _add_pattern_bits(q, row, d):
    """q_μ += d ξ_k^μ: the overlaps after unit k changed its state by d."""
    for mu in range(row.size):
        q[mu] += d * row[mu]


@numba.njit(cache=True, inline="always")
def _hebbian_energy(q, n):
    """Energy in the units of the Hebbian sums N·w from the overlaps q (P,):
    −½ Σ_i s_i N·h_i = −½ (Σ_μ q_μ² − P N) (zero diagonal)."""
    return -0.5 * (np.sum(q.astype(np.float64) ** 2) - q.size * n)


@numba.njit(cache=True)
def _relax_one(columns, s, h, seed, max_sweeps, energy):
    """Async sweeps of one state with its local fields h kept up to date (O(N) per flip).
    Returns (sweeps, status, flips); energy[t] = −½ s·h after sweep t."""
    n = s.size
    order, rng = _order_stream(n, seed)
    energy[0] = -0.5 * np.sum(s * h)
    flips = 0
    for sweep in range(max_sweeps):
        _shuffle(order, rng)
        changed = 0
        for idx in range(n):
            k = order[idx]
            if _flips(h[k], s[k]):
                s[k] = -s[k]
                d = 2 * s[k]
                col = columns[k]
                for i in range(n):
                    h[i] += d * col[i]
                changed += 1
        flips += changed
        energy[sweep + 1] = -0.5 * np.sum(s * h)
        if changed == 0:
            return sweep + 1, FIXED_POINT, flips
    return max_sweeps, CAPPED, flips


@numba.njit(cache=True)
def _relax_one_patterns(xt, s, q, seed, max_sweeps, energy, target, floor):
    """Async sweeps of one state for Hebbian weights without W: keeps q_μ = ξ^μ·S (computed
    here into the scratch row q, int16 or int32), so the field of unit k is
    Σ_μ ξ_k^μ q_μ − P s_k (O(P) per visit and per flip). Same order stream and decisions as
    `_relax_one`: same trajectories. With target ≥ 0 the run stops (LOST) after the first sweep
    that leaves q_target < floor: a start that has lost its pattern, no longer followed."""
    n = xt.shape[0]
    order, rng = _order_stream(n, seed)
    _pattern_overlaps(xt, s, q)
    energy[0] = _hebbian_energy(q, n)
    flips = 0
    for sweep in range(max_sweeps):
        _shuffle(order, rng)
        changed = 0
        for idx in range(n):
            k = order[idx]
            if _flips(_hebbian_field(xt[k], q, s[k]), s[k]):
                s[k] = -s[k]
                _add_pattern_bits(q, xt[k], 2 * s[k])
                changed += 1
        flips += changed
        energy[sweep + 1] = _hebbian_energy(q, n)
        if changed == 0:
            return sweep + 1, FIXED_POINT, flips
        if target >= 0 and q[target] < floor:
            return sweep + 1, LOST, flips
    return max_sweeps, CAPPED, flips


# One parallel driver per kernel: numba cannot reliably cache a function that takes another
# compiled function as an argument.
@numba.njit(cache=True, parallel=True)
def _relax_all_fields(tables, per_table, states, aux, seeds, max_sweeps, energy, steps, status,
                      flips):
    for m in numba.prange(states.shape[0]):
        steps[m], status[m], flips[m] = _relax_one(tables[m // per_table], states[m], aux[m],
                                                   seeds[m], max_sweeps, energy[m])


@numba.njit(cache=True, parallel=True)
def _relax_all_patterns(tables, per_table, states, aux, seeds, max_sweeps, energy, steps, status,
                        flips, targets, floors):
    for m in numba.prange(states.shape[0]):
        steps[m], status[m], flips[m] = _relax_one_patterns(tables[m // per_table], states[m],
                                                            aux[m], seeds[m], max_sweeps,
                                                            energy[m], targets[m], floors[m])


def _run_async(one, all_parallel, tables, states, aux, seeds, max_sweeps, extra=()) -> Relaxation:
    """Relax every row of `states` (M, N); rows are split evenly over the stacked `tables`.
    `extra`: further per-state arrays (M,) the kernel takes after the energy row."""
    m = states.shape[0]
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    if seeds.size != m:
        raise ValueError("one seed per state is required")
    per_table = m // tables.shape[0]
    energy_out = np.full((m, max_sweeps + 1), np.nan)
    steps = np.zeros(m, dtype=np.int32)
    status = np.zeros(m, dtype=np.int8)
    flips = np.zeros(m, dtype=np.int64)
    if m >= numba.get_num_threads():
        all_parallel(tables, per_table, states, aux, seeds, int(max_sweeps), energy_out, steps,
                     status, flips, *extra)
    else:  # too few states to share out: skip the thread pool (its spinning slows BLAS after)
        for i in range(m):
            steps[i], status[i], flips[i] = one(tables[i // per_table], states[i], aux[i],
                                                seeds[i], int(max_sweeps), energy_out[i],
                                                *(e[i] for e in extra))
    return Relaxation(states, steps, status, energy_out, flips)


def relax_async(
    weights: np.ndarray,
    states: np.ndarray,
    seeds: np.ndarray,
    max_sweeps: int,
    initial_fields: np.ndarray | None = None,
    symmetric: bool | None = None,
) -> Relaxation:
    """Asynchronous dynamics from each row of `states` until a sweep changes nothing.

    `seeds` (M,) uint64 drive each state's own update order, so a state's trajectory does not
    depend on which other states share the batch or on the number of threads.
    `initial_fields` (M, N) saves the product W S when the caller has it cheaper (Hebbian:
    `fields_from_patterns`); `symmetric=True` skips the O(N²) symmetry check.
    """
    weights = np.asarray(weights)
    states = np.array(states, dtype=np.int8, copy=True, order="C")
    n = states.shape[1]
    if weights.shape != (n, n):
        raise ValueError(f"weights must be ({n}, {n}), got {weights.shape}")
    if symmetric is None:
        symmetric = np.array_equal(weights, weights.T)
    # The kernel reads column k of W on a flip of unit k; for symmetric W that is row k.
    columns = np.ascontiguousarray(weights if symmetric else weights.T)
    h = fields(weights, states) if initial_fields is None else initial_fields
    exact = np.issubdtype(columns.dtype, np.integer)
    h = np.array(h, dtype=np.int64 if exact else np.float64, copy=True, order="C")
    return _run_async(_relax_one, _relax_all_fields, columns[None], states, h, seeds, max_sweeps)


def relax_async_patterns(
    patterns: np.ndarray, states: np.ndarray, seeds: np.ndarray, max_sweeps: int
) -> Relaxation:
    """`relax_async` for Hebbian weights given by their patterns, never forming W.

    patterns (P, N) with states (M, N), or B independent networks at once: patterns (B, P, N)
    with states (B, M, N) and seeds (B, M); results then come back with shape (B, M, ...).
    Cheaper than forming W when few states are relaxed per pattern set and runs are short (one
    start per network, as in benchmark (b)); for long runs at large N the incremental fields of
    `relax_async` are cheaper. Identical results to `relax_async`, energies in the same units.
    """
    x = np.asarray(patterns, dtype=np.int8)
    return relax_async_hebbian(np.ascontiguousarray(x.swapaxes(-1, -2)), states, seeds, max_sweeps)


def overlap_dtype(n: int) -> type:
    """Integer type of the kernel's overlaps N·m_μ (|N·m_μ| ≤ N)."""
    return np.int16 if n < 2**15 else np.int32


def relax_async_hebbian(
    columns: np.ndarray, states: np.ndarray, seeds: np.ndarray, max_sweeps: int,
    targets: np.ndarray | None = None, lost_below: float | None = None,
) -> Relaxation:
    """`relax_async_patterns` with the patterns given neuron-major: columns[i, μ] = ξ_i^μ,
    (N, P) or (B, N, P). This is the layout the kernel reads (unit k's row of pattern bits), so
    large networks pass it directly and never hold a second copy: memory is N·P bytes (the same
    runs from the patterns as bits, 8× less memory and faster: `bitpacked.relax_async_hebbian_bits`).

    Overlaps N·m_μ are kept as int16 while N < 2^15 (half the cache traffic) and as int32
    beyond; fields are summed in int64 (numba widens the int32 products), so they are exact.

    `targets` (one pattern index per state) with `lost_below` = m_floor stops a run (status
    LOST) after the first sweep that leaves its overlap with the target below m_floor: capacity
    runs that have lost their pattern drift for hundreds of sweeps towards m ≈ 0.25, and only
    whether they end retrieved matters. Until then the trajectory is exactly the full one's.
    """
    xt = np.asarray(columns, dtype=np.int8)
    return _relax_hebbian_tables(_relax_one_patterns, _relax_all_patterns, xt, xt.shape[-1],
                                overlap_dtype(xt.shape[-2]), states, seeds, max_sweeps, targets,
                                lost_below)


def _relax_hebbian_tables(one, all_parallel, tables, p, overlap_type, states, seeds, max_sweeps,
                         targets, lost_below) -> Relaxation:
    """The driver of `relax_async_hebbian`, shared with the bit-packed kernel (`bitpacked`):
    `tables` (N, ·) or (B, N, ·) holds each unit's pattern entries in the kernel's layout, P
    patterns; each state gets a scratch row of P overlaps of `overlap_type`."""
    batched = tables.ndim == 3
    tables = tables if batched else tables[None]
    b, n = tables.shape[:2]
    s = np.asarray(states, dtype=np.int8).reshape(b, -1, n)
    flat = np.array(s.reshape(-1, n), copy=True, order="C")
    q = np.empty((flat.shape[0], p), dtype=overlap_type)
    m = flat.shape[0]
    targets = np.full(m, -1, np.int64) if targets is None else \
        np.asarray(targets, dtype=np.int64).reshape(-1)
    if targets.size != m or np.any(targets >= p):
        raise ValueError(f"targets must give one pattern index < P = {p} per state (or −1)")
    # q < floor ⇔ m < m_floor for integer q; the decimal value avoids 0.55·100 = 55.000…01.
    # Without a floor, q ≥ −N > −N − 1 never triggers it.
    floor = -n - 1 if lost_below is None else math.ceil(Fraction(str(lost_below)) * n)
    floors = np.full(m, floor, dtype=np.int64)
    r = _run_async(one, all_parallel, np.ascontiguousarray(tables), flat, q, seeds, max_sweeps,
                   extra=(targets, floors))
    if batched:
        m = s.shape[1]
        r = Relaxation(*(a.reshape((b, m) + a.shape[1:]) for a in
                         (r.states, r.steps, r.status, r.energy, r.flips)))
    return r


# --------------------------------------------------------------------------- synchronous

def relax_sync(weights: np.ndarray | None, states: np.ndarray, max_steps: int,
               patterns: np.ndarray | None = None) -> Relaxation:
    """Synchronous dynamics S(t+1) = sgn(W S(t)) for all rows at once.

    A row stops at a fixed point S(t+1) = S(t), or a 2-cycle S(t+1) = S(t−1) ≠ S(t), or the cap.
    The returned state of a 2-cycle is the last one reached; `energy` holds E(S(t)) per step.
    With `patterns` (P, N) instead of `weights`, the Hebbian fields come from the pattern form
    (O(NP) per state, W never formed); results are identical.
    """
    cur = np.array(states, dtype=np.int8, copy=True)
    m, n = cur.shape
    prev = np.zeros_like(cur)
    energy_out = np.full((m, max_steps + 1), np.nan)
    steps = np.zeros(m, dtype=np.int32)
    status = np.full(m, CAPPED, dtype=np.int8)
    flips = np.zeros(m, dtype=np.int64)
    active = np.arange(m)
    if patterns is not None:
        def field_of(s):
            return fields_from_patterns(patterns, s)
    else:
        field_of = field_operator(weights)
    for t in range(max_steps + 1):
        s = cur[active]
        h = field_of(s)
        energy_out[active, t] = -0.5 * numerics.dot(s, h)
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


def async_trajectory(weights: np.ndarray, state: np.ndarray, rng: np.random.Generator,
                     max_sweeps: int, record_every: int) -> tuple[np.ndarray, int]:
    """Asynchronous dynamics of ONE state, recorded along the way (for pictures of a run).

    Same rule as `relax_async` (a fresh random order each sweep, drawn here from `rng`; sgn(0)
    keeps the state; fields updated on a flip only), but the state is stored every
    `record_every` single-unit updates: returns (states (1 + max_sweeps·N / record_every, N) int8,
    the first row being the start; sweeps until a sweep changed nothing, or −1 if none did
    within `max_sweeps`). After the fixed point the rows repeat the final state.
    Plain Python over units: meant for a handful of runs, not for sweeps over many states.
    """
    s = np.array(state, dtype=np.int8, copy=True).reshape(-1)
    n = s.size
    if np.shape(weights) != (n, n):
        raise ValueError(f"weights must be ({n}, {n}), got {np.shape(weights)}")
    if record_every < 1 or (max_sweeps * n) % record_every:
        raise ValueError(f"record_every must divide max_sweeps·N = {max_sweeps * n}")
    exact = np.issubdtype(np.asarray(weights).dtype, np.integer)
    cols = np.ascontiguousarray(np.asarray(weights).T, dtype=np.int64 if exact else np.float64)
    h = fields(weights, s[None])[0].astype(cols.dtype)
    out = np.empty((max_sweeps * n // record_every + 1, n), dtype=np.int8)
    out[0] = s
    t, settled = 0, -1
    for sweep in range(max_sweeps):
        changed = 0
        for k in rng.permutation(n):
            hk, sk = h[k], s[k]
            if (hk > 0 and sk < 0) or (hk < 0 and sk > 0):
                s[k] = -sk
                h += (-2 * sk) * cols[k]
                changed += 1
            t += 1
            if t % record_every == 0:
                out[t // record_every] = s
        if changed == 0:
            settled = sweep + 1
            out[t // record_every:] = s
            break
    return out, settled
