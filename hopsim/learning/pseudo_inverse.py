"""Pseudo-inverse (projection) rule.

With the P patterns as the rows of X (P, N), W = Xᵀ (X Xᵀ)⁻¹ X is the orthogonal projection onto
the span of the patterns (Personnaz, Guyon & Dreyfus 1985; Kanter & Sompolinsky 1987): W ξ^μ = ξ^μ
exactly, so every stored pattern is a fixed point with field h_i = ξ_i (stability 1 in units of
the field) for any P up to rank N, correlated patterns included. Computed from the SVD
X = U S Vᵀ as W = V_r V_rᵀ over the r non-zero singular values, which is the same matrix when X
has full row rank (r = P) and the projection onto the span when patterns are linearly dependent.
W is symmetric; its diagonal w_ii ∈ [0, 1] has mean r/N (= α for independent patterns).

Diagonal (`zero_diagonal`): the projection itself (False) keeps self-couplings w_ii ≈ α; they
stabilise every state a little (h_i contains w_ii S_i), so near α → 1 almost any state is a fixed
point and the basins of the stored patterns shrink to nothing. Zeroing it (True, default, Kanter &
Sompolinsky) gives h_i = (1 − w_ii) ξ_i for a stored pattern: since w_ii < 1 unless the unit
vector e_i lies in the span, stored patterns stay exact fixed points, with smaller fields, and
the spurious self-stabilisation goes; retrieval from noisy cues then extends towards α = 1. With
zero diagonal, W = Wᵀ and w_ii = 0, the same convention as the Hebbian rule.
"""

from __future__ import annotations

import numpy as np

from .. import numerics
from .hebb import check_patterns


def pseudo_inverse_weights(patterns: np.ndarray, zero_diagonal: bool = True,
                           rtol: float = 1e-10) -> np.ndarray:
    """W = Xᵀ (X Xᵀ)⁻¹ X (projection onto the span of the ±1 patterns), float64 (N, N),
    symmetric; w_ii = 0 when `zero_diagonal`. The Gram matrix X Xᵀ holds integers (exact); the
    solve and the product run in a fixed order (`numerics`), so W has the same bits on every
    machine. Raises ValueError when the patterns are linearly dependent (to rtol)."""
    x = check_patterns(patterns).astype(np.float64)
    try:
        y = numerics.solve_spd(x @ x.T, x, rtol)  # (X Xᵀ)⁻¹ X
    except ValueError:
        raise ValueError("pseudo_inverse_weights: the patterns are linearly dependent") from None
    w = numerics.matmul(x.T, y)
    w = 0.5 * (w + w.T)
    if zero_diagonal:
        np.fill_diagonal(w, 0.0)
    return w
