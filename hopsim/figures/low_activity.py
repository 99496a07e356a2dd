"""Low-activity figures: α_c(a) on log axes beside the theory and the Tsodyks–Feigel'man
asymptote, the retrieval curves behind it, and the cobweb of the overlap map F̂."""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..dynamics.low_activity import overlap_map
from ..theory.low_activity import tsodyks_feigelman
from .style import plt, save, sns, style


def _b_label(ds: xr.Dataset) -> str:
    b = float(ds.attrs["b"])
    return "b = 0 (E/I split)" if b == 0 else f"b = a = {b:g}"


def low_activity_figures(an: xr.Dataset, maps: list[xr.Dataset], paths: dict, dpi: int = 150,
                         context: str = "notebook"):
    """capacity: α_c(a) measured (95 % bootstrap bars) with the theory under the same criterion,
    the theory's fold and 1/(2a ln(1/a)); retrieval: retrieved fraction vs α / α_c^theory;
    overlap_map: F̂ against the diagonal with the map's cobweb and the simulated m(t)."""
    style(context)
    colors = sns.color_palette("colorblind")
    criterion = an.attrs["retrieved_overlap"]

    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    grid = an["activity_grid"].values
    ax.plot(grid, tsodyks_feigelman(grid), ":", color="0.3",
            label="Tsodyks–Feigel'man 1/(2a ln(1/a))")
    ax.plot(grid, an["theory_curve_fold"], "--", color=colors[1],
            label="theory: end of the retrieval branch")
    ax.plot(grid, an["theory_curve"], "-", color=colors[0],
            label=f"theory: retrieval with m ≥ {criterion:g}")
    a = an["activity"].values
    est = an["alpha_c"].values
    err = np.abs(np.stack([an["alpha_c_low"].values, an["alpha_c_high"].values]) - est)
    ax.errorbar(a, est, yerr=err, fmt="o", color=colors[3], capsize=3, zorder=5,
                label=f"simulation, N = {an.attrs['N']}")
    ax.set(xscale="log", yscale="log", xlabel="pattern activity a",
           ylabel="storage capacity α_c = P_c / N")
    ax.legend(fontsize="small")
    sns.despine(fig)
    save(fig, paths["capacity"], dpi)

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharex=True)
    for i, act in enumerate(a):
        row = an.isel(activity=i)
        ok = np.isfinite(row["load"].values)
        x = row["load"].values[ok] / float(row["theory_alpha_c"])
        label = f"a = {act:g} (θ = {float(row['threshold']):.3f})"
        axes[0].plot(x, row["retrieved_fraction"].values[ok], "o-", color=colors[i], label=label)
        axes[1].plot(x, row["mean_overlap"].values[ok], "o-", color=colors[i], label=label)
    axes[0].axhline(0.5, color="0.5", lw=0.8)
    axes[0].set(xlabel="load α / α_c^theory(a)", ylabel=f"fraction retrieved (m ≥ {criterion:g})")
    axes[1].set(xlabel="load α / α_c^theory(a)", ylabel="mean final overlap m")
    for ax in axes:
        ax.axvline(1.0, color="0.5", ls="--", lw=0.8)
    axes[1].legend(fontsize="small")
    sns.despine(fig)
    save(fig, paths["retrieval"], dpi)

    fig, axes = plt.subplots(2, len(maps), figsize=(5 * len(maps), 8.4), squeeze=False)
    m = np.linspace(-0.1, 1.1, 400)
    for k, ds in enumerate(maps):
        b, theta, temp = float(ds.attrs["b"]), float(ds.attrs["threshold"]), float(ds.attrs["temperature"])
        ax = axes[0, k]
        ax.plot(m, overlap_map(m, b, theta, temp), color="0.2", label="F̂(m)")
        ax.plot(m, m, color="0.6", lw=0.8, label="m(t+1) = m(t)")
        sim = ds["simulated"].mean("trial")
        for j, m0 in enumerate(ds["m0"].values):
            it = ds["map_iterates"].isel(m0=j).values
            # cobweb: (m_k, m_k) on the diagonal -> (m_k, m_k+1) on F̂ -> (m_k+1, m_k+1) ...
            xs = np.repeat(it[:-1], 2)
            ys = np.stack([it[:-1], it[1:]], axis=1).ravel()
            ax.plot(xs, ys, color=colors[j], lw=1)
            s = sim.isel(m0=j).values
            ax.plot(s[:-1], s[1:], "o", ms=4, color=colors[j], label=f"m(0) = {m0:g}")
        ax.set(xlabel="m(t)", ylabel="m(t+1)", xlim=(-0.1, 1.1), ylim=(-0.1, 1.1),
               title=f"{_b_label(ds)}, θ = {theta:g}, T = {temp:g}")
        ax.legend(fontsize="x-small", loc="upper left")
        ax = axes[1, k]
        t = ds["step"].values
        for j in range(ds.sizes["m0"]):
            ax.plot(t, ds["map_iterates"].isel(m0=j), "-", color=colors[j])
            s = ds["simulated"].isel(m0=j)
            ax.errorbar(t, s.mean("trial"), yerr=s.std("trial"), fmt="o", ms=4, capsize=2,
                        color=colors[j])
        ax.set(xlabel="parallel update t", ylabel="overlap m(t)",
               title=f"N = {ds.attrs['N']}, P = {ds.attrs['P']}, a = {ds.attrs['activity']:g}: "
                     "lines F̂ iterates, dots simulation")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["overlap_map"], dpi)
