"""Async Hebbian dynamics from bit-packed patterns: the model, update orders and decisions of
`binary.relax_async_hebbian`, with each unit's pattern entries read as bits (⌈P/64⌉ 64-bit
words, from `patterns.random_pattern_bits`) instead of P int8 bytes. The int8 kernel is
memory-bound at large N; this one moves 8× fewer bytes and computes every field exactly in
integers, so its trajectories are the int8 kernel's (tested). A sibling of binary.py rather than
a part: binary.py holds the model (and would pass 700 lines), this is one way to compute its fields.

Notation: b_k^μ ∈ {0, 1} with ξ_k^μ = 2 b_k^μ − 1, overlaps q_μ = ξ^μ·S (q_μ ≡ N mod 2). The
field of unit k needs Σ_μ ξ_k^μ q_μ. The overlaps are split in two:

* the bulk, q_μ = c + 2 u_μ with 0 ≤ u_μ < 2^B: the u_μ are stored as B bit-planes (plane j
  holds bit j of every u_μ, packed like a unit's row), so Σ_μ b_k^μ u_μ = Σ_j 2^j
  popcount(b_k & plane_j): B popcounts per 64 patterns instead of 64 multiply-adds;
* outliers, the few overlaps outside the window (the condensed pattern's q ≈ N, a mixture's
  components): u_μ = 0 in the planes, and ξ_k^μ (q_μ − c) is added one pattern at a time.

With U = Σ_bulk u_μ and |b_k| the number of +1 entries of unit k:

    Σ_μ ξ_k^μ q_μ = c (2|b_k| − P) + 4 Σ_j 2^j popcount(b_k & plane_j) − 2U
                    + Σ_outliers ξ_k^μ (q_μ − c).

The window is centred on 0, where the overlaps with patterns not being retrieved scatter
(by ~√N); its width is chosen at the start of every sweep for the least work per visit (planes
against outliers), leaving room for the drift within a sweep. A flip adds 2 s_k ξ_k^μ to q and
±1 to the bulk u_μ (a bit-sliced increment); one that carries a u_μ out of the window rebuilds
the planes from q.
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from .binary import (
    CAPPED,
    FIXED_POINT,
    LOST,
    Relaxation,
    _flips,
    _hebbian_energy,
    _order_stream,
    _relax_hebbian_tables,
    _shuffle,
)

MAX_PLANES = 32  # overlaps are int32 (|q_μ| ≤ N < 2^31): a window of 2^32 values holds them all
# Work of one outlier per visit, in (word, plane) popcounts: the window widens by a plane when
# that saves more outliers than a plane costs (measured: see benchmarks/README.md).
OUTLIER_COST = 8
COUNTER_PLANES = 8  # bit-sliced counters of the first overlaps: up to 255 rows between emptyings


@intrinsic
def _popcount(typingctx, x):
    """Set bits of a uint64: LLVM's ctpop, the popcnt or vpopcntq instruction where the CPU has
    one and an exact shift-and-add sequence where it has not."""
    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])
    return types.uint64(types.uint64), codegen


@intrinsic
def _prefetch(typingctx, array, index):
    """Ask the CPU to start loading the cache line that holds array[index] (llvm.prefetch: a
    hint, no effect on results)."""
    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        i8p, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        fn = builder.module.globals.get("llvm.prefetch") or ir.Function(
            builder.module, ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32]), "llvm.prefetch")
        # read, keep in all cache levels, data cache
        builder.call(fn, [builder.bitcast(builder.gep(data, [args[1]]), i8p), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()
    return types.none(array, index), codegen


@numba.njit(cache=True, inline="always")
def _prefetch_row(row):
    for w in range(0, row.size, 8):  # 8 words per 64-byte cache line
        _prefetch(row, w)


@numba.njit(cache=True)
def _initial_overlaps(bits, s, q, ones):
    """q_μ = ξ^μ·S into q (P,) and the +1 entries of each unit into ones (N,), in one pass.
    v_μ = #{i : s_i ξ_i^μ = +1} is counted down the columns, 64 patterns per operation: each
    row (inverted where s_i = −1) is added into 8 bit-sliced counters, emptied into q every 255
    rows; then q_μ = 2 v_μ − N."""
    n, nw = bits.shape
    p = q.size
    counters = np.zeros((COUNTER_PLANES, nw), dtype=np.uint64)
    carry = np.empty(nw, dtype=np.uint64)
    q[:] = 0
    for i in range(n):
        row = bits[i]
        count = np.uint64(0)
        for w in range(nw):
            count += _popcount(row[w])
            carry[w] = row[w] if s[i] > 0 else ~row[w]
        ones[i] = count
        for b in range(COUNTER_PLANES):  # ripple carry, the same depth in every word
            for w in range(nw):
                t = counters[b, w]
                counters[b, w] = t ^ carry[w]
                carry[w] &= t
        if (i + 1) % (2**COUNTER_PLANES - 1) == 0 or i == n - 1:
            for w in range(nw):
                base = 64 * w
                for j in range(min(64, p - base)):
                    v = 0
                    for b in range(COUNTER_PLANES):
                        v |= np.int32((counters[b, w] >> np.uint64(j)) & np.uint64(1)) << b
                    q[base + j] += v
            counters[:] = 0
    for mu in range(p):
        q[mu] = 2 * q[mu] - n


@numba.njit(cache=True, inline="always")
def _window(b, n):
    """Offset c (≡ N mod 2, so that u = (q − c)/2 is an integer) of a window of 2^b values of u
    centred on q = 0, and the range lo ≤ q ≤ hi of the bulk: 2^b/8 steps of u from either end,
    room for that many flips' drift before a rebuild."""
    c = (n & 1) - (np.int64(1) << b)
    room = (np.int64(1) << b) >> 3
    return c, c + 2 * room, c + 2 * ((np.int64(1) << b) - 1 - room)


@numba.njit(cache=True)
def _encode(q, n, planes, bulk, outliers):
    """Choose the window (B planes from offset c) with the least work per visit, write the bulk
    u_μ = (q_μ − c)/2 into the planes and bulk masks, list the other patterns in `outliers`.
    Returns (B, c, U, number of outliers)."""
    p = q.size
    nw = bulk.size
    best, best_cost = MAX_PLANES, np.inf
    for b in range(1, MAX_PLANES + 1):
        c, lo, hi = _window(b, n)
        n_out = 0
        for mu in range(p):
            n_out += (q[mu] < lo) | (q[mu] > hi)
        cost = b * nw + OUTLIER_COST * n_out
        if cost < best_cost:
            best, best_cost = b, cost
        if n_out == 0:  # wider windows only cost more
            break
    c, lo, hi = _window(best, n)
    planes[:best] = 0
    bulk[:] = 0
    big_u = np.int64(0)
    n_out = 0
    for mu in range(p):
        if q[mu] < lo or q[mu] > hi:
            outliers[n_out] = mu
            n_out += 1
            continue
        u = (np.int64(q[mu]) - c) >> 1
        big_u += u
        w, bit = mu >> 6, np.uint64(1) << np.uint64(mu & 63)
        bulk[w] |= bit
        for j in range(best):
            if (u >> j) & 1:
                planes[j, w] |= bit
    return best, c, big_u, n_out


@numba.njit(cache=True, inline="always")
def _bit_field(row, ones_k, s_k, planes, n_planes, c, big_u, outliers, n_out, q):
    """N·h_k = Σ_μ ξ_k^μ q_μ − P s_k from the bits (module docstring): `binary._hebbian_field`'s
    integer. Two planes per pass over the row halve the reads of it."""
    p = q.size
    dot = np.int64(0)
    j = 0
    while j + 1 < n_planes:
        lo, hi = planes[j], planes[j + 1]
        t_lo, t_hi = np.uint64(0), np.uint64(0)
        for w in range(row.size):
            t_lo += _popcount(row[w] & lo[w])
            t_hi += _popcount(row[w] & hi[w])
        dot += (np.int64(t_lo) + 2 * np.int64(t_hi)) << j
        j += 2
    if j < n_planes:
        top = planes[j]
        t = np.uint64(0)
        for w in range(row.size):
            t += _popcount(row[w] & top[w])
        dot += np.int64(t) << j
    acc = c * (2 * np.int64(ones_k) - p) + 4 * dot - 2 * big_u
    for o in range(n_out):
        mu = outliers[o]
        r = np.int64(q[mu]) - c
        acc += r if (row[mu >> 6] >> np.uint64(mu & 63)) & np.uint64(1) else -r
    return acc - p * s_k


@numba.njit(cache=True, inline="always")
def _flip_update(row, s_new, q, planes, n_planes, bulk):
    """Unit k now at s_new: q_μ += 2 s_new ξ_k^μ, and the bulk u_μ += s_new ξ_k^μ in the planes
    (ripple carry or borrow per word). Returns (change of U, whether a u_μ left the window)."""
    p = q.size
    d = 2 * s_new
    for w in range(row.size):
        word = row[w]
        base = 64 * w
        for j in range(min(64, p - base)):
            q[base + j] += d if (word >> np.uint64(j)) & np.uint64(1) else -d
    change = np.int64(0)
    left = False
    for w in range(row.size):
        up = row[w] if s_new > 0 else ~row[w]  # where s_new ξ_k^μ = +1
        inc, dec = up & bulk[w], ~up & bulk[w]
        change += np.int64(_popcount(inc)) - np.int64(_popcount(dec))
        j = 0
        while (inc | dec) != 0 and j < n_planes:
            t = planes[j, w]
            planes[j, w] = t ^ (inc | dec)
            inc &= t   # carries on where the bit was 1
            dec &= ~t  # borrows on where it was 0
            j += 1
        left |= (inc | dec) != 0
    return change, left


@numba.njit(cache=True)
def _relax_one_bits(bits, s, q, seed, max_sweeps, energy, target, floor):
    """`binary._relax_one_patterns` with the patterns as bits (N, ⌈P/64⌉) and the overlaps q
    (P,) int32: same order stream, same integer fields, same decisions, same energies."""
    n, nw = bits.shape
    order, rng = _order_stream(n, seed)
    ones = np.empty(n, dtype=np.int32)
    _initial_overlaps(bits, s, q, ones)
    planes = np.zeros((MAX_PLANES, nw), dtype=np.uint64)
    bulk = np.empty(nw, dtype=np.uint64)
    outliers = np.empty(q.size, dtype=np.int64)
    energy[0] = _hebbian_energy(q, n)
    flips = 0
    for sweep in range(max_sweeps):
        _shuffle(order, rng)
        n_planes, c, big_u, n_out = _encode(q, n, planes, bulk, outliers)
        changed = 0
        for idx in range(n):
            k = order[idx]
            row = bits[k]
            if idx + 1 < n:  # the order is random: fetch the next row while this one is summed
                _prefetch_row(bits[order[idx + 1]])
            h = _bit_field(row, ones[k], s[k], planes, n_planes, c, big_u, outliers, n_out, q)
            if _flips(h, s[k]):
                s[k] = -s[k]
                change, left = _flip_update(row, s[k], q, planes, n_planes, bulk)
                big_u += change
                if left:
                    n_planes, c, big_u, n_out = _encode(q, n, planes, bulk, outliers)
                changed += 1
        flips += changed
        energy[sweep + 1] = _hebbian_energy(q, n)
        if changed == 0:
            return sweep + 1, FIXED_POINT, flips
        if target >= 0 and q[target] < floor:
            return sweep + 1, LOST, flips
    return max_sweeps, CAPPED, flips


@numba.njit(cache=True, parallel=True)
def _relax_all_bits(tables, per_table, states, aux, seeds, max_sweeps, energy, steps, status,
                    flips, targets, floors):
    for m in numba.prange(states.shape[0]):
        steps[m], status[m], flips[m] = _relax_one_bits(tables[m // per_table], states[m],
                                                        aux[m], seeds[m], max_sweeps, energy[m],
                                                        targets[m], floors[m])


def relax_async_hebbian_bits(
    bits: np.ndarray, n_patterns: int, states: np.ndarray, seeds: np.ndarray, max_sweeps: int,
    targets: np.ndarray | None = None, lost_below: float | None = None,
) -> Relaxation:
    """`binary.relax_async_hebbian` from the patterns as bits: bits[i, μ // 64] holds ξ_i^μ = +1
    as bit μ % 64 (`patterns.random_pattern_bits`, `patterns.pack_columns`), (N, ⌈P/64⌉) or
    (B, N, ⌈P/64⌉) uint64, P = `n_patterns`; padding bits must be 0. Same arguments otherwise,
    same results (states, steps, status, energies, flips) as the int8 kernel, memory
    N·⌈P/64⌉·8 bytes for the patterns.
    """
    bits = np.asarray(bits)
    if bits.dtype != np.uint64 or bits.ndim not in (2, 3) or bits.shape[-1] != -(-n_patterns // 64):
        raise ValueError(f"bits must be uint64 (N, {-(-n_patterns // 64)}) or (B, N, "
                         f"{-(-n_patterns // 64)}) for P = {n_patterns}, got {bits.dtype} "
                         f"{bits.shape}")
    if n_patterns % 64 and np.any(bits[..., -1] >> np.uint64(n_patterns % 64)):
        raise ValueError(f"bits beyond the P = {n_patterns} patterns must be 0")
    return _relax_hebbian_tables(_relax_one_bits, _relax_all_bits, bits, n_patterns, np.int32,
                                 states, seeds, max_sweeps, targets, lost_below)
