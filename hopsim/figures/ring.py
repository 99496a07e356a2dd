"""Ring-attractor figures: spectrum and eigenvectors, the linear ring's fixed points and heights
beside the nonlinear ring's, the bump against the analytic solution, speed calibration,
path integration (activity heat map with the true heading), diffusion vs N, drift from
heterogeneous weights. Theory drawn beside every simulation."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import xarray as xr

from ..theory import ring as theory
from .style import plt, save, sns, style


def _stable_points(grid_deg: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Headings where the drift field crosses zero downwards (interpolated): where bumps rest."""
    nxt = np.roll(field, -1)
    k = np.flatnonzero((field > 0) & (nxt <= 0))
    step = grid_deg[1] - grid_deg[0]
    return (grid_deg[k] + step * field[k] / (field[k] - nxt[k])) % 360


def spectrum_figure(lin: xr.Dataset, path, dpi: int) -> None:
    n = lin.attrs["N"]
    lam = lin["eigenvalue"].values
    k = lin["eig"].values
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.9))
    ax = axes[0]
    ax.plot(k, lin["expected_eigenvalue"], "-", color="0.6", lw=2, label="theory: N/2, N/2, 0, …")
    ax.plot(k, lam, "o", ms=3, color=colors[0], label="Jacobi eigensolver")
    ax.set(xlabel="index k (descending)", ylabel="eigenvalue λ_k of M_ij = cos(θ_i − θ_j)",
           title=f"N = {n} equally spaced angles")
    ax.legend(fontsize="small")
    ax = axes[1]
    rest = np.abs(lam[2:])
    ax.semilogy(k[2:], np.maximum(rest, 1e-30), "o", ms=3, color=colors[0], label="|λ_k|, k ≥ 2")
    ax.axhline(1e-9 * n, color=colors[3], ls="--", label="tolerance 10⁻⁹ N")
    ax.axhline(np.finfo(float).eps * n / 2, color="0.5", ls=":", label="ε_machine · N/2")
    ax.set(xlabel="index k", ylabel="|λ_k|", title="the other N − 2 eigenvalues (theory: 0)",
           ylim=(1e-18, 1e-5))
    ax.legend(fontsize="small")
    ax = axes[2]
    th = lin["theta"].values
    fine = np.linspace(0, 360, 361)
    scale = np.sqrt(2.0 / n)
    ax.plot(fine, scale * np.cos(np.radians(fine)), color="0.6", lw=2, label="√(2/N) cos θ, sin θ")
    ax.plot(fine, scale * np.sin(np.radians(fine)), color="0.6", lw=2)
    for m, name in enumerate(("mode 0", "mode 1")):
        ax.plot(th, lin["eigenvector_aligned"].isel(mode=m), "o", ms=3, color=colors[m],
                label=f"{name} (rotated in its plane)")
        ax.plot(th, lin["eigenvector"].isel(mode=m), "-", lw=0.8, color=colors[m], alpha=0.5,
                label=f"{name} as the solver returns it")
    ax.set(xlabel="preferred angle θ_i (deg)", ylabel="eigenvector component",
           title="eigenvectors of λ = N/2", xticks=range(0, 361, 90))
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def linear_figure(lin: xr.Dataset, bump: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    tau = lin.attrs["tau_s"]
    t = lin["time"].values * 1000
    fig, axes = plt.subplots(1, 4, figsize=(18, 3.9))
    ax = axes[0]
    for i, g in enumerate(lin["gain"].values):
        h = lin["height"].isel(gain=i)
        rel = (h / h.isel(time=0)).values.reshape(-1, t.size)
        for row in rel:
            ax.plot(t, row, "-", color=colors[i], lw=3, alpha=0.25)
        ax.plot(t, theory.linear_height(1.0, g, t / 1000, tau), "--", color="0.15", lw=1)
        ax.plot([], [], "-", color=colors[i], lw=3, alpha=0.5, label=f"g = {g:g}")
    ax.plot([], [], "--", color="0.15", label=r"theory $e^{(g-1)t/\tau}$")
    ax.set(yscale="log", xlabel="time t (ms)", ylabel="height a(t) / a(0)",
           title=f"linear ring, every a(0) and φ (τ = {tau * 1000:g} ms)")
    ax.legend(fontsize="small")
    ax = axes[1]
    th = lin["theta"].values
    g1 = float(np.argmin(np.abs(lin["gain"].values - 1.0)))
    a = float(lin["amplitude"].values[-1])
    for j, phi in enumerate(lin["phase"].values):
        v0 = a * np.cos(np.radians(th - phi))
        ax.plot(th, v0, "-", color=colors[j % 10], lw=1)
        end = lin["height"].isel(gain=int(g1), amplitude=-1, phase=j, time=-1).values
        ph = lin["profile_phase"].isel(gain=int(g1), amplitude=-1, phase=j, time=-1).values
        ax.plot(th[::4], (end * np.cos(np.radians(th - ph)))[::4], "o", ms=3, color=colors[j % 10])
    ax.set(xlabel="preferred angle θ_i (deg)", ylabel="rate v_i (Hz)", xticks=range(0, 361, 90),
           title=f"g = 1: a cos(θ − φ) at t = 0 (lines), t = {t[-1]:g} ms (dots)")
    ax = axes[2]
    for i, amp in enumerate(lin["amplitude"].values):
        off = lin["off_ring_norm"].isel(amplitude=i)
        ax.plot(t, off / off.isel(time=0), "-", color=colors[i], label=f"a(0) = {amp:g} Hz")
        h = lin["perturbed_height"].isel(amplitude=i)
        ax.plot(t, h / amp, ":", color=colors[i])
    ax.plot(t, np.exp(-t / 1000 / tau), "--", color="0.15", lw=1, label=r"theory $e^{-t/\tau}$")
    ax.set(yscale="log", xlabel="time t (ms)", ylim=(1e-5, 3), xlim=(0, 12 * tau * 1000),
           ylabel="off-ring part / its start (solid);\nheight / a(0) (dotted)",
           title="g = 1, perturbed start: the height stays\nwhere the kick left it")
    ax.legend(fontsize="x-small")
    ax = axes[3]
    tr = bump["time_relax"].values * 1000
    for i, f in enumerate(bump["factor"].values):
        ax.plot(tr, bump["relax_peak"].isel(factor=i), "-", color=colors[i],
                label=f"start at {f:g} × analytic")
    ax.axhline(bump.attrs["theory_peak_hz"], color="0.15", ls="--", lw=1,
               label=f"analytic peak {bump.attrs['theory_peak_hz']:.1f} Hz")
    ax.set(yscale="log", xlabel="time t (ms)", ylabel="peak rate max_i v_i (Hz)",
           title="threshold-linear ring: one height")
    ax.legend(fontsize="x-small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def bump_figure(b: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 4, figsize=(18, 3.9))
    ax = axes[0]
    th = b["theta"].values
    ax.plot(th, b["field"], "-", color=colors[2], lw=1, label="input h_i (before [·]_+)")
    ax.plot(th, b["theory_profile"], "-", color="0.6", lw=3, label="analytic A[cos(θ − ψ) − cos θ_c]_+")
    ax.plot(th[::2], b["profile"][::2], "o", ms=2.5, color=colors[0],
            label=f"rates v_i after {b.attrs['hold_s']:g} s")
    ax.axhline(0, color="0.5", lw=0.6)
    peak = float(b["profile"].max())
    ax.set_ylim(-0.9 * peak, 1.6 * peak)
    ax.set(xlabel="preferred angle θ_i (deg)", ylabel="rate, input (Hz)", xticks=range(0, 361, 90),
           title=f"N = {b.attrs['N']}, J_E = {b.attrs['excitation_J_E']:g}, J_I = "
                 f"{b.attrs['inhibition_J_I']:g}, I_0 = {b.attrs['drive_I0_hz']:g} Hz")
    ax.legend(fontsize="x-small", loc="upper right")
    ax = axes[1]
    ax.plot(b["excitation_fine"], b["theory_width_curve"], "-", color="0.6", lw=2,
            label="theory 2θ_c(J_E)")
    for j, ji in enumerate(b["inhibition"].values):
        ax.plot(b["excitation"], b["width"].isel(inhibition=j), "os^"[j % 3], color=colors[j],
                mfc="none", ms=7, label=f"simulation, J_I = {ji:g}")
    ax.set(xscale="log", xlabel="cosine excitation J_E", ylabel="bump width 2θ_c (deg)",
           title="width: J_E alone")
    ticks = [1] + [float(x) for x in b["excitation"].values]
    ax.set_xticks(ticks, [f"{x:g}" for x in ticks])
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.legend(fontsize="small")
    ax = axes[2]
    ji_fine = np.linspace(0, b["inhibition"].values.max() * 1.1, 200)
    for i, je in enumerate(b["excitation"].values):
        least = theory.min_inhibition(float(je))
        xs = ji_fine[ji_fine > least * 1.02]
        ax.plot(xs, [theory.bump(float(je), x, b.attrs["drive_I0_hz"])["peak"] for x in xs], "-",
                color=colors[i], lw=1)
        ax.plot(b["inhibition"], b["peak"].isel(excitation=i), "o", color=colors[i],
                label=f"J_E = {je:g}")
    ax.plot([], [], "-", color="0.3", lw=1, label="theory A(1 − cos θ_c)")
    ax.set(yscale="log", xlabel="uniform inhibition J_I", ylabel="peak rate (Hz)",
           title=f"height at I_0 = {b.attrs['drive_I0_hz']:g} Hz", ylim=(5, 500))
    ax.legend(fontsize="x-small", ncol=2)
    ax = axes[3]
    t = b["time"].values
    drift = b["hold_heading"] - b["hold_heading"].isel(time=0)
    ax.plot(t, drift, color=colors[0], label="ψ(t) − ψ(0)")
    ax.axhspan(-5, 5, color=colors[2], alpha=0.12, label="±5° (issue 7)")
    ax.set(xlabel="time t (s)", ylabel="heading drift (deg)", ylim=(-6, 6),
           title=f"no heading input, cue at {b.attrs['heading_deg']:g}°")
    ax.legend(fontsize="small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def calibration_figure(c: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1.4, 1]})
    g = c["gamma"].values
    speed = c["speed"].values
    ax = axes[0]
    fine = np.linspace(g.min(), g.max(), 50)
    ax.plot(fine, c.attrs["theory_slope_deg_s"] * fine, ":", color="0.4",
            label=f"theory γ/(J_E τ): {c.attrs['theory_slope_deg_s']:.1f}°/s per unit γ")
    ax.plot(fine, c.attrs["theory_slope_scheme_deg_s"] * fine, "--", color="0.6", lw=2,
            label=f"× (1 − e^(−dt/τ)) τ/dt (exp. Euler): {c.attrs['theory_slope_scheme_deg_s']:.1f}")
    ax.plot(fine, c.attrs["slope_deg_s"] * fine + c.attrs["intercept_deg_s"], "-", color=colors[0],
            lw=1, label=f"fit: {c.attrs['slope_deg_s']:.1f}°/s per unit γ, R² = {c.attrs['r2']:.6f}")
    ax.plot(g, speed, "o", color=colors[0], label="simulation")
    ax.set(xlabel="turning signal γ (weight of sin(θ_i − θ_j))", ylabel="bump speed dψ/dt (deg/s)",
           title=f"N = {c.attrs['N']}, τ = {c.attrs['tau_s'] * 1000:g} ms, dt = "
                 f"{c.attrs['dt_s'] * 1000:g} ms")
    ax.legend(fontsize="x-small")
    ax = axes[1]
    ax.plot(g, speed - (c.attrs["slope_deg_s"] * g + c.attrs["intercept_deg_s"]), "o-",
            color=colors[0])
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set(xlabel="turning signal γ", ylabel="speed − linear fit (deg/s)", title="residuals")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def _wrapped_points(t, heading_deg):
    return t, np.mod(heading_deg, 360)


def tracking_figure(tr: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    t = tr["time"].values
    fig, axes = plt.subplots(4, 1, figsize=(13, 11), sharex=True,
                             gridspec_kw={"height_ratios": [2, 2, 1.2, 1]})
    for row, cond in enumerate(tr["condition"].values):
        ax = axes[row]
        act = tr["activity"].isel(condition=row).values.T  # (neuron, time)
        im = ax.imshow(act, aspect="auto", origin="lower", cmap="viridis", interpolation="nearest",
                       extent=(t[0], t[-1], 0, 360), vmin=0)
        ax.plot(*_wrapped_points(t, tr["true_heading"].values), ".", ms=1.2, color="w",
                label="true heading φ(t)")
        ax.set(ylabel="preferred angle θ (deg)", yticks=range(0, 361, 90),
               title=f"{cond}: rates v_i(t) (colour, Hz), N = {tr.attrs['N']}"
                     + (f", σ = {tr.attrs['sigma_hz']:g} Hz" if row else ""))
        ax.legend(loc="upper right", fontsize="x-small", markerscale=6)
        fig.colorbar(im, cax=ax.inset_axes([1.005, 0.0, 0.012, 1.0]), label="v (Hz)")
    ax = axes[2]
    err = tr["error"]
    rms = np.sqrt((err**2).mean("time")).values
    ax.plot(t, err.isel(run=0), color=colors[0], lw=1, label=f"noise-free (RMS {rms[0]:.2f}°)")
    for r in range(1, tr.sizes["run"]):
        ax.plot(t, err.isel(run=r), color=colors[1 + (r - 1) % 8], lw=0.7, alpha=0.8,
                label=f"noisy trial {r - 1} (RMS {rms[r]:.1f}°)")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set(ylabel="ψ(t) − φ(t) (deg)", title="decoding error (population vector − integrated "
                                             "angular velocity)")
    ax.legend(fontsize="x-small", ncol=3, loc="lower left")
    ax = axes[3]
    ax.plot(t, tr["angular_velocity"], color="0.3", lw=0.8)
    ax.axhline(tr.attrs["max_speed_deg_s"], color="0.6", ls="--", lw=0.8)
    ax.axhline(-tr.attrs["max_speed_deg_s"], color="0.6", ls="--", lw=0.8)
    ax.set(xlabel="time t (s)", ylabel="ω(t) (deg/s)", title="true angular velocity")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def diffusion_figure(d: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    ns = d["N"].values
    lag = d["lag"].values
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    ax = axes[0]
    fit = lag >= d.attrs["fit_from_s"] - 1e-12
    for i, n in enumerate(ns):
        ax.plot(lag, d["msd"].isel(N=i), "o", ms=2.5, color=colors[i % 10], label=f"N = {n}")
        ax.plot(lag[fit], 2 * float(d["D"][i]) * lag[fit] + float(d["offset"][i]), "-",
                color=colors[i % 10], lw=1)
    ax.set(xlabel="lag Δt (s)", ylabel="MSD of ψ (deg²)",
           title=f"σ = {d.attrs['sigma_hz']:g} Hz, {d.attrs['trials']} trials × "
                 f"{d.attrs['duration_s']:g} s; lines: 2DΔt + c")
    ax.legend(fontsize="small")
    ax = axes[1]
    err = np.abs(np.stack([d["D_low"].values, d["D_high"].values]) - d["D"].values)
    ax.errorbar(ns, d["D"], yerr=err, fmt="o", color=colors[3], capsize=3,
                label=f"simulation (95 % bootstrap); slope {d.attrs['loglog_slope']:.2f}")
    fine = np.geomspace(ns.min() / 1.3, ns.max() * 1.3, 20)
    ref = float(d["theory_D_scheme"][0]) * ns[0]
    ax.plot(fine, ref / fine, "--", color="0.4", label="theory 2σ²J_E²/(τA²N) × scheme factor")
    ax.plot(fine, float(d["theory_D"][0]) * ns[0] / fine, ":", color="0.6",
            label="theory 2σ²J_E²/(τA²N)")
    ax.set(xscale="log", yscale="log", xlabel="network size N", ylabel="D (deg²/s)",
           title="diffusion coefficient of the bump")
    ax.set_xticks(ns, [str(n) for n in ns])
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.yaxis.set_major_formatter(plt.ScalarFormatter())
    ax.legend(fontsize="x-small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def heterogeneity_figure(h: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    eps = h["epsilon"].values
    grid = h["heading_grid"].values
    field = h["theory_drift_per_epsilon"].values
    t = h["time"].values
    fig, axes = plt.subplots(1, 3, figsize=(17, 4.2))
    ax = axes[0]
    e = len(eps) - 1
    for p in _stable_points(grid, field):
        ax.axhline(p, color="0.6", ls="--", lw=0.8)
    for s in range(h.sizes["start"]):
        ax.plot(t, np.mod(h["heading"].isel(epsilon=e, start=s), 360), ".", ms=1, color=colors[0])
    ax.plot([], [], "--", color="0.6", label="stable points of the first-order drift")
    ax.set(xlabel="time t (s)", ylabel="heading ψ (deg)", yticks=range(0, 361, 90), ylim=(0, 360),
           title=f"ε = {eps[e]:g}: {h.sizes['start']} starts, no input, no noise")
    ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.2))
    ax = axes[1]
    ax.plot(grid, field, "-", color="0.3", lw=1.5, label="first order u·(δW v)/(τ e·u), per ε")
    dt = t[1] - t[0]
    for i, x in enumerate(eps):
        hd = h["heading"].isel(epsilon=i).values
        vel = np.diff(hd, axis=1) / dt / x
        mid = np.mod(0.5 * (hd[:, 1:] + hd[:, :-1]), 360)
        ax.plot(mid.ravel()[::3], vel.ravel()[::3], ".", ms=2, color=colors[1 + i % 9], alpha=0.6,
                label=f"simulation ε = {x:g}")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set(xlabel="heading ψ (deg)", ylabel="drift dψ/dt / ε (deg/s)", xticks=range(0, 361, 90),
           title=f"drift field, N = {h.attrs['N']}")
    ax.legend(fontsize="x-small", markerscale=4, ncol=2, loc="upper center",
              bbox_to_anchor=(0.5, -0.2))
    ax = axes[2]
    moved = np.abs(h["heading"].isel(time=-1) - h["heading"].isel(time=0))
    ax.plot(eps, moved.mean("start"), "o", color=colors[3], label="mean |ψ(T) − ψ(0)|")
    ax.plot(eps, moved.max("start"), "^", color=colors[4], label="max over starts")
    pred = np.abs(h["theory_displacement"])
    ax.plot(eps, pred.mean("start"), "--", color=colors[3], label="first order: mean")
    ax.plot(eps, pred.max("start"), ":", color=colors[4], label="first order: max")
    ax.set(xscale="log", yscale="log", xlabel="relative weight perturbation ε",
           ylabel=f"drift over T = {h.attrs['duration_s']:g} s (deg)",
           title="drift grows with ε")
    ax.set_xticks(eps, [f"{x:g}" for x in eps])
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(plt.NullLocator())
    ax.legend(fontsize="x-small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def ring_figures(data: dict, paths: dict, dpi: int = 150, context: str = "notebook") -> None:
    """data: the stores linear, bump, calibration, tracking, diffusion, heterogeneity;
    paths: one PNG per figure name (spectrum, linear, bump, calibration, tracking, diffusion,
    heterogeneity)."""
    style(context)
    spectrum_figure(data["linear"], paths["spectrum"], dpi)
    linear_figure(data["linear"], data["bump"], paths["linear"], dpi)
    bump_figure(data["bump"], paths["bump"], dpi)
    calibration_figure(data["calibration"], paths["calibration"], dpi)
    tracking_figure(data["tracking"], paths["tracking"], dpi)
    diffusion_figure(data["diffusion"], paths["diffusion"], dpi)
    heterogeneity_figure(data["heterogeneity"], paths["heterogeneity"], dpi)
