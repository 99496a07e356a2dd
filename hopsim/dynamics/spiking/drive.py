"""External Poisson drive: the number of external spikes a neuron receives in one step is
Binomial(C_ext, ν_ext dt), drawn by inverting the binomial CDF with a guide table (exact up to
double rounding, one uniform per draw). Each neuron has a drive class (a row of the tables), so a
cue or a reset input is a change of class for the neurons it reaches."""

from __future__ import annotations

import numba
import numpy as np
from scipy import stats

GUIDE_SIZE = 256


def binomial_table(n: int, p: float, guide_size: int = GUIDE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, guide) of Binomial(n, p): cdf[k] = Pr{X ≤ k} up to where it is 1 in double precision
    (the last entry forced to 1), guide[g] = smallest k with cdf[k] > g / G. A uniform u maps to the
    smallest k with cdf[k] > u, starting the search at guide[⌊u G⌋]: exact inversion, ~1 comparison."""
    if n == 0 or p == 0:
        return np.ones(1), np.zeros(guide_size, dtype=np.int32)
    if not 0 < p < 1:
        raise ValueError(f"probability per step must lie in [0, 1), got {p}")
    k = np.arange(n + 1)
    cdf = stats.binom.cdf(k, n, p)
    last = int(np.searchsorted(cdf, 1.0 - 1e-17))
    cdf = cdf[: min(last + 1, n + 1)].copy()
    cdf[-1] = 1.0
    guide = np.searchsorted(cdf, np.arange(guide_size) / guide_size, side="right").astype(np.int32)
    return cdf, guide


def stack_tables(tables: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Tables of several drive classes as (cdf (K, L) padded with 1, guide (K, G))."""
    width = max(t[0].size for t in tables)
    cdf = np.ones((len(tables), width))
    for r, (c, _) in enumerate(tables):
        cdf[r, : c.size] = c
    return cdf, np.stack([g for _, g in tables]).astype(np.int32)


@numba.njit(cache=True, inline="always")
def _draw(cdf, guide, row, u):
    k = guide[row, int(u * guide.shape[1])]
    while cdf[row, k] <= u:
        k += 1
    return k
