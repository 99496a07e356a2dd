"""Dense associative memory (Krotov & Hopfield 2016) and the modern Hopfield update (Ramsauer et
al. 2020). Patterns are the rows of X (P, N), ξ^μ ∈ {−1, +1}^N.

Dense memory: binary states σ ∈ {−1, +1}^N, energy E(σ) = −Σ_μ F(ξ^μ·σ) with F(x) = xⁿ (or the
rectified max(x, 0)ⁿ). A unit takes the sign that gives the lower energy with the others fixed:

    σ_i ← sgn( Σ_μ [F(ξ_i^μ + r_i^μ) − F(−ξ_i^μ + r_i^μ)] ),   r_i^μ = Σ_{j≠i} ξ_j^μ σ_j,

with sgn(0) := σ_i (keep, as in `dynamics.binary`), so every async flip lowers E strictly and
async runs end in a fixed point. n = 2 is the Hopfield model: (r + ξ)² − (r − ξ)² = 4 ξ r, and
Σ_μ ξ_i^μ r_i^μ = Σ_{j≠i} C_ij σ_j is the Hebbian field with zero diagonal (tested). For larger n
the crosstalk of other patterns is suppressed: the signal ~ 2n N^{n−1} against noise
~ 2n N^{(n−1)/2} √P, so the capacity grows like N^{n−1} (Krotov & Hopfield). Computed with
overlaps u^μ = ξ^μ·σ in float64: exact while P·(N + 1)ⁿ < 2^53.

Sync: all units from the same state (a (M, P, N) tensor of r, computed in chunks of states).
Async: units one at a time in a fresh random order each sweep, keeping u and changing it by
2 ξ_i^μ σ_i on a flip (O(P) per unit), vectorised over the batch of states.

Modern Hopfield (continuous states ξ ∈ ℝ^N): E = −β⁻¹ ln Σ_μ exp(β x^μ·ξ) + ½ ξ·ξ + β⁻¹ ln P
+ ½ max_μ ‖x^μ‖², and the update ξ_new = Xᵀ softmax(β X ξ) (Ramsauer et al.'s X softmax(β Xᵀ ξ)
with patterns as columns) lowers it (a CCCP step). For well separated patterns and large β one
step lands exponentially close to the pattern nearest the cue, even for P ≫ N; for small β the
update averages many patterns (a metastable mixture; β → 0 gives the mean of all patterns).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from .. import numerics
from ..patterns import flip_bits, random_patterns
from .hebb import check_patterns

_CHUNK = 2**22  # entries of the (states, P, N) tensor of a sync step held at once


def _check(patterns, states, degree):
    x = check_patterns(patterns).astype(np.float64)
    s = check_patterns(np.atleast_2d(states), "states")
    if s.shape[1] != x.shape[1]:
        raise ValueError(f"states have N = {s.shape[1]} units, patterns N = {x.shape[1]}")
    if int(degree) != degree or degree < 2:
        raise ValueError(f"degree must be an integer ≥ 2, got {degree}")
    return x, s


def _f(u, degree, rectified):
    return (np.maximum(u, 0.0) if rectified else u) ** degree


def dense_energy(patterns: np.ndarray, states: np.ndarray, degree: int = 3,
                 rectified: bool = False) -> np.ndarray:
    """E = −Σ_μ F(ξ^μ·σ) for each row of `states`, (M,) float64."""
    x, s = _check(patterns, states, degree)
    return -_f(s.astype(np.float64) @ x.T, degree, rectified).sum(axis=1)


def _delta(x, s, u, degree, rectified, units):
    """Σ_μ [F(ξ_i^μ + r_i^μ) − F(−ξ_i^μ + r_i^μ)] for `units` i: (M, len(units))."""
    xi = x[:, units]                                   # (P, K)
    r = u[:, :, None] - xi[None] * s[:, None, units]   # (M, P, K)
    return (_f(r + xi[None], degree, rectified) - _f(r - xi[None], degree, rectified)).sum(axis=1)


def dense_update_sync(patterns: np.ndarray, states: np.ndarray, degree: int = 3,
                      rectified: bool = False) -> np.ndarray:
    """One synchronous step of the dense-memory rule for each row of `states`: int8 (M, N)."""
    x, s = _check(patterns, states, degree)
    s = s.astype(np.float64)
    u = s @ x.T
    p, n = x.shape
    out = np.empty(s.shape, dtype=np.int8)
    step = max(1, _CHUNK // (p * n))
    for a in range(0, len(s), step):
        d = _delta(x, s[a:a + step], u[a:a + step], degree, rectified, np.arange(n))
        out[a:a + step] = np.where(d > 0, 1, np.where(d < 0, -1, s[a:a + step]))
    return out


def dense_relax(patterns: np.ndarray, states: np.ndarray, degree: int = 3, *, mode: str = "async",
                max_sweeps: int = 100, rng: np.random.Generator | None = None,
                rectified: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the dense-memory dynamics on each row of `states` until nothing changes in a sweep
    (async) or step (sync), or `max_sweeps`. Returns (states int8 (M, N), sweeps (M,),
    converged (M,) bool: reached a fixed point). Async needs `rng` (the unit orders)."""
    x, s0 = _check(patterns, states, degree)
    if mode not in ("async", "sync"):
        raise ValueError(f"mode must be 'async' or 'sync', got {mode!r}")
    if int(max_sweeps) != max_sweeps or max_sweeps < 1:
        raise ValueError(f"max_sweeps must be a positive integer, got {max_sweeps}")
    s = s0.astype(np.float64)
    m, n = s.shape
    sweeps = np.zeros(m, dtype=np.int64)
    done = np.zeros(m, dtype=bool)
    if mode == "async" and rng is None:
        raise ValueError("rng is required for mode='async' (it draws the unit orders)")
    for _ in range(int(max_sweeps)):
        live = np.flatnonzero(~done)
        if live.size == 0:
            break
        sl = s[live]
        if mode == "sync":
            new = dense_update_sync(x, sl.astype(np.int8), degree, rectified).astype(np.float64)
            changed = (new != sl).any(axis=1)
            sl = new
        else:
            u = sl @ x.T
            changed = np.zeros(live.size, dtype=bool)
            for i in rng.permutation(n):
                d = _delta(x, sl, u, degree, rectified, np.array([i]))[:, 0]
                new = np.where(d > 0, 1.0, np.where(d < 0, -1.0, sl[:, i]))
                flip = new != sl[:, i]
                if flip.any():
                    u[flip] += np.outer(new[flip] - sl[flip, i], x[:, i])
                    sl[flip, i] = new[flip]
                    changed |= flip
        s[live] = sl
        sweeps[live] += 1
        done[live[~changed]] = True
    return s.astype(np.int8), sweeps, done


def modern_update(patterns: np.ndarray, states: np.ndarray, beta: float) -> np.ndarray:
    """ξ_new = Xᵀ softmax(β X ξ) for each row ξ of `states` (real-valued): float64 (M, N)."""
    return numerics.matmul(modern_weights(patterns, states, beta), check_patterns(patterns))


def modern_energy(patterns: np.ndarray, states: np.ndarray, beta: float) -> np.ndarray:
    """E = −β⁻¹ ln Σ_μ exp(β x^μ·ξ) + ½ ξ·ξ + β⁻¹ ln P + ½ max_μ ‖x^μ‖², (M,)."""
    x = check_patterns(patterns).astype(np.float64)
    s = np.atleast_2d(np.asarray(states, dtype=np.float64))
    if not (np.isfinite(beta) and beta > 0):
        raise ValueError(f"beta must be a positive number, got {beta}")
    lse = special.logsumexp(beta * numerics.matmul(s, x.T), axis=1) / beta
    return -lse + 0.5 * (s * s).sum(axis=1) + np.log(len(x)) / beta + 0.5 * (x * x).sum(axis=1).max()


def modern_retrieval_error(patterns: np.ndarray, cues: np.ndarray, targets: np.ndarray,
                           betas) -> tuple[np.ndarray, np.ndarray]:
    """One modern update of each cue at each β, against the pattern it was made from
    (`targets`: row indices into `patterns`). Returns, per β, the mean RMS error
    ‖ξ_new − x^target‖ / √N and the mean fraction of units with sgn(ξ_new) ≠ x^target
    (sgn(0) counts as wrong); both (len(betas),)."""
    x = check_patterns(patterns)
    targets = np.asarray(targets)
    if targets.ndim != 1 or len(targets) != len(np.atleast_2d(cues)) or \
            targets.min() < 0 or targets.max() >= len(x):
        raise ValueError("targets must hold one pattern index in [0, P) per cue")
    want = x[targets].astype(np.float64)
    betas = np.atleast_1d(np.asarray(betas, dtype=np.float64))
    rms, bits = np.empty(len(betas)), np.empty(len(betas))
    for k, beta in enumerate(betas):
        new = modern_update(x, cues, beta)
        rms[k] = np.sqrt(((new - want) ** 2).mean(axis=1)).mean()
        bits[k] = (np.sign(new) != want).mean()
    return rms, bits


def modern_weights(patterns: np.ndarray, states: np.ndarray, beta: float) -> np.ndarray:
    """The softmax weights p = softmax(β X ξ) of each row ξ of `states` over the patterns,
    (M, P); the update is ξ_new = Xᵀ p, and 1 / Σ_μ p_μ² is the effective number of patterns
    it averages (P at β → 0, 1 for single-pattern retrieval)."""
    x = check_patterns(patterns).astype(np.float64)
    s = np.atleast_2d(np.asarray(states, dtype=np.float64))
    if s.shape[1] != x.shape[1]:
        raise ValueError(f"states have N = {s.shape[1]} units, patterns N = {x.shape[1]}")
    if not (np.isfinite(beta) and beta > 0):
        raise ValueError(f"beta must be a positive number, got {beta}")
    return special.softmax(beta * numerics.matmul(s, x.T), axis=1)


def modern_fixed_point(patterns: np.ndarray, states: np.ndarray, beta: float, *,
                       max_updates: int = 100, tol: float = 1e-8
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iterate ξ ← Xᵀ softmax(β X ξ) from each row of `states` until max |Δξ| ≤ tol or
    `max_updates`. Each update lowers the modern energy (CCCP), so iterates approach a fixed
    point: the global average (small β), a metastable average over similar patterns, or one
    pattern (large β; Ramsauer et al. 2020). Returns (states float64 (M, N), updates (M,),
    converged (M,) bool)."""
    x = check_patterns(patterns).astype(np.float64)
    if int(max_updates) != max_updates or max_updates < 1:
        raise ValueError(f"max_updates must be a positive integer, got {max_updates}")
    s = np.array(np.atleast_2d(states), dtype=np.float64)
    updates = np.zeros(len(s), dtype=np.int64)
    done = np.zeros(len(s), dtype=bool)
    for _ in range(int(max_updates)):
        live = np.flatnonzero(~done)
        if live.size == 0:
            break
        new = numerics.matmul(modern_weights(x, s[live], beta), x)
        done[live[np.abs(new - s[live]).max(axis=1) <= tol]] = True
        s[live] = new
        updates[live] += 1
    return s, updates, done


def clustered_patterns(rng: np.random.Generator, clusters: int, size: int, n: int,
                       flip: float) -> np.ndarray:
    """`clusters` × `size` ±1 patterns (P, N), int8: per cluster a random prototype, each member
    the prototype with round(flip·N) distinct bits flipped; rows cluster by cluster. Similar
    patterns are what makes the modern update's metastable (cluster-average) states."""
    if not 0 <= flip < 0.5:
        raise ValueError(f"flip must be in [0, 0.5), got {flip}")
    protos = random_patterns(rng, clusters, n)
    return flip_bits(np.repeat(protos, size, axis=0), int(round(flip * n)), rng)
