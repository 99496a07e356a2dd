"""Hebbian rules: the plain Hebbian sum and the decorrelated (mean-subtracted) rule.

Hebbian weights w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ with w_ii = 0 are kept as the integer sum
C_ij = N w_ij = Σ_μ ξ_i^μ ξ_j^μ. Integer couplings make every local field an exact integer, so
dynamics give identical results whatever the BLAS, thread count or summation order
(float32 holds every integer below 2^24 exactly; `dynamics.binary.fields` checks the bound). Pass C, not
C/N, to the dynamics: in floating point a zero field can come out as ±1e-17 and break the
sgn(0) rule. Energies and fields computed from C are N times those of w.

Decorrelated rule (seed 002): w_ij = (1/N) Σ_μ (ξ_i^μ − ⟨ξ_i⟩)(ξ_j^μ − ⟨ξ_j⟩), w_ii = 0, where
⟨ξ_i⟩ = (1/P) Σ_μ ξ_i^μ is the mean of unit i over the stored patterns (the seed writes a 1/P
prefactor; the overall scale does not change sgn dynamics, 1/N matches the Hebbian w). For
biased patterns, Pr{ξ = +1} = (1 + b)/2, the plain Hebbian field of a stored pattern carries a
common term ~ P b² that points every unit the same way; subtracting the means removes it. At
b = 0 the two rules differ only by the sampling noise of the means.
"""

from __future__ import annotations

import numpy as np


def check_patterns(patterns, name: str = "patterns", values: tuple = (-1, 1)) -> np.ndarray:
    """`patterns` as a 2-D array (P, N) whose entries are all in `values`, else ValueError."""
    x = np.asarray(patterns)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 2:
        raise ValueError(f"{name} must be a 2-D array (P, N) with P ≥ 1 and N ≥ 2, got shape {x.shape}")
    if not np.isin(x, values).all():
        raise ValueError(f"{name} must hold only the values {values}")
    return x


def hebbian_sum(patterns: np.ndarray) -> np.ndarray:
    """C = Σ_μ ξ^μ ξ^μᵀ with zero diagonal, as int16 (N, N) (int32 when P > 32767)."""
    patterns = np.asarray(patterns)
    p, n = patterns.shape
    x = patterns.astype(np.float32)
    c = x.T @ x  # exact: integers of magnitude ≤ P < 2^24
    np.fill_diagonal(c, 0.0)
    return c.astype(np.int16 if p <= np.iinfo(np.int16).max else np.int32)


def decorrelated_weights(patterns: np.ndarray) -> np.ndarray:
    """w_ij = (1/N) Σ_μ (ξ_i^μ − ⟨ξ_i⟩)(ξ_j^μ − ⟨ξ_j⟩), w_ii = 0, float64 (N, N), symmetric.
    Means over the P given patterns (so Σ_μ (ξ_i^μ − ⟨ξ_i⟩) = 0 exactly)."""
    x = check_patterns(patterns).astype(np.float64)
    # Σ_μ (ξ_i − ⟨ξ_i⟩)(ξ_j − ⟨ξ_j⟩) = C_ij − s_i s_j / P with the integer sums C = XᵀX (exact in
    # any BLAS) and s = Σ_μ ξ^μ: no real-valued GEMM, so the same bits on every machine.
    s = x.sum(axis=0)
    w = (x.T @ x - np.outer(s, s) / x.shape[0]) / x.shape[1]
    np.fill_diagonal(w, 0.0)
    return w


def biased_patterns(rng: np.random.Generator, n_patterns: int, n_neurons: int,
                    bias: float) -> np.ndarray:
    """P independent ±1 patterns with Pr{ξ_i = +1} = (1 + bias)/2 (mean ⟨ξ⟩ = bias): int8 (P, N)."""
    if not -1.0 < bias < 1.0:
        raise ValueError(f"bias must lie in (−1, 1), got {bias}")
    if n_patterns < 1 or n_neurons < 2:
        raise ValueError(f"need n_patterns ≥ 1 and n_neurons ≥ 2, got {n_patterns}, {n_neurons}")
    up = rng.random((n_patterns, n_neurons)) < 0.5 * (1.0 + bias)
    return np.where(up, 1, -1).astype(np.int8)
