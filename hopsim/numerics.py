"""Floating-point linear algebra whose results do not depend on the machine (README, "Same numbers
on any machine").

A BLAS or LAPACK call (`@`, `np.dot`, `np.linalg.*`, `np.polyfit`, `scipy.linalg.expm`) sums in an
order chosen by the kernel that runs — per CPU, per `OPENBLAS_CORETYPE`, per thread count — so its
last bits differ from machine to machine, and a sign, a threshold crossing or an eigenvector
decided from them can flip. The study therefore uses BLAS only where it is exact (products of
integers, ±1 or 0/1, whose partial sums stay below 2^24 in float32 or 2^53 in float64: every order
gives the same bits) and these kernels everywhere else: plain loops compiled by numba, each output
element summed in one fixed order (no fast-math, so no reassociation or fused multiply-add), one
row per thread so the thread count does not matter either. They are slower than BLAS, and fast
enough for the sizes they serve (the ring, fits, quadratures, small eigenproblems).
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _matmul_row(a, b, out, i):
    row = out[i]
    row[:] = 0.0
    for p in range(a.shape[1]):
        aip = a[i, p]
        for j in range(b.shape[1]):  # independent outputs: vectorised, the order over p kept
            row[j] += aip * b[p, j]


@numba.njit(cache=True)
def _matmul(a, b, out):
    for i in range(a.shape[0]):
        _matmul_row(a, b, out, i)


@numba.njit(cache=True, parallel=True)
def _matmul_threads(a, b, out):
    for i in numba.prange(a.shape[0]):
        _matmul_row(a, b, out, i)


PARALLEL_WORK = 1 << 20  # multiply-adds above which threads pay for their start-up


FLOAT64_EXACT = 2.0**53  # every integer of smaller magnitude is exact in float64


@numba.njit(cache=True)
def _float_integer_bound(x):
    """max |x| of a 2-D float array if every entry is an integer below 2^53 in magnitude, else
    −1 (a scan without temporaries that stops at the first real-valued entry)."""
    m = 0.0
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            v = x[i, j]
            a = abs(v)
            if not a < FLOAT64_EXACT or v != math.floor(v):  # NaN and ±inf fail the first test
                return -1.0
            m = max(m, a)
    return m


def _integer_bound(x: np.ndarray) -> float | None:
    """max |x| of a 2-D array when every entry is an integer (so products and sums of them are
    exact in float64 while below 2^53), else None."""
    if x.size == 0:
        return 0.0
    if x.dtype.kind in "iub":
        return float(max(abs(int(x.min())), abs(int(x.max()))))
    m = _float_integer_bound(x)
    return None if m < 0 else float(m)


def matmul(a, b) -> np.ndarray:
    """a @ b in float64, the same bits on every machine. Integer-valued operands whose partial
    sums stay below 2^53 go to BLAS (exact in any order, so fast and reproducible); all others
    are summed over the inner index in increasing order. Accepts 1-D and 2-D operands like `@`;
    a leading stack of a is folded into its rows."""
    a = np.asarray(a)
    b = np.asarray(b)
    vec_b = b.ndim == 1
    b2 = b[:, None] if vec_b else b
    lead = a.shape[:-1]
    a2 = a.reshape(-1, a.shape[-1])
    if a2.shape[1] != b2.shape[0]:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not align")
    ba, bb = _integer_bound(a2), _integer_bound(b2)
    if ba is not None and bb is not None and ba * bb * a2.shape[1] < FLOAT64_EXACT:
        out = a2.astype(np.float64) @ b2.astype(np.float64)
    else:
        a2 = np.ascontiguousarray(a2, dtype=np.float64)
        out = np.empty((a2.shape[0], b2.shape[1]))
        work = out.size * a2.shape[1]
        kernel = _matmul_threads if a2.shape[0] > 1 and work > PARALLEL_WORK else _matmul
        kernel(a2, np.ascontiguousarray(b2, dtype=np.float64), out)  # one row, one order
    return out.reshape(lead + ((b2.shape[1],) if not vec_b else ()))


def dot(a, b) -> np.ndarray:
    """Σ_k a[..., k] b[..., k] over the last axis (broadcast), summed in increasing k."""
    a, b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64))
    return _rowsum(np.ascontiguousarray((a * b).reshape(-1, a.shape[-1]))).reshape(a.shape[:-1])


@numba.njit(cache=True)
def _rowsum_kernel(x, out):
    for i in range(x.shape[0]):
        acc = 0.0
        for k in range(x.shape[1]):
            acc += x[i, k]
        out[i] = acc


def _rowsum(x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape[0])
    _rowsum_kernel(x, out)
    return out


def norm(x, axis: int = -1) -> np.ndarray:
    """Euclidean norm along `axis`, summed in a fixed order."""
    x = np.moveaxis(np.asarray(x, np.float64), axis, -1)
    return np.sqrt(dot(x, x))


def linear_fit(x, y, w=None) -> tuple[float, float]:
    """Weighted least squares y = a + b x: (a, b), from correctly rounded sums (math.fsum)."""
    x = np.asarray(x, np.float64).ravel()
    y = np.asarray(y, np.float64).ravel()
    w = np.ones_like(x) if w is None else np.asarray(w, np.float64).ravel()
    sw = math.fsum(w)
    mx = math.fsum(w * x) / sw
    my = math.fsum(w * y) / sw
    dx, dy = x - mx, y - my
    b = math.fsum(w * dx * dy) / math.fsum(w * dx * dx)
    return my - b * mx, b


@numba.njit(cache=True)
def _jacobi(a, v, max_sweeps):
    """Cyclic Jacobi rotations on the symmetric matrix a (in place) accumulating v; a fixed
    sequence of scalar operations, hence the same bits everywhere."""
    n = a.shape[0]
    for sweep in range(max_sweeps):
        off = 0.0
        for p in range(n):
            for q in range(p + 1, n):
                off += a[p, q] * a[p, q]
        if off == 0.0:
            return True
        for p in range(n):
            for q in range(p + 1, n):
                apq = a[p, q]
                if apq == 0.0:
                    continue
                g = 100.0 * abs(apq)
                if sweep > 3 and abs(a[p, p]) + g == abs(a[p, p]) and abs(a[q, q]) + g == abs(a[q, q]):
                    a[p, q] = 0.0  # below the round-off of both diagonal entries (Numerical Recipes)
                    a[q, p] = 0.0
                    continue
                theta = (a[q, q] - a[p, p]) / (2.0 * apq)
                t = 1.0 / (abs(theta) + math.sqrt(theta * theta + 1.0))
                if theta < 0.0:
                    t = -t
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                for k in range(n):  # columns p, q
                    akp, akq = a[k, p], a[k, q]
                    a[k, p] = c * akp - s * akq
                    a[k, q] = s * akp + c * akq
                for k in range(n):  # rows p, q
                    apk, aqk = a[p, k], a[q, k]
                    a[p, k] = c * apk - s * aqk
                    a[q, k] = s * apk + c * aqk
                a[p, q] = 0.0
                a[q, p] = 0.0
                for k in range(n):
                    vkp, vkq = v[k, p], v[k, q]
                    v[k, p] = c * vkp - s * vkq
                    v[k, q] = s * vkp + c * vkq
    return False


def eigh(a, max_sweeps: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and unit eigenvectors (columns) of a symmetric matrix, by cyclic
    Jacobi rotations. Each eigenvector's sign is fixed (its largest-magnitude component, first
    such index, is positive); within a degenerate eigenspace the basis is arbitrary but the same
    on every machine."""
    a = np.array(a, dtype=np.float64, copy=True)
    n = a.shape[0]
    if a.shape != (n, n) or not np.array_equal(a, a.T):
        raise ValueError("eigh needs a square symmetric matrix")
    v = np.eye(n)
    if not _jacobi(a, v, max_sweeps):
        raise RuntimeError(f"Jacobi eigensolver did not converge in {max_sweeps} sweeps")
    lam = np.diag(a).copy()
    order = np.argsort(-lam, kind="stable")
    lam, v = lam[order], v[:, order]
    lead = np.argmax(np.abs(v), axis=0)
    v *= np.where(v[lead, np.arange(n)] < 0, -1.0, 1.0)
    return lam, v


def expm(a) -> np.ndarray:
    """exp(a) of a square matrix by scaling and squaring a degree-18 Taylor polynomial (error
    far below float64 round-off once the scaled norm is ≤ ½), every product through `matmul`."""
    a = np.asarray(a, np.float64)
    n = a.shape[0]
    scale = float(np.abs(a).sum(axis=1).max(initial=0.0))  # ∞-norm, an exact-enough bound
    squarings = max(0, math.ceil(math.log2(scale / 0.5))) if scale > 0.5 else 0
    x = a / 2.0**squarings
    term = np.eye(n)
    out = np.eye(n)
    for k in range(1, 19):
        term = matmul(term, x) / k
        out = out + term
    for _ in range(squarings):
        out = matmul(out, out)
    return out


@numba.njit(cache=True)
def _cholesky_solve(c, b, rtol):
    """Solve C Y = B for symmetric positive definite C (P, P), B (P, N) in place of b, by the
    Cholesky factor (rows of B updated as whole vectors, every sum in a fixed order).
    Returns False when a pivot falls below rtol × the largest diagonal entry (singular C)."""
    p = c.shape[0]
    lower = np.zeros_like(c)
    top = 0.0
    for i in range(p):
        top = max(top, c[i, i])
    for j in range(p):
        acc = c[j, j]
        for k in range(j):
            acc -= lower[j, k] * lower[j, k]
        if acc <= rtol * top:
            return False
        lower[j, j] = math.sqrt(acc)
        for i in range(j + 1, p):
            acc = c[i, j]
            for k in range(j):
                acc -= lower[i, k] * lower[j, k]
            lower[i, j] = acc / lower[j, j]
    for i in range(p):  # forward: L Z = B
        for k in range(i):
            b[i] -= lower[i, k] * b[k]
        b[i] /= lower[i, i]
    for i in range(p - 1, -1, -1):  # back: Lᵀ Y = Z
        for k in range(i + 1, p):
            b[i] -= lower[k, i] * b[k]
        b[i] /= lower[i, i]
    return True


def solve_spd(c, b, rtol: float = 1e-12) -> np.ndarray:
    """Y = C⁻¹ B for a symmetric positive definite C (P, P) and B (P, N), by Cholesky in a fixed
    order. Raises ValueError when C is singular to rtol (a pivot below rtol × max C_ii)."""
    c = np.ascontiguousarray(c, dtype=np.float64)
    y = np.array(b, dtype=np.float64, copy=True, order="C", ndmin=2)
    if c.shape != (c.shape[0], c.shape[0]) or y.shape[0] != c.shape[0]:
        raise ValueError(f"solve_spd: shapes {c.shape} and {np.shape(b)} do not fit")
    if not _cholesky_solve(c, y, rtol):
        raise ValueError("solve_spd: the matrix is singular (linearly dependent rows)")
    return y
