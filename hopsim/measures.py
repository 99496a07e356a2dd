"""Measures on states: overlaps, energy per neuron, and classification of final states.

Classification rule (applied to the overlaps m_μ = (1/N) Σ_i ξ_i^μ S_i of a final state):

1. ``pattern``  — the largest overlap is ≥ `pattern_min` (default 0.9);
2. ``reversed`` — the most negative overlap is ≤ −`pattern_min` (the −ξ^μ attractor);
3. ``mixture``  — exactly k ∈ {3, 5} overlaps have |m_μ| ≥ `member_min` (default 0.2) and each of
   them lies within `mixture_tol` (default 0.15) of the symmetric k-mixture value
   C(k−1,(k−1)/2)/2^{k−1} (½ for k = 3, ⅜ for k = 5); signs may differ (mixtures of ±ξ^μ);
4. ``spurious`` — anything else (spin-glass states, asymmetric mixtures).
"""

from __future__ import annotations

import numpy as np

from .theory import mixture_overlap

CLASSES = ("pattern", "reversed", "mixture", "spurious")
MIXTURE_ORDERS = (3, 5)


def overlaps(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """m_μ for each state: (M, P) float64 from patterns (P, N) and states (M, N)."""
    n = patterns.shape[1]
    # float32 products of ±1 sum exactly while N < 2^24.
    return (np.asarray(states, dtype=np.float32) @ np.asarray(patterns, dtype=np.float32).T
            ).astype(np.float64) / n


def classify(
    m: np.ndarray,
    pattern_min: float = 0.9,
    member_min: float = 0.2,
    mixture_tol: float = 0.15,
) -> tuple[np.ndarray, np.ndarray]:
    """Class index (into CLASSES) and mixture order (0 unless a mixture) for each row of m (M, P)."""
    m = np.atleast_2d(m)
    cls = np.full(m.shape[0], CLASSES.index("spurious"), dtype=np.int8)
    order = np.zeros(m.shape[0], dtype=np.int8)
    absm = np.abs(m)
    big = absm >= member_min
    n_big = big.sum(axis=1)
    for k in MIXTURE_ORDERS:
        target = mixture_overlap(k)
        close = np.where(big, np.abs(absm - target) <= mixture_tol, True).all(axis=1)
        hit = (n_big == k) & close
        cls[hit] = CLASSES.index("mixture")
        order[hit] = k
    cls[m.min(axis=1) <= -pattern_min] = CLASSES.index("reversed")
    cls[m.max(axis=1) >= pattern_min] = CLASSES.index("pattern")
    order[cls != CLASSES.index("mixture")] = 0
    return cls, order
