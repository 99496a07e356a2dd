"""Ring attractor (head direction): spectrum, the threshold-linear bump, its speed, its diffusion
and its drift, computed.

Notation (`hopsim.dynamics.ring`): N neurons at θ_i = 2π i/N, rates v_i (Hz), L = N/2,
τ dv_i/dt = −v_i + [h_i]_+,  h_i = (1/L) Σ_j [J_E cos(θ_i − θ_j) + γ sin(θ_i − θ_j) − J_I] v_j + I_0.

Spectrum. M_ij = cos(θ_i − θ_j) = c_i c_j + s_i s_j with c = cos θ, s = sin θ. For equally spaced
angles Σ_i cos 2θ_i = Σ_i sin 2θ_i = 0 (N ≥ 3), so c·c = s·s = N/2 and c·s = 0: c and s are
eigenvectors with eigenvalue N/2 and every vector orthogonal to both has eigenvalue 0. The linear
ring τ dv/dt = −v + g M v/L therefore keeps every a cos(θ − φ) fixed when g = 1 (a ring of fixed
points, one per phase φ, and a line of them per phase in the height a: no height is preferred and
none is limited), changes its height as a(t) = a(0) e^{(g − 1) t/τ} when g ≠ 1, and relaxes every
other component as e^{−t/τ}.

Threshold-linear bump (Ben-Yishai, Bar-Or & Sompolinsky 1995; Hansel & Sompolinsky 1998), derived
here in our normalisation. For large N, (1/L) Σ_j f(θ_j) → 2⟨f⟩ with ⟨f⟩ = (1/2π)∫_{−π}^{π} f dθ.
By symmetry the stationary field is a cosine plus a constant, h(θ) = A cos(θ − ψ) − B, so the rates
are v(θ) = A [cos(θ − ψ) − cos θ_c]_+ with cos θ_c = B/A: active on the arc |θ − ψ| < θ_c, whose
full width 2θ_c is what we call the bump width. Self-consistency of the first Fourier mode,
A = 2 J_E ⟨v cos(θ − ψ)⟩ = 2 J_E A f_1(θ_c), and of the mean, −A cos θ_c = I_0 − 2 J_I A f_0(θ_c),
with
    f_1(θ_c) = (1/2π) ∫_{−θ_c}^{θ_c} (cos θ − cos θ_c) cos θ dθ = (θ_c − sin θ_c cos θ_c) / (2π),
    f_0(θ_c) = (1/2π) ∫_{−θ_c}^{θ_c} (cos θ − cos θ_c) dθ     = (sin θ_c − θ_c cos θ_c) / π,
give
    width:   J_E (θ_c − sin θ_c cos θ_c) / π = 1          (depends on J_E alone; θ_c → π at J_E = 1),
    height:  A = I_0 / (2 J_I f_0(θ_c) − cos θ_c),  peak rate v_max = A (1 − cos θ_c),
a bump existing for J_E > 1 and 2 J_I f_0(θ_c) > cos θ_c (enough inhibition). In the notation of
Hansel & Sompolinsky, J_0 = −2 J_I and J_1 = 2 J_E (their kernel is normalised by N, ours by L).
The height is fixed by I_0 and the couplings, unlike the linear ring's: rectification and tonic
drive select one height, and only the phase ψ stays marginal.

Speed. A turning signal γ adds γ R sin(θ − ψ) to the field (R e^{iψ} = (1/L) Σ_j v_j e^{iθ_j},
J_E R = A at the bump). Linearised about the bump, [h]_+ changes by D_F γ (A/J_E) sin(θ − ψ)
= (γ/J_E) u with u = ∂v/∂ψ (D_F = diag(h_i > 0)): the perturbation lies exactly along the
translation mode, so ψ̇ = γ / (J_E τ) (rad/s) to first order in γ, exact for the linear ring (J_E = 1).

Phase projection. The Jacobian −1 + D_F W (W symmetric) has the right null vector u = ∂v/∂ψ
(u = D_F W u) and the left null vector e = W u = ∂h/∂ψ, which is A sin(θ − ψ) on every neuron, active
or not. A small perturbation p of the rate equation (τ dv = (… + p) dt) moves the phase by
τ ψ̇ = e·p / e·u, and e·D_F = u, so a perturbation inside the rectifier acts through u.
- Diffusion under rate noise (τ dv_i = … dt + σ √(2τ) dW_i): ψ is a random walk with
  MSD = 2Dt, D = σ² |e|² / (τ (e·u)²). With |e|² = A² N/2 and e·u = A² Σ_active sin²(θ_i − ψ)
  → A² N f_1 = A² N / (2 J_E):  D = 2 σ² J_E² / (τ A² N)  — falling as 1/N (Burak & Fiete 2012).
- Drift from heterogeneous weights W + δW: τ ψ̇(ψ) = u·(δW v) / e·u, evaluated on the bump at ψ;
  its zeros with negative slope are where the bump comes to rest.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from .. import numerics


def expected_spectrum(n: int) -> np.ndarray:
    """Eigenvalues of M_ij = cos(θ_i − θ_j) for N equally spaced angles, descending: N/2, N/2, 0…"""
    out = np.zeros(n)
    out[:2] = n / 2
    return out


def linear_height(a0, gain: float, t, tau: float):
    """Height of a cos(θ − φ) profile under τ dv/dt = −v + g M v / L: a0 e^{(g − 1) t/τ}."""
    return np.asarray(a0) * np.exp((gain - 1.0) * np.asarray(t) / tau)


def f1(theta_c):
    """(1/2π) ∫_{−θ_c}^{θ_c} (cos θ − cos θ_c) cos θ dθ."""
    return (theta_c - np.sin(theta_c) * np.cos(theta_c)) / (2 * np.pi)


def f0(theta_c):
    """(1/2π) ∫_{−θ_c}^{θ_c} (cos θ − cos θ_c) dθ."""
    return (np.sin(theta_c) - theta_c * np.cos(theta_c)) / np.pi


def half_width(excitation: float) -> float:
    """θ_c (rad) solving J_E (θ_c − sin θ_c cos θ_c)/π = 1; requires J_E > 1."""
    if excitation <= 1:
        raise ValueError(f"a bump needs J_E > 1 (excitation), got {excitation}")
    return float(optimize.brentq(lambda t: 2 * excitation * f1(t) - 1.0, 1e-12, np.pi, xtol=1e-14))


def min_inhibition(excitation: float) -> float:
    """The least J_I for which the bump exists at J_E: cos θ_c / (2 f_0(θ_c)) (0 if θ_c ≥ π/2)."""
    tc = half_width(excitation)
    return max(math.cos(tc) / (2 * f0(tc)), 0.0)


def bump(excitation: float, inhibition: float, drive: float) -> dict:
    """The threshold-linear bump: half-width θ_c (rad), full width (deg), amplitude A (Hz) of the
    field's cosine, offset B = A cos θ_c, peak rate A (1 − cos θ_c), mean rate A f_0."""
    tc = half_width(excitation)
    den = 2 * inhibition * f0(tc) - math.cos(tc)
    if den <= 0 or drive <= 0:
        raise ValueError(f"no bump at J_E = {excitation}, J_I = {inhibition}, I_0 = {drive}: needs "
                         f"I_0 > 0 and J_I > {min_inhibition(excitation):.4g}")
    a = drive / den
    return {"theta_c": tc, "width_deg": math.degrees(2 * tc), "amplitude": a,
            "offset": a * math.cos(tc), "peak": a * (1 - math.cos(tc)), "mean": a * f0(tc)}


def bump_profile(theta, heading: float, excitation: float, inhibition: float, drive: float):
    """v(θ) = A [cos(θ − ψ) − cos θ_c]_+ (Hz)."""
    b = bump(excitation, inhibition, drive)
    return np.maximum(b["amplitude"] * np.cos(np.asarray(theta) - heading) - b["offset"], 0.0)


def speed_per_gamma(excitation: float, tau: float) -> float:
    """dψ/dt per unit turning signal γ, to first order: 1 / (J_E τ) (rad/s)."""
    return 1.0 / (excitation * tau)


def scheme_speed_factor(tau: float, dt: float) -> float:
    """Speed of the exponential-Euler scheme over the ODE's, (1 − e^{−dt/τ}) τ/dt = 1 − dt/(2τ) + …:
    a step moves the phase by (1 − E) γ/J_E (the map's perturbation along the same null vector)."""
    return float(-math.expm1(-dt / tau) * tau / dt)


def scheme_noise_factor(tau: float, dt: float) -> float:
    """D of the scheme over the ODE's, (1 − e^{−2dt/τ}) τ/(2dt): the exact Ornstein–Uhlenbeck
    increment σ √(1 − E²) per step, projected on the marginal phase, which does not decay."""
    return float(-math.expm1(-2 * dt / tau) * tau / (2 * dt))


def diffusion_coefficient(n, sigma: float, tau: float, excitation: float, amplitude: float):
    """Large-N phase diffusion under rate noise σ (Hz): D = 2 σ² J_E² / (τ A² N) (rad²/s)."""
    return 2 * sigma**2 * excitation**2 / (tau * amplitude**2 * np.asarray(n, dtype=float))


def phase_modes(field: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """From a stationary field h (N,) = A cos(θ − ψ) − B of the homogeneous ring (exactly a
    cosine plus a constant there): (e = A sin(θ − ψ), u = e·[h > 0], A, ψ)."""
    n = field.size
    th = 2 * np.pi * np.arange(n) / n
    c = 2 * float(numerics.dot(field, np.cos(th))) / n
    s = 2 * float(numerics.dot(field, np.sin(th))) / n
    amp, psi = math.hypot(c, s), math.atan2(s, c)
    e = amp * np.sin(th - psi)
    return e, e * (field > 0), amp, psi


def drift_velocity(perturbation: np.ndarray, rates: np.ndarray, field: np.ndarray,
                   tau: float) -> float:
    """First-order drift ψ̇ (rad/s) of the bump with these rates and field under a weight
    perturbation δW (N, N): u·(δW v) / (τ e·u)."""
    e, u, _, _ = phase_modes(field)
    return float(numerics.dot(u, numerics.matmul(perturbation, rates)) / (tau * numerics.dot(e, u)))
