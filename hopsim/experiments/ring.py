"""Ring attractor for head direction (seed 003; Ben-Yishai, Bar-Or & Sompolinsky 1995; Zhang 1996):
eigenstructure of the linear ring, the stationary bump of the threshold-linear ring, turning
(speed calibration, then path integration of a random head-turning trajectory), diffusion of the
bump under rate noise vs N, and drift from heterogeneous weights.

Units: time in s (coordinate `time`), rates and inputs in Hz, angles in degrees in the stores
(radians inside the library). Model and theory: `hopsim.dynamics.ring`, `hopsim.theory.ring`.

Randomness (`hopsim.seeds`, experiment "ring") is keyed by what the numbers are for, never by job:
the rate noise of a diffusion trial by (N, trial), of a tracking trial by (N, trial), the
head-turning trajectory by its duration, the weight perturbation by N; this family's streams sit
under the shared purpose "noise", told apart by the first key part (`STREAM`).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from .. import numerics, seeds
from ..dynamics import ring as dyn
from ..progress import note, track
from ..theory import ring as theory

EXPERIMENT = "ring"
STREAM = {"rate_noise": 1, "trajectory": 2, "weights": 3, "tracking_noise": 4, "perturbation": 5}


def _key(stream: str, *parts: int) -> tuple[int, ...]:
    return seeds.spawn_key(EXPERIMENT, "noise", STREAM[stream], *parts)


def _deg(x):
    return np.degrees(x)


def _cos_sin_profile(traj: np.ndarray, th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(c, s) with a e^{iφ} = c + i s = (2/N) Σ_j v_j e^{iθ_j}: the cos profile of rates (…, N)."""
    proj = numerics.matmul(traj, np.stack([np.cos(th), np.sin(th)], axis=1)) / (th.size / 2)
    return proj[..., 0], proj[..., 1]


def network(settings: dict, n: int | None = None) -> dyn.RingNetwork:
    """The nonlinear ring of the config (`ring.network`, τ from `ring.tau_ms`)."""
    net = settings["network"]
    return dyn.RingNetwork(n or net["N"], net["excitation"], net["inhibition"], net["drive_hz"],
                           settings["tau_ms"] / 1000)


def _steps(seconds: float, dt: float) -> int:
    return int(round(seconds / dt))


def _time(n_points: int, interval: float) -> tuple:
    return ("time", np.arange(n_points) * interval, {"units": "s", "long_name": "time t"})


# ------------------------------------------------------------------------------------ linear ring

def linear_ring(seed: int, n: int, gains: list[float], amplitudes: list[float], phases: int,
                perturbation: float, duration: float, tau: float, dt: float,
                record_every: int = 10) -> xr.Dataset:
    """Spectrum and eigenvectors of M_ij = cos(θ_i − θ_j), and the linear ring
    τ dv/dt = −v + g M v / L started at a cos(θ − φ) for every gain g, height a and phase φ
    (a ring of fixed points at g = 1, a(t) = a e^{(g−1)t/τ} otherwise), plus starts with a
    random perturbation of relative size `perturbation` (g = 1): what part of it stays."""
    lam, vec = dyn.spectrum(n)
    aligned, dev = dyn.align_to_cos_sin(vec[:, :2], n)
    th = dyn.angles(n)
    phi = 2 * np.pi * np.arange(phases) / phases
    steps = _steps(duration, dt)
    n_rec = steps // record_every + 1
    shape = (len(gains), len(amplitudes), phases)
    height = np.empty(shape + (n_rec,))
    phase = np.empty(shape + (n_rec,))
    change = np.empty(shape)
    for i, g in enumerate(gains):
        v0 = np.array([[a * np.cos(th - p) for p in phi] for a in amplitudes]).reshape(-1, n)
        traj = dyn.linear_run(v0, g, tau, dt, steps, record_every)  # (T, K, N)
        c, s = _cos_sin_profile(traj, th)  # a e^{iφ} = c + i s of the cos profile
        height[i] = np.hypot(c, s).T.reshape(len(amplitudes), phases, n_rec)
        phase[i] = _deg(np.arctan2(s, c)).T.reshape(len(amplitudes), phases, n_rec)
        scale = np.abs(v0).max(axis=1)
        change[i] = (np.abs(traj[-1] - v0).max(axis=1) / scale).reshape(len(amplitudes), phases)
    # perturbed starts at g = 1: the ring part of the perturbation stays, the rest decays
    rng = seeds.rng(seed, _key("perturbation", n))
    eta = rng.standard_normal((len(amplitudes), n))
    v0 = np.array([a * np.cos(th) for a in amplitudes]) + perturbation * np.asarray(
        amplitudes)[:, None] * eta
    traj = dyn.linear_run(v0, 1.0, tau, dt, steps, record_every)
    basis = np.stack([np.cos(th), np.sin(th)], axis=1) / np.sqrt(n / 2)
    ring_part = numerics.matmul(numerics.matmul(traj, basis), basis.T)
    off_ring = numerics.norm(traj - ring_part).T  # (amplitude, time)
    p_height = np.hypot(*_cos_sin_profile(traj, th)).T
    t = np.arange(n_rec) * record_every * dt
    theory_height = np.array([[theory.linear_height(a, g, t, tau) for a in amplitudes]
                              for g in gains])
    return xr.Dataset(
        {
            "eigenvalue": ("eig", lam, {"long_name": "eigenvalue λ_k of M_ij = cos(θ_i − θ_j) "
                                        "(Jacobi, hopsim.numerics.eigh), descending", "units": "1"}),
            "expected_eigenvalue": ("eig", theory.expected_spectrum(n),
                                    {"long_name": "N/2, N/2, then 0", "units": "1"}),
            "eigenvector": (("neuron", "mode"), vec[:, :2],
                            {"long_name": "eigenvectors of the two largest eigenvalues as the solver "
                                          "returns them (any orthonormal basis of the plane)",
                             "units": "1"}),
            "eigenvector_aligned": (("neuron", "mode"), aligned,
                                    {"long_name": "the same plane rotated so that mode 0 is "
                                                  "closest to √(2/N) cos θ", "units": "1"}),
            "height": (("gain", "amplitude", "phase", "time"), height,
                       {"long_name": "height a(t) of the cos profile, |(2/N) Σ_j v_j e^{iθ_j}|",
                        "units": "Hz"}),
            "profile_phase": (("gain", "amplitude", "phase", "time"), phase,
                              {"long_name": "phase φ(t) of the cos profile", "units": "degree"}),
            "theory_height": (("gain", "amplitude", "time"), theory_height,
                              {"long_name": "a(0) e^{(g − 1) t/τ}", "units": "Hz"}),
            "max_relative_change": (("gain", "amplitude", "phase"), change,
                                    {"long_name": "max_i |v_i(T) − v_i(0)| / max_i |v_i(0)|",
                                     "units": "1"}),
            "perturbed_height": (("amplitude", "time"), p_height,
                                 {"long_name": "height of the cos profile, start a cos θ plus a "
                                               "random perturbation (g = 1)", "units": "Hz"}),
            "off_ring_norm": (("amplitude", "time"), off_ring,
                              {"long_name": "norm of the part of v outside span{cos θ, sin θ} "
                                            "(perturbed starts, g = 1)", "units": "Hz"}),
        },
        coords={
            "eig": ("eig", np.arange(n), {"long_name": "eigenvalue index k"}),
            "neuron": ("neuron", np.arange(n), {"long_name": "neuron i"}),
            "theta": ("neuron", _deg(th), {"long_name": "preferred angle θ_i", "units": "degree"}),
            "mode": ("mode", [0, 1], {"long_name": "eigenvector of λ = N/2"}),
            "gain": ("gain", np.asarray(gains, float), {"long_name": "gain g", "units": "1"}),
            "amplitude": ("amplitude", np.asarray(amplitudes, float),
                          {"long_name": "initial height a(0)", "units": "Hz"}),
            "phase": ("phase", _deg(phi), {"long_name": "initial phase φ", "units": "degree"}),
            "time": _time(n_rec, record_every * dt),
        },
        attrs={"N": n, "tau_s": tau, "dt_s": dt, "perturbation": perturbation,
               "eigenvector_deviation": dev,
               "model": "τ dv/dt = −v + g M v / L, M_ij = cos(θ_i − θ_j), L = N/2"},
    )


# -------------------------------------------------------------------------------- nonlinear bump

def _measure(net: dyn.RingNetwork, rates: np.ndarray, **overrides) -> tuple[np.ndarray, ...]:
    """(full width of the active region (deg), peak rate (Hz)) of each row's bump."""
    k = rates.shape[0]
    th = dyn.angles(net.n)
    je = np.broadcast_to(np.asarray(overrides.get("excitation", net.excitation), float), (k,))
    ji = np.broadcast_to(np.asarray(overrides.get("inhibition", net.inhibition), float), (k,))
    i0 = np.broadcast_to(np.asarray(overrides.get("drive", net.drive), float), (k,))
    widths = np.empty(k)
    for r in range(k):
        w = (je[r] * np.cos(th[:, None] - th[None, :]) - ji[r]) / (net.n / 2)
        widths[r] = _deg(dyn.active_width(numerics.matmul(rates[r], w.T) + i0[r]))
    return widths, rates.max(axis=1)


def bump(net: dyn.RingNetwork, dt: float, heading_deg: float, hold: float,
         excitation: list[float], inhibition: list[float], height_factors: list[float],
         relax: float, settle_s: float = 1.0, record_every: int = 20) -> xr.Dataset:
    """The threshold-linear bump without heading input: (1) placed at `heading_deg` by a cue,
    settled, then held for `hold` s: heading, width and peak over time; (2) width and peak over a
    grid of J_E × J_I beside the analytic solution (`theory.ring.bump`), also at dt/2; (3) bumps
    started at `height_factors` × the theory profile: the height relaxes to the one the drive
    selects, the linear ring's marginal heights' counterpart."""
    th = dyn.angles(net.n)
    tb = theory.bump(net.excitation, net.inhibition, net.drive)
    v = dyn.settle(net, math.radians(heading_deg), dt, settle_s)
    steps = _steps(hold, dt)
    out = dyn.simulate(net, v, dt, steps, record_every=record_every)
    hold_heading = np.unwrap(out["heading"][:, 0])
    field = dyn.input_field(net, out["rates"])[0]
    w_end, p_end = _measure(net, out["rates"])
    w_start, p_start = _measure(net, v)

    grid = [(je, ji) for je in excitation for ji in inhibition]
    je_g = np.array([g[0] for g in grid])
    ji_g = np.array([g[1] for g in grid])
    over = {"excitation": je_g, "inhibition": ji_g}
    rates = dyn.settle(net, np.zeros(len(grid)), dt, settle_s, **over)
    widths, peaks = _measure(net, rates, **over)
    rates_half = dyn.settle(net, np.zeros(len(grid)), dt / 2, settle_s, **over)
    widths_half, peaks_half = _measure(net, rates_half, **over)
    th_w = np.array([theory.bump(a, b, net.drive)["width_deg"] for a, b in grid])
    th_p = np.array([theory.bump(a, b, net.drive)["peak"] for a, b in grid])
    shape = (len(excitation), len(inhibition))
    je_fine = np.geomspace(1.02, max(excitation) * 1.5, 200)

    start = theory.bump_profile(th, 0.0, net.excitation, net.inhibition, net.drive)
    v0 = np.asarray(height_factors, float)[:, None] * start[None, :]
    r_steps = _steps(relax, dt)
    relax_out = dyn.simulate(net, v0, dt, r_steps, record_every=2, activity_every=2)
    relax_peak = relax_out["activity"].max(axis=2).T  # (factor, time)
    n_relax = relax_peak.shape[1]

    return xr.Dataset(
        {
            "hold_heading": ("time", _deg(hold_heading),
                             {"long_name": "population-vector heading ψ(t), unwrapped, no "
                                           "heading input", "units": "degree"}),
            "hold_amplitude": ("time", out["amplitude"][:, 0],
                               {"long_name": "population-vector amplitude |C + iS|",
                                "units": "Hz"}),
            "profile": ("neuron", out["rates"][0],
                        {"long_name": "rates v_i at the end of the hold", "units": "Hz"}),
            "field": ("neuron", field, {"long_name": "input h_i before rectification at the end "
                                        "of the hold", "units": "Hz"}),
            "theory_profile": ("neuron", theory.bump_profile(th, hold_heading[-1], net.excitation,
                                                             net.inhibition, net.drive),
                               {"long_name": "analytic bump A[cos(θ − ψ) − cos θ_c]_+ at the "
                                             "final heading", "units": "Hz"}),
            "width": (("excitation", "inhibition"), widths.reshape(shape),
                      {"long_name": "full width 2θ_c of the active region {h > 0}, edges "
                                    "interpolated", "units": "degree"}),
            "width_half_dt": (("excitation", "inhibition"), widths_half.reshape(shape),
                              {"long_name": "the same at dt/2", "units": "degree"}),
            "peak": (("excitation", "inhibition"), peaks.reshape(shape),
                     {"long_name": "peak rate max_i v_i", "units": "Hz"}),
            "peak_half_dt": (("excitation", "inhibition"), peaks_half.reshape(shape),
                             {"long_name": "the same at dt/2", "units": "Hz"}),
            "theory_width": (("excitation", "inhibition"), th_w.reshape(shape),
                             {"long_name": "2θ_c, J_E (θ_c − sin θ_c cos θ_c)/π = 1",
                              "units": "degree"}),
            "theory_peak": (("excitation", "inhibition"), th_p.reshape(shape),
                            {"long_name": "A (1 − cos θ_c), A = I_0 / (2 J_I f_0(θ_c) − cos θ_c)",
                             "units": "Hz"}),
            "theory_width_curve": ("excitation_fine",
                                   [theory.bump(x, 1e6, net.drive)["width_deg"] for x in je_fine],
                                   {"long_name": "analytic full width 2θ_c(J_E)", "units": "degree"}),
            "relax_peak": (("factor", "time_relax"), relax_peak,
                           {"long_name": "peak rate of bumps started at factor × the analytic "
                                         "profile", "units": "Hz"}),
        },
        coords={
            "time": _time(hold_heading.size, record_every * dt),
            "neuron": ("neuron", np.arange(net.n), {"long_name": "neuron i"}),
            "theta": ("neuron", _deg(th), {"long_name": "preferred angle θ_i", "units": "degree"}),
            "excitation": ("excitation", np.asarray(excitation, float),
                           {"long_name": "cosine excitation J_E", "units": "1"}),
            "inhibition": ("inhibition", np.asarray(inhibition, float),
                           {"long_name": "uniform inhibition J_I", "units": "1"}),
            "excitation_fine": ("excitation_fine", je_fine,
                                {"long_name": "J_E (theory curve)", "units": "1"}),
            "factor": ("factor", np.asarray(height_factors, float),
                       {"long_name": "initial height over the analytic bump's", "units": "1"}),
            "time_relax": ("time_relax", np.arange(n_relax) * 2 * dt,
                           {"long_name": "time t", "units": "s"}),
        },
        attrs={"N": net.n, "tau_s": net.tau, "dt_s": dt, "excitation_J_E": net.excitation,
               "inhibition_J_I": net.inhibition, "drive_I0_hz": net.drive,
               "heading_deg": heading_deg, "hold_s": hold, "settle_s": settle_s,
               "cue": "0.5 I_0 cos(θ − ψ_0) for 0.1 s on the uniform state, then no heading input",
               "width_start_deg": float(w_start[0]), "width_end_deg": float(w_end[0]),
               "peak_start_hz": float(p_start[0]), "peak_end_hz": float(p_end[0]),
               "theory_width_deg": tb["width_deg"], "theory_peak_hz": tb["peak"],
               "theory_amplitude_hz": tb["amplitude"],
               "min_inhibition": theory.min_inhibition(net.excitation)},
    )


# ---------------------------------------------------------------------------------------- turning

def calibration(net: dyn.RingNetwork, dt: float, max_speed_deg_s: float, points: int,
                settle_s: float, measure_s: float, record_every: int = 10) -> xr.Dataset:
    """Bump speed ω(γ) for constant turning signals γ on a symmetric grid reaching the γ that the
    first-order theory (ω = γ/(J_E τ)) needs for `max_speed_deg_s`: each run starts from the
    settled bump at 0°, the speed is the slope of the unwrapped heading over the last
    `measure_s` s (after `settle_s` s of transient); linear fit ω = slope γ + intercept, R²."""
    gmax = math.radians(max_speed_deg_s) / theory.speed_per_gamma(net.excitation, net.tau)
    gammas = np.linspace(-gmax, gmax, points)
    v = dyn.settle(net, 0.0, dt, 0.5)
    steps = _steps(settle_s + measure_s, dt)
    out = dyn.simulate(net, np.repeat(v, points, axis=0), dt, steps, gamma=gammas,
                       record_every=record_every)
    heading = _deg(np.unwrap(out["heading"], axis=0))  # (T, K)
    t = np.arange(heading.shape[0]) * record_every * dt
    window = t >= settle_s - 1e-12
    speeds = np.array([numerics.linear_fit(t[window], heading[window, k])[1] for k in range(points)])
    intercept, slope = numerics.linear_fit(gammas, speeds)
    resid = speeds - (slope * gammas + intercept)
    r2 = 1 - np.sum(resid**2) / np.sum((speeds - speeds.mean()) ** 2)
    first = _deg(theory.speed_per_gamma(net.excitation, net.tau))
    scheme = first * theory.scheme_speed_factor(net.tau, dt)
    return xr.Dataset(
        {
            "speed": ("gamma", speeds, {"long_name": "bump speed dψ/dt", "units": "degree/s"}),
            "heading": (("time", "gamma"), heading,
                        {"long_name": "population-vector heading ψ(t), unwrapped",
                         "units": "degree"}),
            "theory_speed": ("gamma", first * gammas,
                             {"long_name": "first-order theory γ/(J_E τ)", "units": "degree/s"}),
        },
        coords={
            "gamma": ("gamma", gammas, {"long_name": "turning signal γ (weight of sin(θ_i − θ_j))",
                                        "units": "1"}),
            "time": ("time", t, {"units": "s", "long_name": "time t"}),
        },
        attrs={"N": net.n, "tau_s": net.tau, "dt_s": dt, "settle_s": settle_s,
               "measure_s": measure_s, "slope_deg_s": float(slope),
               "intercept_deg_s": float(intercept), "r2": float(r2),
               "theory_slope_deg_s": float(first), "theory_slope_scheme_deg_s": float(scheme),
               "max_abs_residual_deg_s": float(np.abs(resid).max())},
    )


def head_turning(seed: int, duration: float, dt: float, max_speed_deg_s: float,
                 correlation_s: float) -> np.ndarray:
    """Angular velocity ω(t) (deg/s) at every step: ω_max tanh(x(t)), x an Ornstein–Uhlenbeck
    process with unit variance and correlation time `correlation_s` (smooth, bounded by ω_max)."""
    steps = _steps(duration, dt)
    rng = seeds.rng(seed, _key("trajectory", seeds.value_key(duration), seeds.value_key(dt)))
    a = math.exp(-dt / correlation_s)
    z = rng.standard_normal(steps) * math.sqrt(1 - a * a)
    x = np.empty(steps)
    x[0] = rng.standard_normal()
    for t in range(1, steps):  # a linear recursion: scipy.signal.lfilter would do, this is clear
        x[t] = a * x[t - 1] + z[t]
    return max_speed_deg_s * np.tanh(x)


def tracking(seed: int, net: dyn.RingNetwork, dt: float, slope_deg_s: float,
             intercept_deg_s: float, duration: float, max_speed_deg_s: float,
             correlation_s: float, sigma: float, noisy_trials: int, record_every: int,
             progress: bool = False) -> xr.Dataset:
    """Path integration: the true heading is the integral of a random angular velocity ω(t); the
    network gets the turning signal γ(t) = (ω(t) − intercept)/slope (the calibrated inverse
    map) and starts from a bump settled at the true initial heading; its heading is decoded with
    the population vector. One noise-free run and `noisy_trials` runs with rate noise σ."""
    omega = head_turning(seed, duration, dt, max_speed_deg_s, correlation_s)
    steps = omega.size
    true = np.concatenate([[0.0], np.cumsum(omega) * dt])  # deg, heading before each step
    gamma = (omega - intercept_deg_s) / slope_deg_s
    v = dyn.settle(net, 0.0, dt, 0.5)
    clean = dyn.simulate(net, v, dt, steps, gamma=gamma, record_every=record_every,
                         activity_every=record_every)
    note(f"ring tracking N={net.n}: noise-free run done", enabled=progress)
    rngs = [seeds.rng(seed, _key("tracking_noise", net.n, t)) for t in range(noisy_trials)]
    noisy = dyn.simulate(net, np.repeat(v, noisy_trials, axis=0), dt, steps, gamma=gamma,
                         sigma=sigma, rngs=rngs, record_every=record_every,
                         activity_every=record_every)
    note(f"ring tracking N={net.n}: {noisy_trials} noisy run(s) done", enabled=progress)
    rec = slice(None, None, record_every)
    true_rec = true[rec]
    decoded = np.concatenate([clean["heading"], noisy["heading"]], axis=1)  # (T, 1 + trials)
    decoded = _deg(np.unwrap(decoded, axis=0))
    error = _deg(dyn.wrap(np.radians(decoded - true_rec[:, None])))
    activity = np.stack([clean["activity"][:, 0], noisy["activity"][:, 0]], axis=0)
    n_rec = true_rec.size
    cond = ["noise-free"] + [f"noisy {t}" for t in range(noisy_trials)]
    return xr.Dataset(
        {
            "true_heading": ("time", true_rec, {"long_name": "true heading φ(t) = ∫ω dt",
                                                "units": "degree"}),
            "angular_velocity": ("time", np.append(omega, omega[-1])[rec],
                                 {"long_name": "true angular velocity ω(t)", "units": "degree/s"}),
            "decoded_heading": (("time", "run"), decoded,
                                {"long_name": "population-vector heading ψ(t), unwrapped",
                                 "units": "degree"}),
            "error": (("time", "run"), error,
                      {"long_name": "ψ(t) − φ(t) wrapped to (−180°, 180°]", "units": "degree"}),
            "activity": (("condition", "time", "neuron"), activity,
                         {"long_name": "rates v_i(t) (noise-free run and noisy run 0)",
                          "units": "Hz"}),
        },
        coords={
            "time": _time(n_rec, record_every * dt),
            "run": ("run", np.arange(1 + noisy_trials), {"long_name": "run: 0 noise-free, "
                                                         "1… noisy trials 0…"}),
            "run_label": ("run", np.array(cond, dtype=object), {"long_name": "run"}),
            "condition": ("condition", np.array(["noise-free", "noisy"], dtype=object),
                          {"long_name": "run shown in the activity"}),
            "neuron": ("neuron", np.arange(net.n), {"long_name": "neuron i"}),
            "theta": ("neuron", _deg(dyn.angles(net.n)),
                      {"long_name": "preferred angle θ_i", "units": "degree"}),
        },
        attrs={"N": net.n, "tau_s": net.tau, "dt_s": dt, "duration_s": duration,
               "sigma_hz": sigma, "slope_deg_s": slope_deg_s, "intercept_deg_s": intercept_deg_s,
               "max_speed_deg_s": max_speed_deg_s, "correlation_s": correlation_s,
               "max_abs_angular_velocity_deg_s": float(np.abs(omega).max()),
               "turning_signal": "γ(t) = (ω(t) − intercept) / slope (calibration)"},
    )


# -------------------------------------------------------------------------------------- diffusion

def diffusion_runs(seed: int, net: dyn.RingNetwork, dt: float, sigma: float, trials: int,
                   duration: float, record_every: int, progress: bool = False) -> xr.Dataset:
    """`trials` independent noisy runs (rate noise σ, Hz) of the ring of size net.n from the same
    settled bump at 0° (a symmetric position): decoded heading ψ(t), unwrapped. Each trial draws
    its noise from its own stream keyed by (N, trial)."""
    v = dyn.settle(net, 0.0, dt, 0.5)
    rngs = [seeds.rng(seed, _key("rate_noise", net.n, t)) for t in range(trials)]
    out = dyn.simulate(net, np.repeat(v, trials, axis=0), dt, _steps(duration, dt), sigma=sigma,
                       rngs=rngs, record_every=record_every)
    note(f"ring diffusion N={net.n}: {trials} trials × {duration} s done", enabled=progress)
    heading = _deg(np.unwrap(out["heading"], axis=0)).T  # (trial, T)
    amp = theory.bump(net.excitation, net.inhibition, net.drive)["amplitude"]
    return xr.Dataset(
        {"heading": (("trial", "time"), heading,
                     {"long_name": "population-vector heading ψ(t), unwrapped", "units": "degree"})},
        coords={"trial": ("trial", np.arange(trials), {"long_name": "noise realisation"}),
                "time": _time(heading.shape[1], record_every * dt)},
        attrs={"N": net.n, "tau_s": net.tau, "dt_s": dt, "sigma_hz": sigma,
               "theory_D_rad2_s": float(theory.diffusion_coefficient(
                   net.n, sigma, net.tau, net.excitation, amp)),
               "scheme_factor": theory.scheme_noise_factor(net.tau, dt)},
    )


def msd(heading_deg: np.ndarray, max_lag: int) -> np.ndarray:
    """Time-averaged mean squared displacement (deg²) of unwrapped headings (trial, T) at lags
    0 … max_lag samples: mean over trials and all time origins."""
    return np.array([np.mean((heading_deg[:, k:] - heading_deg[:, :heading_deg.shape[1] - k]) ** 2)
                     if k else 0.0 for k in range(max_lag + 1)])


def _fit_d(lags: np.ndarray, m: np.ndarray, lo: int) -> tuple[float, float]:
    """MSD = 2 D t + c on lags ≥ lo (c: the decoding jitter): (D, c)."""
    c, slope = numerics.linear_fit(lags[lo:], m[lo:])
    return slope / 2, c


def analyse_diffusion(runs: list[xr.Dataset], seed: int, max_lag_s: float, fit_from_s: float,
                      n_boot: int) -> xr.Dataset:
    """D(N) from the MSD of the decoded heading (MSD = 2Dt + c, fitted on lags fit_from_s …
    max_lag_s), a bootstrap over trials for its interval, beside the theory D = 2σ²J_E²/(τA²N);
    the log-log slope of D against N (least squares) with a bootstrap interval."""
    rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "bootstrap"))
    runs = sorted(runs, key=lambda r: r.attrs["N"])
    ns = np.array([r.attrs["N"] for r in runs])
    interval = float(runs[0]["time"][1] - runs[0]["time"][0])
    max_lag = int(round(max_lag_s / interval))
    lo = int(round(fit_from_s / interval))
    lags = np.arange(max_lag + 1) * interval
    msds, ds, boots, jitter = [], [], [], []
    for r in runs:
        h = r["heading"].values
        per_trial = np.array([msd(h[[k]], max_lag) for k in range(h.shape[0])])  # (trial, lag)
        m = per_trial.mean(axis=0)
        d, c = _fit_d(lags, m, lo)
        idx = rng.integers(0, h.shape[0], size=(n_boot, h.shape[0]))
        boots.append([_fit_d(lags, per_trial[i].mean(axis=0), lo)[0] for i in idx])
        msds.append(m)
        ds.append(d)
        jitter.append(c)
    ds, boots = np.array(ds), np.array(boots)  # deg²/s; (N, boot)
    slope = numerics.linear_fit(np.log(ns), np.log(ds))[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        boot_slopes = np.array([numerics.linear_fit(np.log(ns), np.log(b))[1]
                                for b in boots.T if np.all(b > 0)])
    rad2 = _deg(1.0) ** 2
    theory_d = np.array([r.attrs["theory_D_rad2_s"] for r in runs]) * rad2
    scheme = theory_d * np.array([r.attrs["scheme_factor"] for r in runs])
    return xr.Dataset(
        {
            "msd": (("N", "lag"), np.array(msds),
                    {"long_name": "time-averaged mean squared displacement of ψ",
                     "units": "degree^2"}),
            "D": ("N", ds, {"long_name": "diffusion coefficient, MSD = 2Dt + c", "units": "degree^2/s"}),
            "D_low": ("N", np.percentile(boots, 2.5, axis=1),
                      {"long_name": "D 2.5 % bootstrap over trials", "units": "degree^2/s"}),
            "D_high": ("N", np.percentile(boots, 97.5, axis=1),
                       {"long_name": "D 97.5 % bootstrap over trials", "units": "degree^2/s"}),
            "offset": ("N", np.array(jitter), {"long_name": "fitted MSD offset c (decoding "
                                               "jitter of fast fluctuations)", "units": "degree^2"}),
            "theory_D": ("N", theory_d, {"long_name": "large-N theory 2σ²J_E²/(τA²N)",
                                         "units": "degree^2/s"}),
            "theory_D_scheme": ("N", scheme, {"long_name": "the same times the exponential-Euler "
                                              "noise factor (1 − E²)τ/(2dt)", "units": "degree^2/s"}),
        },
        coords={
            "N": ("N", ns, {"long_name": "network size N"}),
            "lag": ("lag", lags, {"long_name": "lag Δt", "units": "s"}),
        },
        attrs={"loglog_slope": float(slope),
               "loglog_slope_low": float(np.percentile(boot_slopes, 2.5)),
               "loglog_slope_high": float(np.percentile(boot_slopes, 97.5)),
               "theory_loglog_slope": -1.0, "fit_from_s": fit_from_s, "max_lag_s": max_lag_s,
               "trials": int(runs[0].sizes["trial"]), "duration_s": float(runs[0]["time"][-1]),
               "sigma_hz": runs[0].attrs["sigma_hz"]},
    )


# --------------------------------------------------------------------------------- heterogeneity

def heterogeneity(seed: int, net: dyn.RingNetwork, dt: float, epsilons: list[float], starts: int,
                  duration: float, record_every: int, grid: int = 360,
                  progress: bool = False) -> xr.Dataset:
    """Drift from heterogeneous weights W_ij = W⁰_ij (1 + ε η_ij), η_ij independent standard
    normal (one draw per N, scaled by each ε): bumps started at `starts` evenly spaced headings
    run without input or noise; beside them the first-order drift field
    ψ̇(ψ) = u·(δW v)/(τ e·u) on a grid of headings (`theory.ring.drift_velocity`)."""
    th = dyn.angles(net.n)
    w0 = net.dense_weights()
    eta = seeds.rng(seed, _key("weights", net.n)).standard_normal(w0.shape)
    tb = theory.bump(net.excitation, net.inhibition, net.drive)
    heads = 2 * np.pi * np.arange(starts) / starts
    v0 = np.stack([theory.bump_profile(th, h, net.excitation, net.inhibition, net.drive)
                   for h in heads])
    psi = 2 * np.pi * np.arange(grid) / grid
    unit_field = np.empty(grid)  # drift per unit ε
    for k, p in enumerate(psi):
        v = theory.bump_profile(th, p, net.excitation, net.inhibition, net.drive)
        h = tb["amplitude"] * np.cos(th - p) - tb["offset"]
        unit_field[k] = theory.drift_velocity(w0 * eta, v, h, net.tau)
    steps = _steps(duration, dt)
    # the first-order prediction of each start's end point: ψ̇ = ε f(ψ) integrated (Heun, 1 ms)
    predicted = np.empty((len(epsilons), starts))
    h_t, n_t = 1e-3, max(1, int(round(duration / 1e-3)))
    ext = np.append(psi, 2 * np.pi)
    rate = np.append(unit_field, unit_field[0])
    for i, eps in enumerate(epsilons):
        x = heads.copy()
        for _ in range(n_t):
            k1 = eps * np.interp(x % (2 * np.pi), ext, rate)
            k2 = eps * np.interp((x + h_t * k1) % (2 * np.pi), ext, rate)
            x = x + 0.5 * h_t * (k1 + k2)
        predicted[i] = x - heads
    traj = []
    for eps in track(epsilons, f"ring heterogeneity N={net.n} (ε)", enabled=progress):
        out = dyn.simulate(net, v0, dt, steps, weights=w0 * (1 + eps * eta),
                           record_every=record_every)
        traj.append(_deg(np.unwrap(out["heading"], axis=0)).T)  # (start, T)
    traj = np.array(traj)
    return xr.Dataset(
        {
            "heading": (("epsilon", "start", "time"), traj,
                        {"long_name": "population-vector heading ψ(t), unwrapped",
                         "units": "degree"}),
            "theory_displacement": (("epsilon", "start"), _deg(predicted),
                                    {"long_name": "ψ(T) − ψ(0) of the first-order drift "
                                                  "ψ̇ = ε f(ψ) from each start", "units": "degree"}),
            "theory_drift_per_epsilon": ("heading_grid", _deg(unit_field),
                                         {"long_name": "first-order drift ψ̇(ψ) per unit ε",
                                          "units": "degree/s"}),
        },
        coords={
            "epsilon": ("epsilon", np.asarray(epsilons, float),
                        {"long_name": "relative weight perturbation ε", "units": "1"}),
            "start": ("start", _deg(heads), {"long_name": "initial heading", "units": "degree"}),
            "time": _time(traj.shape[2], record_every * dt),
            "heading_grid": ("heading_grid", _deg(psi), {"long_name": "bump heading ψ",
                                                         "units": "degree"}),
        },
        attrs={"N": net.n, "tau_s": net.tau, "dt_s": dt, "duration_s": duration,
               "perturbation": "W_ij (1 + ε η_ij), η_ij ~ N(0, 1) independent, one draw per N"},
    )
