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


# --------------------------------------------------------------------------- T > 0

def meanfield_by_iteration(temperature, iters=100_000):
    m = 1.0
    for _ in range(iters):
        m_new = math.tanh(m / temperature)
        if abs(m_new - m) < 1e-15:
            break
        m = m_new
    return m


@pytest.mark.parametrize("m, sigma, beta", [(0.9, 0.3, 1000.0), (0.9, 0.3, 3.4), (0.5, 0.05, 2.0),
                                            (0.2, 0.6, 1.2), (0.97, 0.37, 50.0)])
def test_gaussian_tanh_moments_match_adaptive_quadrature(m, sigma, beta):
    from scipy import integrate

    def moment(power):
        f = lambda z: np.tanh(beta * (m + sigma * z)) ** power * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
        z0 = -m / sigma  # split at tanh's step
        return sum(integrate.quad(f, a, b, epsabs=1e-13, limit=500)[0]
                   for a, b in ((-40, z0), (z0, 40)))

    got = theory.gaussian_tanh_moments(m, sigma, beta)
    assert got == pytest.approx((moment(1), moment(2)), abs=1e-10)


@pytest.mark.parametrize("alpha", [0.05, 0.10, 0.13])
def test_finite_temperature_equations_reduce_to_zero_temperature(alpha):
    assert theory.ags_state(alpha, 1e-3)[0] == pytest.approx(theory.ags_overlap(alpha), abs=2e-5)


@pytest.mark.parametrize("temperature", [0.5, 0.8, 0.9])
def test_vanishing_load_gives_the_mean_field_overlap(temperature):
    expected = meanfield_by_iteration(temperature)
    assert theory.meanfield_overlap(temperature) == pytest.approx(expected, abs=1e-12)
    assert theory.ags_state(1e-7, temperature)[0] == pytest.approx(expected, abs=1e-3)
    assert theory.meanfield_overlap(1.2) == 0.0 and theory.ags_state(1e-7, 1.2)[0] < 1e-6


def test_load_lowers_the_overlap_at_fixed_temperature():
    """At T = 0.8 a load of 1 % already costs 0.1 in overlap: 'low load' must be really low."""
    m_low, m_001 = theory.ags_state(0.002, 0.8)[0], theory.ags_state(0.01, 0.8)[0]
    assert theory.meanfield_overlap(0.8) > m_low > m_001 + 0.09


def test_retrieval_boundary_between_its_limits():
    alpha_c, _ = theory.ags_critical_load()
    # α → 0: T_M → 1 along the small-α law 1 − 1.95 √α.
    for alpha in (1e-4, 1e-3):
        assert (1 - theory.retrieval_boundary(alpha)) / math.sqrt(alpha) == pytest.approx(1.95, abs=0.05)
    # Decreasing in α, and → 0 at α_c; none beyond it.
    grid = [0.01, 0.05, 0.10, alpha_c - 0.002]
    tm = [theory.retrieval_boundary(a) for a in grid]
    assert all(a > b for a, b in zip(tm, tm[1:]))
    assert 0 < tm[-1] < 0.1
    assert theory.retrieval_boundary(alpha_c + 0.002) == 0.0
    # Just inside the boundary the retrieval state exists, just outside it does not.
    t = theory.retrieval_boundary(0.05)
    assert theory.ags_state(0.05, t - 0.005)[0] > 0.5 > theory.ags_state(0.05, t + 0.005)[0]


def _gaussian_tanh_moment_by_quadrature(m, sigma, beta, power):
    from scipy import integrate

    f = lambda z: math.tanh(beta * (m + sigma * z)) ** power * math.exp(-z * z / 2)  # noqa: E731
    z0 = -m / sigma  # split at tanh's step
    return sum(integrate.quad(f, a, b, epsabs=1e-12, limit=200)[0]
               for a, b in ((-12, z0), (z0, 12))) / math.sqrt(2 * math.pi)


def _rs_retrieval_overlap_by_quadrature(alpha, temperature, iterations=3000):
    """The RS equations iterated from m = q = 1 with adaptive quadrature (not the module's
    Gauss rules): m on the retrieval branch, or a value < 0.05 once it has fallen off it."""
    beta, m, q = 1 / temperature, 1.0, 1.0
    for _ in range(iterations):
        c = beta * (1 - q)
        if c >= 1:
            return 0.0
        sigma = math.sqrt(alpha * q) / (1 - c)  # sqrt(α r), r = q / (1 − β(1 − q))²
        m_new = _gaussian_tanh_moment_by_quadrature(m, sigma, beta, 1)
        q_new = _gaussian_tanh_moment_by_quadrature(m, sigma, beta, 2)
        if abs(m_new - m) < 1e-10 and abs(q_new - q) < 1e-10 or m_new < 0.05:
            return m_new
        m, q = m_new, q_new
    return m


@pytest.mark.parametrize("alpha", [0.02, 0.05, 0.08])
def test_retrieval_boundary_agrees_with_independent_quadrature(alpha):
    """The loads of the stochastic boundary acceptance points: an RS retrieval solution exists
    0.01 below T_M(α) and none 0.01 above it, by an independent solution of the equations."""
    t_m = theory.retrieval_boundary(alpha)
    assert _rs_retrieval_overlap_by_quadrature(alpha, t_m - 0.01) > 0.5
    assert _rs_retrieval_overlap_by_quadrature(alpha, t_m + 0.01) < 0.1


def test_retrieval_boundary_limits():
    """T_M → 1 along 1 − 1.95√α as α → 0 (below α ≈ 10^−5 the overlap at T_M falls under the
    default retrieval_min = 0.1, hence the smaller threshold there), and T_M falls towards 0 as
    α → α_c from below."""
    assert (1 - theory.retrieval_boundary(1e-5)) / math.sqrt(1e-5) == pytest.approx(1.95, abs=0.05)
    t = theory.retrieval_boundary(1e-6, retrieval_min=0.01, xtol=1e-6)
    assert (1 - t) / math.sqrt(1e-6) == pytest.approx(1.95, abs=0.05)
    alpha_c, _ = theory.ags_critical_load()
    tm = [theory.retrieval_boundary(alpha_c - eps) for eps in (0.01, 0.004, 0.001, 0.0005)]
    assert all(a > b for a, b in zip(tm, tm[1:])) and tm[-1] < 0.1
