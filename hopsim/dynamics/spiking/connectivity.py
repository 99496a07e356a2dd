"""Random connectivity of the spiking networks: (pre, post) pairs drawn from one splitmix64
stream (fixed in-degree or independent connections), and the CSR table of outgoing synapses the
kernels propagate spikes through."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from ..binary import _splitmix64, _uniform


@numba.njit(cache=True)
def _fixed_indegree(rng, n_post, pre_start, n_pre, k, exclude_self):
    """For every post neuron k distinct presynaptic neurons from pre_start … pre_start + n_pre − 1
    (partial Fisher–Yates on a persistent permutation; no autapse when exclude_self)."""
    perm = np.arange(n_pre)
    pre = np.empty(n_post * k, dtype=np.int32)
    post = np.empty(n_post * k, dtype=np.int32)
    m = 0
    for i in range(n_post):
        got = 0
        j = 0
        while got < k:
            r = j + np.int64((_splitmix64(rng) >> np.uint64(32)) * np.uint64(n_pre - j)
                             >> np.uint64(32))
            perm[j], perm[r] = perm[r], perm[j]
            cand = pre_start + perm[j]
            j += 1
            if exclude_self and cand == i:
                continue
            pre[m] = cand
            post[m] = i
            m += 1
            got += 1
    return pre, post


@numba.njit(cache=True)
def _bernoulli(rng, n_post, pre_start, n_pre, p, exclude_self):
    """Every (pre, post) pair independently with probability p (geometric skips: O(synapses))."""
    cap = int(n_post * n_pre * p + 10 * math.sqrt(n_post * n_pre * p + 1) + 16)
    pre = np.empty(cap, dtype=np.int32)
    post = np.empty(cap, dtype=np.int32)
    total = n_post * n_pre
    log_q = math.log(1.0 - p)
    idx = -1
    m = 0
    while True:
        u = _uniform(rng)
        idx += 1 + int(math.floor(math.log(1.0 - u) / log_q))
        if idx >= total:
            break
        i = idx // n_pre
        cand = pre_start + idx % n_pre
        if exclude_self and cand == i:
            continue
        if m == cap:  # vanishingly rare: grow
            pre = np.concatenate((pre, np.empty(cap, dtype=np.int32)))
            post = np.concatenate((post, np.empty(cap, dtype=np.int32)))
            cap *= 2
        pre[m] = cand
        post[m] = i
        m += 1
    return pre[:m], post[:m]


def connect(rng_seed: int, n_post: int, pre_start: int, n_pre: int, rule: str, value: float,
            exclude_self: bool) -> tuple[np.ndarray, np.ndarray]:
    """(pre, post) int32 pairs from pre_start … pre_start + n_pre − 1 onto 0 … n_post − 1:
    rule 'fixed_indegree' (exactly `value` inputs each, distinct) or 'bernoulli' (probability
    `value`). exclude_self drops autapses when the two ranges are the same neurons."""
    rng = np.array([rng_seed], dtype=np.uint64)
    if rule == "fixed_indegree":
        k = int(value)
        if not 0 <= k <= n_pre - (1 if exclude_self else 0):
            raise ValueError(f"in-degree {k} impossible from {n_pre} neurons")
        return _fixed_indegree(rng, n_post, pre_start, n_pre, k, exclude_self)
    if rule == "bernoulli":
        if not 0 < value < 1:
            raise ValueError(f"connection probability must lie in (0, 1), got {value}")
        return _bernoulli(rng, n_post, pre_start, n_pre, float(value), exclude_self)
    raise ValueError(f"unknown connectivity rule {rule!r}: 'fixed_indegree' or 'bernoulli'")


@dataclass
class CSR:
    """Outgoing synapses by presynaptic neuron: targets post[indptr[j]:indptr[j+1]] with weights."""
    indptr: np.ndarray   # (N + 1,) int64
    post: np.ndarray     # (S,) int32
    weight: np.ndarray   # (S,) float64, mV

    @classmethod
    def from_pairs(cls, n: int, pre: np.ndarray, post: np.ndarray, weight: np.ndarray) -> CSR:
        pre = np.asarray(pre, np.int64)
        order = np.argsort(pre, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(pre, minlength=n), out=indptr[1:])
        return cls(indptr, np.ascontiguousarray(np.asarray(post, np.int32)[order]),
                   np.ascontiguousarray(np.asarray(weight, np.float64)[order]))

    @property
    def n_synapses(self) -> int:
        return int(self.post.size)
