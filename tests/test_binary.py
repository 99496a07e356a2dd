"""Dynamics: invariants (energy, fixed points, 2-cycles), exactness and reproducibility."""
import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hopsim import learning, measures, seeds, theory
from hopsim.dynamics import binary
from hopsim.patterns import flip_bits, mixture_states, random_patterns


def symmetric_integer_weights(rng, n, scale=5):
    w = rng.integers(-scale, scale + 1, size=(n, n))
    w = np.triu(w, 1)
    return (w + w.T).astype(np.int16)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 40), m=st.integers(1, 6), seed=st.integers(0, 2**32 - 1),
       hebbian=st.booleans())
def test_async_energy_never_rises_and_ends_at_fixed_point(n, m, seed, hebbian):
    rng = np.random.default_rng(seed)
    if hebbian:
        w = learning.hebbian_sum(random_patterns(rng, int(rng.integers(1, 2 * n)), n))
    else:
        w = symmetric_integer_weights(rng, n)
    s0 = random_patterns(rng, m, n)
    r = binary.relax_async(w, s0, seeds.stream_seeds(seed, (1,), m), max_sweeps=10 * n + 10)
    for row, steps in zip(r.energy, r.steps):
        e = row[: steps + 1]
        assert np.all(np.diff(e) <= 0)
    assert np.all(r.status == binary.FIXED_POINT)
    assert np.all(binary.is_fixed_point(w, r.states))
    # The recorded final energy is the energy of the final state.
    final = r.energy[np.arange(m), r.steps]
    assert np.allclose(final, binary.energy(w, r.states))


def test_async_energy_never_rises_with_float_weights():
    rng = np.random.default_rng(3)
    w = rng.normal(size=(60, 60))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0)
    r = binary.relax_async(w, random_patterns(rng, 20, 60), np.arange(20, dtype=np.uint64), 500)
    for row, steps in zip(r.energy, r.steps):
        assert np.all(np.diff(row[: steps + 1]) <= 1e-12)
    assert np.all(binary.is_fixed_point(w, r.states))


def test_sync_detects_two_cycle():
    # Antiferromagnetic pair: (+,+) → (−,−) → (+,+): a 2-cycle, never a fixed point.
    w = np.array([[0, -1], [-1, 0]], dtype=np.int16)
    r = binary.relax_sync(w, np.array([[1, 1], [1, -1]], dtype=np.int8), max_steps=20)
    assert r.status.tolist() == [binary.TWO_CYCLE, binary.FIXED_POINT]
    assert r.steps.tolist() == [2, 0]
    assert r.states[1].tolist() == [1, -1]
    # Async dynamics on the same weights always reach a fixed point.
    a = binary.relax_async(w, np.array([[1, 1]], dtype=np.int8), np.array([5], np.uint64), 20)
    assert a.status[0] == binary.FIXED_POINT and a.states[0, 0] == -a.states[0, 1]


def test_sync_two_cycles_in_a_hebbian_network_are_real():
    rng = np.random.default_rng(11)
    x = random_patterns(rng, 60, 200)
    w = learning.hebbian_sum(x)
    r = binary.relax_sync(w, random_patterns(rng, 200, 200), max_steps=100)
    cyc = r.status == binary.TWO_CYCLE
    assert cyc.any()
    s = r.states[cyc]
    s1 = binary.sgn_keep(binary.fields(w, s), s)
    s2 = binary.sgn_keep(binary.fields(w, s1), s1)
    assert np.all(s2 == s) and np.all(np.any(s1 != s, axis=1))
    assert np.all(binary.is_fixed_point(w, r.states[r.status == binary.FIXED_POINT]))


def test_zero_field_keeps_state():
    s = np.array([[1, -1, 1]], dtype=np.int8)
    assert binary.sgn_keep(np.array([[0.0, 0.0, -2.0]]), s).tolist() == [[1, -1, -1]]


def test_fields_are_exact_integers():
    rng = np.random.default_rng(0)
    x = random_patterns(rng, 300, 1500)
    w = learning.hebbian_sum(x)
    s = random_patterns(rng, 7, 1500)
    exact = s.astype(np.int64) @ w.astype(np.int64).T
    assert np.array_equal(binary.fields(w, s), exact)
    assert np.array_equal(binary.fields_from_patterns(x, s), exact)


def test_async_does_not_depend_on_batch_or_threads():
    rng = np.random.default_rng(5)
    x = random_patterns(rng, 30, 200)
    w = learning.hebbian_sum(x)
    starts = flip_bits(x[:12], 40, rng)
    sd = seeds.stream_seeds(1, (2, 3), 12)
    whole = binary.relax_async(w, starts, sd, 100)
    pieces = [binary.relax_async(w, starts[i:i + 1], sd[i:i + 1], 100).states for i in range(12)]
    assert np.array_equal(whole.states, np.concatenate(pieces))
    old = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = binary.relax_async(w, starts, sd, 100)
    finally:
        numba.set_num_threads(old)
    assert np.array_equal(single.states, whole.states)
    assert np.array_equal(single.energy, whole.energy, equal_nan=True)
    # Other seeds give another update order (and, from such noisy cues, other end states).
    other = binary.relax_async(w, starts, seeds.stream_seeds(2, (2, 3), 12), 100)
    assert not np.array_equal(other.energy, whole.energy, equal_nan=True)


def test_stored_patterns_at_low_load_are_fixed_points():
    rng = np.random.default_rng(8)
    x = random_patterns(rng, 20, 1000)
    assert np.all(binary.is_fixed_point(learning.hebbian_sum(x), x))


def test_unstable_bit_fraction_matches_one_step_theory():
    """At α = 0.138 the fraction of unstable stored bits follows ½ erfc(1/sqrt(2α))."""
    rng = np.random.default_rng(12)
    n, p = 2000, 276
    bad = total = 0
    for _ in range(3):
        x = random_patterns(rng, p, n)
        bad += int((x * binary.fields(learning.hebbian_sum(x), x) < 0).sum())
        total += x.size
    predicted = theory.one_step_error_finite(n, p)
    sigma = np.sqrt(predicted / total)  # Poisson error of the fraction
    assert abs(bad / total - predicted) < 4 * sigma


def test_mixture_state_overlaps_and_energy_at_low_load():
    rng = np.random.default_rng(4)
    n = 4000
    x = random_patterns(rng, 3, n)
    mix = mixture_states(x, np.array([[0, 1, 2]]))
    m = measures.overlaps(x, mix)[0]
    assert np.allclose(m, 0.5, atol=4 / np.sqrt(n))
    w = learning.hebbian_sum(x)
    e_mix = binary.energy(w, mix)[0] / n**2
    e_pat = binary.energy(w, x[:1])[0] / n**2
    assert e_mix == pytest.approx(-3 / 8, abs=0.02)
    assert e_pat == pytest.approx(-1 / 2, abs=0.02)
    assert binary.is_fixed_point(w, mix)[0]


@settings(max_examples=20, deadline=None)
@given(n=st.integers(3, 60), p=st.integers(1, 30), m=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_pattern_form_dynamics_equal_weight_form(n, p, m, seed):
    """Never forming W must not change a single trajectory (async) or end state (sync)."""
    rng = np.random.default_rng(seed)
    x = random_patterns(rng, p, n)
    c = learning.hebbian_sum(x)
    s0 = random_patterns(rng, m, n)
    sd = seeds.stream_seeds(seed, (4,), m)
    a_w, a_x = binary.relax_async(c, s0, sd, 200), binary.relax_async_patterns(x, s0, sd, 200)
    assert np.array_equal(a_w.states, a_x.states)
    assert np.array_equal(a_w.energy, a_x.energy, equal_nan=True)
    assert np.array_equal(a_w.flips, a_x.flips)
    s_w, s_x = binary.relax_sync(c, s0, 50), binary.relax_sync(None, s0, 50, patterns=x)
    assert np.array_equal(s_w.states, s_x.states) and np.array_equal(s_w.status, s_x.status)
    assert np.array_equal(s_w.energy, s_x.energy, equal_nan=True)
    given_fields = binary.relax_async(c, s0, sd, 200, initial_fields=binary.fields_from_patterns(x, s0),
                                      symmetric=True)
    assert np.array_equal(given_fields.states, a_w.states)


def test_asymmetric_weights_use_columns():
    """For non-symmetric W the field of unit i is Σ_j w_ij S_j: a flip of k updates column k.
    A strictly lower-triangular (feed-forward) W always settles, into a true fixed point."""
    rng = np.random.default_rng(21)
    w = np.tril(rng.integers(-3, 4, size=(30, 30)), -1).astype(np.int16)
    s0 = random_patterns(rng, 4, 30)
    r = binary.relax_async(w, s0, np.arange(4, dtype=np.uint64), 100)
    assert np.all(r.status == binary.FIXED_POINT)
    assert np.all(binary.is_fixed_point(w, r.states))


def test_stacked_pattern_sets_equal_one_call_per_set():
    rng = np.random.default_rng(17)
    x = np.stack([random_patterns(rng, 25, 150) for _ in range(3)])
    s0 = flip_bits(x[:, :4].reshape(-1, 150), 30, rng).reshape(3, 4, 150)
    sd = seeds.stream_seeds(5, (6,), 12).reshape(3, 4)
    stacked = binary.relax_async_patterns(x, s0, sd, 100)
    assert stacked.states.shape == (3, 4, 150) and stacked.steps.shape == (3, 4)
    for b in range(3):
        one = binary.relax_async(learning.hebbian_sum(x[b]), s0[b], sd[b], 100)
        assert np.array_equal(stacked.states[b], one.states)
        assert np.array_equal(stacked.energy[b], one.energy, equal_nan=True)


def test_int32_overlaps_give_the_same_trajectories(monkeypatch):
    """The int32 overlaps used from N = 2^15 on, forced at small N: same trajectories as W."""
    monkeypatch.setattr(binary, "overlap_dtype", lambda n: np.int32)
    rng = np.random.default_rng(8)
    x = random_patterns(rng, 40, 300)
    s0 = flip_bits(x[:5], 60, rng)
    sd = seeds.stream_seeds(9, (2,), 5)
    a_w, a_x = binary.relax_async(learning.hebbian_sum(x), s0, sd, 100), \
        binary.relax_async_patterns(x, s0, sd, 100)
    assert np.array_equal(a_w.states, a_x.states)
    assert np.array_equal(a_w.energy, a_x.energy, equal_nan=True)


def test_large_network_beyond_int16_ends_at_a_fixed_point():
    """N > 2^15 (int16 overlaps would wrap): cues relax to true fixed points of the Hebbian
    fields (checked in float64) with the energy never rising, and low load retrieves."""
    n, p = 40_000, 40
    rng = np.random.default_rng(12)
    x = random_patterns(rng, p, n)
    cue = flip_bits(x[:2], n // 5, rng)
    r = binary.relax_async_hebbian(np.ascontiguousarray(x.T), cue, np.arange(2, dtype=np.uint64), 50)
    assert np.all(r.status == binary.FIXED_POINT)
    h = (r.states.astype(np.float64) @ x.T.astype(np.float64)) @ x - p * r.states
    assert np.all(binary.sgn_keep(h, r.states) == r.states)
    e = r.energy[:, : r.steps.max() + 1]
    assert np.all(np.diff(e[np.isfinite(e).all(axis=1)], axis=1) <= 0)
    assert np.all(np.einsum("mn,mn->m", r.states.astype(np.int64), x[:2]) == n)


def test_pattern_kernel_refuses_targets_beyond_the_patterns():
    cols = random_patterns(np.random.default_rng(0), 3, 20).T
    with pytest.raises(ValueError, match="targets"):
        binary.relax_async_hebbian(cols, np.ones((1, 20), np.int8), np.zeros(1, np.uint64), 5,
                                   targets=[3], lost_below=0.5)
