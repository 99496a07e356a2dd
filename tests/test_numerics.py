"""hopsim.numerics: real-valued linear algebra in a fixed summation order (issue 16).

The products are checked bit for bit against a plain Python loop that sums in the documented
order — a definition no library, kernel or thread count can change — and the solvers against
their mathematics (spectra known in closed form, residuals, LAPACK to round-off)."""
import math

import numba
import numpy as np
import pytest
import scipy.linalg

from hopsim import numerics
from hopsim.dynamics import ring


def _python_matmul(a, b):
    """c_ij = (((a_i0 b_0j) + a_i1 b_1j) + …): the order numerics.matmul promises."""
    out = np.empty((a.shape[0], b.shape[1]))
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            acc = 0.0
            for k in range(a.shape[1]):
                acc += float(a[i, k]) * float(b[k, j])
            out[i, j] = acc
    return out


def test_matmul_sums_in_the_documented_order_bit_for_bit():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((7, 300)), rng.standard_normal((300, 5)) / 3
    got = numerics.matmul(a, b)
    assert got.tobytes() == _python_matmul(a, b).tobytes()
    assert np.allclose(got, a @ b, rtol=1e-12, atol=1e-12)


def test_matmul_shapes_like_the_operator():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))
    assert numerics.matmul(a, b).shape == (2, 3, 5)
    assert numerics.matmul(a[0, 0], b).shape == (5,)
    assert numerics.matmul(a[0], b[:, 0]).shape == (3,)
    np.testing.assert_allclose(numerics.matmul(a, b), a @ b, rtol=1e-13)
    with pytest.raises(ValueError, match="do not align"):
        numerics.matmul(a, b.T)


def test_matmul_is_the_same_for_any_thread_count():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((64, 600)), rng.standard_normal((600, 80))
    assert 64 * 600 * 80 > numerics.PARALLEL_WORK  # the threaded kernel runs
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = numerics.matmul(a, b)
    finally:
        numba.set_num_threads(threads)
    assert numerics.matmul(a, b).tobytes() == one.tobytes()
    assert numerics.matmul(a[:5], b).tobytes() == one[:5].tobytes()  # and for any batch


def test_integer_operands_take_the_exact_blas_path():
    rng = np.random.default_rng(4)
    x = rng.choice(np.array([-1, 1], dtype=np.int8), size=(50, 2000))
    got = numerics.matmul(x, x.T)
    assert np.array_equal(got, x.astype(np.int64) @ x.T.astype(np.int64))
    # integer-valued floats too, and a mixed product falls back to the fixed order
    y = rng.standard_normal((2000, 3))
    assert numerics.matmul(x[:2], y).tobytes() == _python_matmul(x[:2], y).tobytes()


def test_dot_norm_linear_fit():
    rng = np.random.default_rng(5)
    a, b = rng.standard_normal((3, 50)), rng.standard_normal((3, 50))
    np.testing.assert_allclose(numerics.dot(a, b), (a * b).sum(axis=1), rtol=1e-13)
    np.testing.assert_allclose(numerics.norm(a), np.linalg.norm(a, axis=1), rtol=1e-14)
    x = np.arange(10.0)
    assert numerics.linear_fit(x, 2.5 - 0.75 * x) == pytest.approx((2.5, -0.75), abs=1e-14)
    y = 1 + 2 * x + rng.standard_normal(10)
    w = rng.random(10)
    b_ref, a_ref = np.polyfit(x, y, 1, w=np.sqrt(w))  # polyfit weights the residuals
    assert numerics.linear_fit(x, y, w) == pytest.approx((a_ref, b_ref), rel=1e-12)


def test_eigh_of_the_cosine_ring_matrix_matches_its_closed_form():
    n = 60
    m = ring.cosine_matrix(n)
    lam, vec = numerics.eigh(m)
    np.testing.assert_allclose(lam[:2], n / 2, rtol=1e-13)
    assert np.abs(lam[2:]).max() < 1e-12 * n
    np.testing.assert_allclose(vec.T @ vec, np.eye(n), atol=1e-13)
    np.testing.assert_allclose(m @ vec, vec * lam, atol=1e-12)
    lead = np.abs(vec).argmax(axis=0)
    assert np.all(vec[lead, np.arange(n)] > 0)  # the sign convention


def test_eigh_of_a_random_symmetric_matrix_against_lapack():
    rng = np.random.default_rng(6)
    a = rng.standard_normal((40, 40))
    a = a + a.T
    lam, vec = numerics.eigh(a)
    np.testing.assert_allclose(lam, np.linalg.eigvalsh(a)[::-1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a @ vec, vec * lam, atol=1e-11)
    with pytest.raises(ValueError, match="symmetric"):
        numerics.eigh(a + np.triu(a, 1))


def test_expm_against_scipy_and_the_ring_spectrum():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((12, 12))
    ref = scipy.linalg.expm(a)
    np.testing.assert_allclose(numerics.expm(a), ref, rtol=1e-12, atol=1e-12 * np.abs(ref).max())
    # the linear ring's propagator: e^{(g−1)dt/τ} on span{cos, sin}, e^{−dt/τ} elsewhere
    n, g, h = 24, 1.1, 0.05
    prop = numerics.expm((g * ring.cosine_matrix(n) / (n / 2) - np.eye(n)) * h)
    th = ring.angles(n)
    np.testing.assert_allclose(prop @ np.cos(th), math.exp((g - 1) * h) * np.cos(th), atol=1e-14)
    np.testing.assert_allclose(prop @ np.cos(2 * th), math.exp(-h) * np.cos(2 * th), atol=1e-14)


def test_solve_spd_against_lapack_and_refuses_a_singular_matrix():
    rng = np.random.default_rng(8)
    x = rng.choice([-1.0, 1.0], size=(30, 80))
    c = x @ x.T
    np.testing.assert_allclose(numerics.solve_spd(c, x), np.linalg.solve(c, x), rtol=1e-10, atol=1e-13)
    with pytest.raises(ValueError, match="singular"):
        numerics.solve_spd(np.vstack([x, x[:1]]) @ np.vstack([x, x[:1]]).T, np.vstack([x, x[:1]]))
