"""Binary ±1 and sparse 0/1 patterns, and the start states built from them (noisy cues,
symmetric mixtures, partial cues)."""

from __future__ import annotations

import numpy as np


def random_pattern_columns(rng: np.random.Generator, n_patterns: int, n_neurons: int) -> np.ndarray:
    """P independent patterns ξ^μ ∈ {−1, +1}^N with Pr{ξ_i = +1} = ½, neuron-major: int8 (N, P),
    column μ is pattern μ. Each bit of the generator's raw 64-bit outputs (little-endian, in
    order) fills the next entry: 64 entries per draw, so N = 10^5, P = 14 000 takes seconds, and
    the layout the pattern kernel reads comes out without a transpose."""
    size = n_patterns * n_neurons
    raw = rng.bit_generator.random_raw(-(-size // 64)).astype("<u8", copy=False)
    bits = np.unpackbits(raw.view(np.uint8), count=size, bitorder="little").view(np.int8)
    bits *= 2  # in place: at N = 10^5 one copy is already gigabytes
    bits -= 1
    return bits.reshape(n_neurons, n_patterns)


def random_patterns(rng: np.random.Generator, n_patterns: int, n_neurons: int) -> np.ndarray:
    """The patterns of `random_pattern_columns`, one per row: int8 (P, N)."""
    return np.ascontiguousarray(random_pattern_columns(rng, n_patterns, n_neurons).T)


def sparse_patterns(rng: np.random.Generator, n_patterns: int, n_neurons: int,
                    activity: float) -> np.ndarray:
    """P patterns ξ^μ ∈ {0, 1}^N with exactly K = round(aN) active units each, chosen uniformly:
    int8 (P, N). A fixed K makes c Σ_j (ξ_j − a) ξ_j = 1 exactly for a = K/N (with independent
    bits a pattern's own overlap would scatter by ±sqrt((1 − a)/(aN)): ±0.16 at a = 0.02,
    N = 2000, more than the retrieval criterion allows)."""
    k = active_units(activity, n_neurons)
    x = np.zeros((n_patterns, n_neurons), dtype=np.int8)
    if n_patterns:
        idx = np.argpartition(rng.random((n_patterns, n_neurons)), k - 1, axis=1)[:, :k]
        x[np.arange(n_patterns)[:, None], idx] = 1
    return x


def active_units(activity: float, n_neurons: int) -> int:
    """K = round(aN) (halves up), at least 1 and at most N − 1."""
    k = int(activity * n_neurons + 0.5)
    if not 1 <= k < n_neurons:
        raise ValueError(f"activity {activity} gives {k} active units of N = {n_neurons}; "
                         f"a pattern needs between 1 and N − 1")
    return k


def flip_bits(states: np.ndarray, n_flip: int, rng: np.random.Generator) -> np.ndarray:
    """Copy of `states` (M, N) with exactly `n_flip` distinct bits flipped in each row."""
    states = np.array(states, dtype=np.int8, copy=True)
    m, n = states.shape
    if not 0 <= n_flip <= n:
        raise ValueError(f"n_flip must be in [0, {n}], got {n_flip}")
    if n_flip == 0:
        return states
    # argpartition of uniform keys picks a uniformly random subset of size n_flip per row.
    idx = np.argpartition(rng.random((m, n)), n_flip - 1, axis=1)[:, :n_flip]
    rows = np.arange(m)[:, None]
    states[rows, idx] *= -1
    return states


def mixture_states(patterns: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Symmetric odd mixtures sgn(Σ_k ξ^{μ_k}) for each row of `members` (M, odd k)."""
    members = np.asarray(members)
    if members.shape[1] % 2 == 0:
        raise ValueError("a symmetric mixture needs an odd number of patterns")
    total = patterns[members].astype(np.int16).sum(axis=1)
    return np.sign(total).astype(np.int8)
