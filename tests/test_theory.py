"""The theory module against the AGS equations solved independently here."""
import math

import numpy as np
import pytest
from scipy import special

from hopsim import theory


def ags_by_iteration(alpha, iters=20000):
    """Replica-symmetric T = 0 equations in (m, C) form, iterated from m = 1:
    m = erf(m / sqrt(2 α r)), C = sqrt(2/(π α r)) exp(−m²/(2 α r)), r = 1/(1 − C)²."""
    m, c = 1.0, 0.0
    for _ in range(iters):
        r = 1.0 / (1.0 - c) ** 2
        m_new = special.erf(m / math.sqrt(2 * alpha * r))
        c = math.sqrt(2 / (math.pi * alpha * r)) * math.exp(-m_new**2 / (2 * alpha * r))
        if abs(m_new - m) < 1e-14:
            return m_new
        m = m_new
    return m


@pytest.mark.parametrize("alpha", [0.05, 0.10, 0.13])
def test_overlap_matches_independent_iteration(alpha):
    assert theory.ags_overlap(alpha) == pytest.approx(ags_by_iteration(alpha), abs=1e-6)


def test_critical_load_and_overlap():
    alpha_c, m_c = theory.ags_critical_load()
    assert alpha_c == pytest.approx(0.1379, abs=0.0005)
    assert m_c == pytest.approx(0.967, abs=0.002)
    # Just below α_c the iteration still retrieves; just above it collapses to a small overlap.
    assert ags_by_iteration(alpha_c - 1e-3) > 0.96
    assert ags_by_iteration(alpha_c + 1e-3) < 0.5
    assert np.isnan(theory.ags_overlap(alpha_c + 1e-3))


def test_overlap_is_decreasing_in_load():
    m = theory.ags_overlap(np.linspace(0.02, 0.137, 30))
    assert np.all(np.diff(m) < 0)


def test_finite_size_error_rate_tends_to_the_limit():
    for alpha in (0.05, 0.1, 0.138):
        n = 10**7
        assert theory.one_step_error_finite(n, int(alpha * n)) == pytest.approx(
            theory.one_step_error(alpha), rel=1e-4)


def test_mixture_overlap_by_enumeration():
    for k in (1, 3, 5, 7):
        signs = np.array(np.meshgrid(*[[-1, 1]] * k)).reshape(k, -1).T
        assert theory.mixture_overlap(k) == pytest.approx(
            np.mean(np.sign(signs.sum(1)) * signs[:, 0]))


def test_bad_load_is_rejected():
    with pytest.raises(ValueError, match="alpha"):
        theory.ags_overlap(0.0)
