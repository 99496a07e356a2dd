"""Learning rules.

Hebbian weights w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ with w_ii = 0 are kept as the integer sum
C_ij = N w_ij = Σ_μ ξ_i^μ ξ_j^μ. Integer couplings make every local field an exact integer, so
dynamics give identical results whatever the BLAS, thread count or summation order
(float32 holds every integer below 2^24 exactly; `dynamics.binary.fields` checks the bound). Pass C, not
C/N, to the dynamics: in floating point a zero field can come out as ±1e-17 and break the
sgn(0) rule. Energies and fields computed from C are N times those of w.
"""

from __future__ import annotations

import numpy as np


def hebbian_sum(patterns: np.ndarray) -> np.ndarray:
    """C = Σ_μ ξ^μ ξ^μᵀ with zero diagonal, as int16 (N, N) (int32 when P > 32767)."""
    patterns = np.asarray(patterns)
    p, n = patterns.shape
    x = patterns.astype(np.float32)
    c = x.T @ x  # exact: integers of magnitude ≤ P < 2^24
    np.fill_diagonal(c, 0.0)
    return c.astype(np.int16 if p <= np.iinfo(np.int16).max else np.int32)

