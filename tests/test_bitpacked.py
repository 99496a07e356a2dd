"""Bit-packed Hebbian kernel: the int8 kernel's results exactly, and the bit-plane bookkeeping
it rests on (overlaps split into planes and outliers, kept through flips, rebuilt on overflow)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hopsim import seeds
from hopsim.dynamics import binary, bitpacked
from hopsim.patterns import flip_bits, pack_columns, random_pattern_columns

FIELDS = ("states", "steps", "status", "energy", "flips")


def assert_same_runs(a: binary.Relaxation, b: binary.Relaxation):
    for f in FIELDS:
        assert np.array_equal(getattr(a, f), getattr(b, f), equal_nan=True), f


def both_kernels(cols, starts, seed, max_sweeps, **stop):
    """The int8 kernel and the bit kernel on the same patterns (N, P) or (B, N, P), starts and
    orders."""
    order = seeds.stream_seeds(seed, (1,), starts.shape[0] * starts.shape[1]).reshape(
        starts.shape[:-1]) if starts.ndim == 3 else seeds.stream_seeds(seed, (1,), starts.shape[0])
    ref = binary.relax_async_hebbian(cols, starts, order, max_sweeps, **stop)
    bits = bitpacked.relax_async_hebbian_bits(pack_columns(cols), cols.shape[-1], starts, order,
                                              max_sweeps, **stop)
    return ref, bits


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), p=st.integers(1, 200), m=st.integers(1, 5),
       noise=st.sampled_from([0.0, 0.1, 0.3, 0.5]), seed=st.integers(0, 2**32 - 1))
def test_same_runs_as_the_int8_kernel(n, p, m, noise, seed):
    """Cues around stored patterns (noise ½: random starts) at any N and P, most of them off
    multiples of 8 and 64."""
    rng = np.random.default_rng(seed)
    cols = random_pattern_columns(rng, p, n)
    starts = flip_bits(np.ascontiguousarray(cols[:, np.arange(m) % p].T), int(noise * n), rng)
    assert_same_runs(*both_kernels(cols, starts, seed, 60))


@pytest.mark.parametrize("n, p", [(999, 170), (1000, 165), (1283, 205)])
def test_same_runs_with_targets_and_lost_runs(n, p):
    """Loads above α_c from stored patterns: some runs lose their pattern and stop (LOST), the
    others reach fixed points; every run the same with both kernels, with and without the floor."""
    rng = np.random.default_rng(n)
    cols = random_pattern_columns(rng, p, n)
    starts = np.ascontiguousarray(cols[:, :8].T)
    full = both_kernels(cols, starts, 3, 300)
    stopped = both_kernels(cols, starts, 3, 300, targets=np.arange(8), lost_below=0.55)
    assert_same_runs(*full)
    assert_same_runs(*stopped)
    assert np.any(stopped[0].status == binary.LOST) and np.any(stopped[0].status == binary.FIXED_POINT)


def test_same_runs_batched_and_capped():
    """Stacked pattern sets (B, N, ⌈P/64⌉) with their own starts, and runs cut by the cap."""
    rng = np.random.default_rng(4)
    cols = np.stack([random_pattern_columns(rng, 77, 211) for _ in range(3)])
    starts = np.stack([flip_bits(np.ascontiguousarray(c[:, :4].T), 60, rng) for c in cols])
    ref, bits = both_kernels(cols, starts, 8, 2)
    assert bits.states.shape == (3, 4, 211) and bits.energy.shape == (3, 4, 3)
    assert np.any(ref.status == binary.CAPPED)
    assert_same_runs(ref, bits)
    targets = np.tile(np.arange(4), (3, 1))
    assert_same_runs(*both_kernels(cols, starts, 8, 100, targets=targets, lost_below=0.9))


def test_same_runs_beyond_int16_overlaps():
    """N > 2^15 (the int8 kernel switches to int32 overlaps), N odd, random starts: the first
    sweep drives one overlap from ~√N to ~N through the window of the planes."""
    n, p = 40_001, 70
    rng = np.random.default_rng(6)
    cols = random_pattern_columns(rng, p, n)
    starts = flip_bits(np.ascontiguousarray(cols[:, :2].T), n // 2, rng)
    assert_same_runs(*both_kernels(cols, starts, 2, 50))


def decoded(planes, n_planes, p):
    """u_μ held by the planes, for μ < P."""
    mu = np.arange(p)
    bits = (planes[:n_planes, mu // 64] >> (mu % 64).astype(np.uint64)) & np.uint64(1)
    return (bits.astype(np.int64) << np.arange(n_planes)[:, None]).sum(axis=0)


def in_bulk(bulk, p):
    mu = np.arange(p)
    return ((bulk[mu // 64] >> (mu % 64).astype(np.uint64)) & np.uint64(1)).astype(bool)


@pytest.mark.parametrize("n", [500, 501])
def test_planes_and_outliers_follow_the_overlaps_through_flips(n):
    """The invariants the fields rest on: after `_encode`, bulk overlaps are q_μ = c + 2u_μ with
    u_μ in the planes and U = Σ u_μ, every other pattern is an outlier; `_flip_update` keeps
    them, and reports a u_μ leaving the window exactly when one does. Units are set to
    pattern 0 one by one, so its overlap climbs through the window and leaves it; and every
    field equals the int8 kernel's. P ≫ 64, so that a far overlap is cheaper as an outlier than
    as more planes."""
    p = 1000
    rng = np.random.default_rng(n)
    cols = random_pattern_columns(rng, p, n)
    bits = pack_columns(cols)
    s = random_pattern_columns(rng, 1, n)[:, 0].copy()
    q = np.empty(p, np.int32)
    ones = np.empty(n, np.int32)
    bitpacked._initial_overlaps(bits, s, q, ones)
    assert np.array_equal(q, s.astype(np.int64) @ cols)
    assert np.array_equal(ones, (cols > 0).sum(axis=1))
    planes = np.zeros((bitpacked.MAX_PLANES, bits.shape[1]), np.uint64)
    bulk = np.empty(bits.shape[1], np.uint64)
    outliers = np.empty(p, np.int64)

    def encode():
        b, c, big_u, n_out = bitpacked._encode(q, n, planes, bulk, outliers)
        assert set(outliers[:n_out]) == set(np.flatnonzero(~in_bulk(bulk, p)))
        return b, c, big_u, n_out

    def check(b, c, big_u, n_out):
        inside = in_bulk(bulk, p)
        assert np.array_equal(c + 2 * decoded(planes, b, p)[inside], q[inside])
        assert big_u == decoded(planes, b, p)[inside].sum()
        for k in range(0, n, 37):
            field = bitpacked._bit_field(bits[k], ones[k], s[k], planes, b, c, big_u, outliers,
                                         n_out, q)
            assert field == int(cols[k].astype(np.int64) @ q) - p * int(s[k])

    state = encode()
    check(*state)
    rebuilds = 0
    for k in rng.permutation(n):
        if s[k] == cols[k, 0]:
            continue
        s[k] = -s[k]
        b, c, big_u, n_out = state
        change, left = bitpacked._flip_update(bits[k], s[k], q, planes, b, bulk)
        assert np.array_equal(q, s.astype(np.int64) @ cols)
        true_u = (q.astype(np.int64) - c) // 2
        assert left == np.any((true_u[in_bulk(bulk, p)] < 0) | (true_u[in_bulk(bulk, p)] >= 2**b))
        if left:
            state = encode()
            rebuilds += 1
        else:
            state = (b, c, big_u + change, n_out)
        check(*state)
    assert q[0] == n and rebuilds > 0 and 0 in outliers[:state[3]]


def test_refuses_bits_of_another_shape_or_with_padding_set():
    cols = random_pattern_columns(np.random.default_rng(0), 70, 20)
    bits = pack_columns(cols)
    s, sd = np.ones((1, 20), np.int8), np.zeros(1, np.uint64)
    with pytest.raises(ValueError, match="uint64"):
        bitpacked.relax_async_hebbian_bits(bits, 64, s, sd, 5)
    with pytest.raises(ValueError, match="uint64"):
        bitpacked.relax_async_hebbian_bits(bits.astype(np.int64), 70, s, sd, 5)
    bits[3, 1] |= np.uint64(1) << np.uint64(6)
    with pytest.raises(ValueError, match="beyond"):
        bitpacked.relax_async_hebbian_bits(bits, 70, s, sd, 5)
