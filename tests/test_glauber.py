"""Glauber dynamics: T = 0 is the deterministic model, the async chain samples Boltzmann, and at
low load the overlap follows the mean-field map."""
import itertools
import math

import numpy as np
import pytest
from scipy import stats

from hopsim import seeds, theory
from hopsim.dynamics import binary, glauber
from hopsim.patterns import flip_bits, random_pattern_columns


def test_zero_temperature_is_the_deterministic_model():
    rng = np.random.default_rng(4)
    cols = random_pattern_columns(rng, 30, 300)
    cues = flip_bits(np.ascontiguousarray(cols[:, :5].T), 60, rng)
    order = seeds.stream_seeds(1, (7,), 5)
    det = binary.relax_async_hebbian(cols, cues, order, 200)
    assert np.all(det.status == binary.FIXED_POINT)
    final, m = glauber.glauber_async(cols, cues, order, np.arange(5), 0.0, 200, record=range(5))
    assert np.array_equal(final, det.states)
    targets = np.ascontiguousarray(cols[:, :5].T).astype(np.int64)
    assert np.allclose(m[np.arange(5), -1, np.arange(5)],
                       np.einsum("mn,mn->m", det.states.astype(np.int64), targets) / 300)


def test_parallel_zero_temperature_is_the_synchronous_model():
    rng = np.random.default_rng(6)
    x = np.ascontiguousarray(random_pattern_columns(rng, 20, 200).T)
    start = flip_bits(x[:4], 50, rng)
    for steps in (1, 3):
        sync = binary.relax_sync(None, start, steps, patterns=x)
        final, _ = glauber.glauber_parallel(x, start, rng, 0.0, steps)
        moved = sync.steps == steps  # rows that stopped earlier sit at a fixed point or 2-cycle
        assert np.array_equal(final[moved], sync.states[moved]) and moved.any()


def test_async_chain_samples_the_boltzmann_distribution():
    """N = 5 Hebbian units at T = 0.8: the states of 20 000 independent chains after 40 sweeps
    against exp(−E/T)/Z over all 32 states, E = −½ Σ_{i≠j} w_ij S_i S_j (χ² test)."""
    n, p, temperature, chains = 5, 2, 0.8, 20_000
    cols = random_pattern_columns(np.random.default_rng(2), p, n)
    w = (cols.astype(float) @ cols.T.astype(float) - p * np.eye(n)) / n
    states = np.array(list(itertools.product((-1, 1), repeat=n)), dtype=np.int8)
    energy = -0.5 * np.einsum("si,ij,sj->s", states, w, states)
    boltzmann = np.exp(-energy / temperature)
    boltzmann /= boltzmann.sum()
    start = np.ones((chains, n), dtype=np.int8)
    order = seeds.stream_seeds(3, (1,), chains)
    noise = seeds.stream_seeds(3, (2,), chains)
    final, _ = glauber.glauber_async(cols, start, order, noise, temperature, 40)
    index = ((final > 0) * (1 << np.arange(n - 1, -1, -1))).sum(axis=1)
    counts = np.bincount(index, minlength=2**n)
    assert stats.chisquare(counts, chains * boltzmann).pvalue > 1e-4
    # The same test can fail: the chain at T = 0.4 is far from Boltzmann at 0.8.
    cold, _ = glauber.glauber_async(cols, start, order, noise, 0.4, 40)
    cold_counts = np.bincount(((cold > 0) * (1 << np.arange(n - 1, -1, -1))).sum(axis=1),
                              minlength=2**n)
    assert stats.chisquare(cold_counts, chains * boltzmann).pvalue < 1e-6


def map_iterates(m0, temperature, steps):
    out = [m0]
    for _ in range(steps):
        out.append(math.tanh(out[-1] / temperature))
    return np.array(out)


@pytest.mark.parametrize("temperature", [0.5, 0.9])
def test_parallel_overlap_follows_the_map(temperature):
    """N = 40 000, P = 4 (α = 10^−4), m(0) = 0.4: m(t) = tanh(β m(t−1)) within 4/√N."""
    n = 40_000
    rng = np.random.default_rng(11)
    x = np.ascontiguousarray(random_pattern_columns(rng, 4, n).T)
    start = flip_bits(x[:1], int(0.3 * n), rng)  # m(0) = 1 − 2·0.3 = 0.4
    _, m = glauber.glauber_parallel(x, start, rng, temperature, 5)
    assert np.allclose(m[0, :, 0], map_iterates(0.4, temperature, 5), atol=4 / math.sqrt(n))


@pytest.mark.parametrize("temperature", [0.5, 0.8, 0.9])
def test_graded_response_fixed_point_solves_the_mean_field_equation(temperature):
    n = 4000
    x = np.ascontiguousarray(random_pattern_columns(np.random.default_rng(5), 3, n).T)
    _, m = glauber.graded_response(x, x[:1], temperature, 400)
    assert m[0, -1, 0] == pytest.approx(theory.meanfield_overlap(temperature), abs=0.01)
    assert abs(m[0, -1, 0] - m[0, -2, 0]) < 1e-6  # settled


def test_bad_temperature_is_refused():
    cols = random_pattern_columns(np.random.default_rng(0), 2, 10)
    with pytest.raises(ValueError, match="temperature"):
        glauber.glauber_async(cols, np.ones((1, 10), np.int8), [0], [0], -0.1, 1)
    with pytest.raises(ValueError, match="temperature"):
        glauber.graded_response(cols.T, np.ones((1, 10)), 0.0, 1)
