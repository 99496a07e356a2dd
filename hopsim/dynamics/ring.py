"""Ring attractor (head direction): rate neurons on a ring of preferred angles.

N neurons with preferred angles θ_i = 2π i / N (i = 0 … N − 1, equally spaced, no duplicate at
2π); firing rates v_i in Hz; time in seconds, time constant τ.

Linear ring (seed 003):  τ dv/dt = −v + g M v / L + input,  M_ij = cos(θ_i − θ_j),  L = N/2.
M = c cᵀ + s sᵀ (c_i = cos θ_i, s_i = sin θ_i) has rank 2: eigenvalues N/2 (twice, eigenvectors
c and s) and 0 (N − 2 times). With the gain g = 1 every profile a cos(θ − φ) is a fixed point.

Nonlinear ring (Ben-Yishai, Bar-Or & Sompolinsky 1995; Zhang 1996): threshold-linear units
F(h) = [h]_+ (Hz), cosine excitation J_E, uniform inhibition J_I, a uniform tonic drive I_0 (Hz),
and a velocity-gated odd component γ(t) (the turning signal):
    τ dv_i/dt = −v_i + F(h_i) + noise,
    h_i = (1/L) Σ_j [J_E cos(θ_i − θ_j) + γ sin(θ_i − θ_j) − J_I] v_j + I_0 + I_i^cue.
Every term of the sum is a cosine or sine of θ_i − θ_j or a constant, so the field needs only
three projections of the rates, C = (1/L) Σ_j cos θ_j v_j, S = (1/L) Σ_j sin θ_j v_j and
R0 = (1/L) Σ_j v_j: h_i = (J_E C − γ S) cos θ_i + (J_E S + γ C) sin θ_i − J_I R0 + I_0. That is
O(N) per step and exact; a heterogeneous network (weights perturbed synapse by synapse) passes its
dense matrix instead. The population-vector heading is ψ = atan2(S, C).

Integration of the nonlinear ring: exponential Euler, v ← E v + (1 − E) F(h) with E = exp(−dt/τ),
exact for the leak and, with h frozen over a step, for the drive; its fixed points are those of the
ODE for every dt (it moves a travelling bump (1 − E)τ/dt slower: `theory.ring.scheme_speed_factor`).
The linear ring is integrated exactly (its propagator, a matrix exponential).
Noise (`sigma`, Hz) is additive on the rate equation, τ dv_i = (−v_i + F(h_i)) dt + σ √(2τ) dW_i:
σ is the stationary standard deviation an uncoupled unit would have; over a step it adds the
exact Ornstein–Uhlenbeck increment σ √(1 − E²) z_i, z_i standard normal.

Many networks (rows, e.g. trials or parameter values) run at once: rates are (K, N), and the
parameters may be scalars or one value per row. Each row draws its noise from its own generator,
so a row's trajectory does not depend on which other rows share the batch.
A vectorised numpy loop is enough here (N is hundreds, the projections are O(N)): measured
~20–60 µs per step for K ≤ 32 rows, N ≤ 512, i.e. a 60 s run at dt = 0.5 ms in ~3 s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import numerics


def angles(n: int) -> np.ndarray:
    """θ_i = 2π i / N, i = 0 … N − 1 (rad)."""
    if n < 3:
        raise ValueError(f"a ring needs at least 3 neurons, got N = {n}")
    return 2 * np.pi * np.arange(n) / n


def cosine_matrix(n: int) -> np.ndarray:
    """M_ij = cos(θ_i − θ_j) (N, N)."""
    th = angles(n)
    return np.cos(th[:, None] - th[None, :])


def spectrum(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues of M (descending) and the eigenvectors (columns), from the Jacobi solver of
    `hopsim.numerics` (LAPACK's `eigh` picks another basis of the degenerate plane per machine)."""
    return numerics.eigh(cosine_matrix(n))


def align_to_cos_sin(pair: np.ndarray, n: int) -> tuple[np.ndarray, float]:
    """Rotate an orthonormal basis (N, 2) of a 2-D eigenspace so that its first vector is the one
    closest to cos θ: returns (rotated basis (N, 2), the largest deviation from
    √(2/N)(cos θ, ±sin θ)). The eigenspace of N/2 is degenerate, so `eigh` returns an arbitrary
    orthonormal basis of it; this makes it comparable with the sin/cos basis."""
    th = angles(n)
    c = np.sqrt(2.0 / n) * np.cos(th)
    s = np.sqrt(2.0 / n) * np.sin(th)
    a = numerics.matmul(pair.T, c)  # coordinates of cos in the basis
    a = a / numerics.norm(a)
    first = numerics.matmul(pair, a)
    second = numerics.matmul(pair, np.array([-a[1], a[0]]))
    if numerics.dot(second, s) < 0:
        second = -second
    out = np.stack([first, second], axis=1)
    dev = max(np.abs(first - c).max(), np.abs(second - s).max())
    return out, float(dev)


def population_vector(v: np.ndarray) -> np.ndarray:
    """Decoded heading ψ = arg Σ_j v_j e^{iθ_j} (rad, in (−π, π]) of each row of v (…, N)."""
    th = angles(v.shape[-1])
    proj = numerics.matmul(v, np.stack([np.cos(th), np.sin(th)], axis=1))
    return np.arctan2(proj[..., 1], proj[..., 0])


def wrap(x):
    """Angle difference wrapped to (−π, π]."""
    return np.angle(np.exp(1j * np.asarray(x)))


def linear_run(v0: np.ndarray, gain: float, tau: float, dt: float, steps: int,
               record_every: int = 1) -> np.ndarray:
    """τ dv/dt = −v + g M v / L from v0 (K, N), integrated exactly: each step multiplies by the
    propagator P = exp((g M/L − 1) dt/τ) (`numerics.expm` of the matrix, not of its known
    spectrum). Returns the rates at steps 0, record_every, … (T, K, N)."""
    v = np.array(v0, dtype=np.float64, ndmin=2)
    n = v.shape[-1]
    prop_t = numerics.expm((gain * cosine_matrix(n) / (n / 2) - np.eye(n)) * (dt / tau)).T
    out = [v.copy()]
    for t in range(1, steps + 1):
        v = numerics.matmul(v, prop_t)
        if t % record_every == 0:
            out.append(v.copy())
    return np.stack(out)


@dataclass(frozen=True)
class RingNetwork:
    """The nonlinear ring's parameters. tau in s; drive in Hz; couplings dimensionless
    (they multiply rates in Hz and give a field in Hz)."""

    n: int
    excitation: float  # J_E
    inhibition: float  # J_I
    drive: float  # I_0 (Hz)
    tau: float  # s

    def dense_weights(self) -> np.ndarray:
        """W_ij = (1/L)[J_E cos(θ_i − θ_j) − J_I] (N, N): the matrix the low-rank field equals."""
        return (self.excitation * cosine_matrix(self.n) - self.inhibition) / (self.n / 2)

    def uniform_state(self) -> float:
        """The rate of the uniform fixed point, I_0 / (1 + 2 J_I) (unstable for J_E > 1)."""
        return self.drive / (1 + 2 * self.inhibition)


def _rows(x, k: int) -> np.ndarray:
    """A scalar or one value per row, as a (K, 1) column."""
    return np.broadcast_to(np.asarray(x, dtype=np.float64), (k,)).reshape(k, 1)


def simulate(net: RingNetwork, v0: np.ndarray, dt: float, steps: int, *,
             gamma=0.0, excitation=None, inhibition=None, drive=None,
             cue: tuple[np.ndarray, int] | None = None, sigma: float = 0.0,
             rngs: list[np.random.Generator] | None = None, weights: np.ndarray | None = None,
             record_every: int = 1, activity_every: int | None = None,
             noise_block: int = 250) -> dict:
    """Run K networks (rows of v0, (K, N)) for `steps` steps of dt (s).

    gamma: turning signal γ, a scalar, (K,) per row, or (steps, K) / (steps,) per step.
    excitation, inhibition, drive: per-row overrides of J_E, J_I, I_0 (scalar or (K,)).
    cue: (input (K, N) or (N,) in Hz, number of steps it stays on from the start).
    sigma: rate noise (Hz) with one generator per row in `rngs` (required when sigma > 0).
    weights: a dense (N, N) matrix replacing the cosine/uniform couplings (heterogeneous network;
    γ must then be 0).
    Returns {'heading': (T, K) population-vector heading (rad) at steps 0, record_every, …,
    'amplitude': (T, K) |C + iS| (Hz), 'rates': final (K, N), and with activity_every
    'activity': (T', K, N) float32 rates at steps 0, activity_every, …}."""
    v = np.array(v0, dtype=np.float64, ndmin=2, copy=True)
    k, n = v.shape
    if n != net.n:
        raise ValueError(f"rates have N = {n}, the network N = {net.n}")
    th = angles(n)
    cos_t, sin_t = np.cos(th), np.sin(th)
    basis = np.stack([cos_t, sin_t, np.ones(n)], axis=1) / (n / 2)  # (N, 3): C, S, R0
    je = _rows(net.excitation if excitation is None else excitation, k)
    ji = _rows(net.inhibition if inhibition is None else inhibition, k)
    i0 = _rows(net.drive if drive is None else drive, k)
    g = np.asarray(gamma, dtype=np.float64)
    per_step = g.ndim == 2 or (g.ndim == 1 and g.size == steps and g.size != k)
    if per_step:
        g = g.reshape(steps, -1)
    else:
        g_row = _rows(g, k)
    if weights is not None:
        if np.any(g != 0):
            raise ValueError("a dense weight matrix runs without a turning signal (gamma = 0)")
        w_t = np.ascontiguousarray(np.asarray(weights, dtype=np.float64).T)
    if sigma > 0 and (rngs is None or len(rngs) != k):
        raise ValueError("sigma > 0 needs one generator per row (rngs)")
    cue_input, cue_steps = (None, 0) if cue is None else (np.asarray(cue[0], float), int(cue[1]))
    e = np.exp(-dt / net.tau)
    noise_scale = sigma * np.sqrt(1 - e * e)

    n_rec = steps // record_every + 1
    heading = np.empty((n_rec, k))
    amplitude = np.empty((n_rec, k))
    activity = None
    if activity_every:
        activity = np.empty((steps // activity_every + 1, k, n), dtype=np.float32)
        activity[0] = v
    proj = numerics.matmul(v, basis)
    heading[0] = np.arctan2(proj[:, 1], proj[:, 0])
    amplitude[0] = np.hypot(proj[:, 0], proj[:, 1])
    block = None
    for t in range(steps):
        if weights is None:
            gt = g[t].reshape(-1, 1) if per_step else g_row
            a_cos = je * proj[:, 0:1] - gt * proj[:, 1:2]
            a_sin = je * proj[:, 1:2] + gt * proj[:, 0:1]
            h = a_cos * cos_t + a_sin * sin_t - ji * proj[:, 2:3] + i0
        else:
            h = numerics.matmul(v, w_t) + i0
        if t < cue_steps:
            h = h + cue_input
        v *= e
        v += (1 - e) * np.maximum(h, 0.0)
        if sigma > 0:
            j = t % noise_block
            if j == 0:
                size = min(noise_block, steps - t)
                block = np.stack([r.standard_normal((size, n)) for r in rngs], axis=1)
            v += noise_scale * block[j]
        proj = numerics.matmul(v, basis)
        if (t + 1) % record_every == 0:
            r = (t + 1) // record_every
            heading[r] = np.arctan2(proj[:, 1], proj[:, 0])
            amplitude[r] = np.hypot(proj[:, 0], proj[:, 1])
        if activity_every and (t + 1) % activity_every == 0:
            activity[(t + 1) // activity_every] = v
    out = {"heading": heading, "amplitude": amplitude, "rates": v}
    if activity is not None:
        out["activity"] = activity
    return out


def settle(net: RingNetwork, headings, dt: float, seconds: float, cue_s: float = 0.1,
           **overrides) -> np.ndarray:
    """Bumps (K, N) placed at `headings` (rad) by a cosine cue 0.5 I_0 cos(θ − ψ_0) on top of the
    uniform state for the first `cue_s` s, then left for `seconds` without cue. Per-row J_E, J_I,
    I_0 in overrides (excitation, inhibition, drive)."""
    headings = np.atleast_1d(np.asarray(headings, float))
    k = headings.size
    th = angles(net.n)
    i0 = np.broadcast_to(np.asarray(overrides.get("drive", net.drive), float), (k,))
    ji = np.broadcast_to(np.asarray(overrides.get("inhibition", net.inhibition), float), (k,))
    v0 = np.repeat((i0 / (1 + 2 * ji))[:, None], net.n, axis=1)
    cue = 0.5 * i0[:, None] * np.cos(th[None, :] - headings[:, None])
    steps = int(round((cue_s + seconds) / dt))
    return simulate(net, v0, dt, steps, cue=(cue, int(round(cue_s / dt))), record_every=steps,
                    **overrides)["rates"]


def input_field(net: RingNetwork, v: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """h (…, N) before rectification, without turning signal or cue."""
    w = net.dense_weights() if weights is None else np.asarray(weights)
    return numerics.matmul(v, w.T) + net.drive


def active_width(h: np.ndarray) -> float:
    """Full width (rad) of the active region {θ : h(θ) > 0} of one input profile h (N,), its two
    edges placed by linear interpolation of h between the neighbouring neurons where h changes
    sign (h is smooth, a cosine plus a constant, even where the rates are rectified to 0).
    NaN unless exactly one active arc."""
    n = h.size
    pos = h > 0
    ups = np.flatnonzero(~pos & np.roll(pos, -1))  # i inactive, i+1 active: rising edge
    downs = np.flatnonzero(pos & ~np.roll(pos, -1))  # i active, i+1 inactive: falling edge
    if pos.all() or not pos.any():
        return 2 * np.pi if pos.all() else 0.0
    if ups.size != 1 or downs.size != 1:
        return float("nan")
    step = 2 * np.pi / n

    def crossing(i):
        a, b = h[i], h[(i + 1) % n]
        return (i + a / (a - b)) * step

    left, right = crossing(ups[0]), crossing(downs[0])
    return float((right - left) % (2 * np.pi))
