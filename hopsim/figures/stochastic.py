"""Stochastic-family figures: stationary overlap vs T beside m = tanh(m/T) and the RS theory,
cobweb of the overlap map, the (α, T) retrieval map with T_M(α), and overlap traces near T_M."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import theory
from .style import plt, save, sns, style


def _edges(x: np.ndarray) -> np.ndarray:
    """Cell edges around grid points (midpoints inside, half a step beyond the ends)."""
    x = np.asarray(x, float)
    if x.size == 1:
        return np.array([x[0] - 0.5, x[0] + 0.5])
    mid = 0.5 * (x[1:] + x[:-1])
    return np.concatenate([[x[0] - (mid[0] - x[0])], mid, [x[-1] + (x[-1] - mid[-1])]])


def _branch(grid, values, jump: float = 0.2) -> np.ndarray:
    """Theory values with NaN inserted where the RS solution jumps (retrieval branch ends), so
    that the line is not drawn across the jump."""
    v = np.asarray(values, float)
    out_x, out_y = [grid[0]], [v[0]]
    for x, y, prev in zip(grid[1:], v[1:], v[:-1]):
        if abs(y - prev) > jump:
            out_x.append(np.nan)
            out_y.append(np.nan)
        out_x.append(x)
        out_y.append(y)
    return np.array(out_x), np.array(out_y)


def shown_alphas(alphas, wanted=(0.02, 0.05, 0.08)) -> list[float]:
    """The map loads drawn as curves: those of the acceptance points if run, else up to three."""
    alphas = [float(a) for a in alphas]
    picked = [a for a in alphas if any(np.isclose(a, w) for w in wanted)]
    if picked:
        return picked
    return [alphas[i] for i in sorted({0, len(alphas) // 2, len(alphas) - 1})]


def stochastic_figures(an: xr.Dataset, low: xr.Dataset, graded: xr.Dataset, omap: xr.Dataset,
                       maps: list[xr.Dataset], paths: dict, dpi: int = 150,
                       context: str = "notebook"):
    style(context)
    _stationary(an, low, graded, paths["stationary"], dpi)
    _cobweb(omap, paths["cobweb"], dpi)
    _retrieval_map(an, paths["retrieval_map"], dpi)
    _traces(an, maps, paths["traces"], dpi)


def _stationary(an, low, graded, path, dpi):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    a_low = float(low["alpha"][0])
    n_low = int(low.attrs["N"])
    t_hi = max(1.5, float(low["temperature"].max()) * 1.05)
    grid = np.linspace(0.02, t_hi, 150)
    ax.plot(grid, [theory.meanfield_overlap(t) for t in grid], "k-", lw=1.5,
            label="m = tanh(m/T)  (α → 0)")
    ax.plot(*_branch(grid, [theory.ags_state(a_low, t)[0] for t in grid]), "k--", lw=1,
            label=f"replica symmetric, α = {a_low:g}")
    per_run = low["mean_overlap"].sel(alpha=a_low)
    ax.errorbar(low["temperature"], per_run.mean(["trial", "pattern"]),
                yerr=per_run.std(["trial", "pattern"], ddof=1), fmt="o", color="C0", ms=5,
                capsize=2, label=f"Glauber async, N = {n_low}, P = {int(low['n_patterns'][0])}")
    ax.plot(graded["temperature"], graded["overlap"].mean("trial"), "D", mfc="none", color="C3",
            ms=7, label="graded response S = tanh(βh): fixed point m")
    ax.plot(graded["temperature"], graded["overlap_norm"].mean("trial"), "x", color="C3", ms=6,
            label="graded response: |m⃗| over all P patterns")
    ax.set_xlabel("temperature T = 1/β")
    ax.set_ylabel("stationary overlap m")
    ax.set_title("low load", fontsize="medium")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(fontsize="small", frameon=False, loc="center left", bbox_to_anchor=(0, 0.4))

    temps = an["temperature"].values
    fine = np.linspace(max(0.02, temps.min() * 0.5), temps.max(), 120)
    for a, col in zip(shown_alphas(an["alpha"].values), sns.color_palette("colorblind")[1:]):
        s = an.sel(alpha=a)
        bx.plot(*_branch(fine, [theory.ags_state(a, t)[0] for t in fine]), "-", color=col, lw=1.2)
        bx.errorbar(temps, s["mean_overlap"], yerr=s["sd_overlap"], fmt="o", color=col, ms=4,
                    capsize=2, label=f"α = {a:g}")
        bx.axvline(float(s["T_M"]), color=col, ls=":", lw=1)
    bx.plot([], [], "k-", lw=1.2, label="replica symmetric m(α, T)")
    bx.plot([], [], "k:", lw=1, label="AGS boundary T_M(α)")
    bx.set_xlabel("temperature T = 1/β")
    bx.set_ylabel("time-averaged overlap m (mean ± sd over runs)")
    bx.set_title(f"finite load, N = {an.attrs['N']}, runs from stored patterns",
                 fontsize="medium")
    bx.set_ylim(-0.05, 1.05)
    bx.legend(fontsize="small", frameon=False, loc="lower left")
    sns.despine(fig)
    save(fig, path, dpi)


def _cobweb(omap, path, dpi):
    temps = omap["temperature"].values
    fig, axes = plt.subplots(2, len(temps), figsize=(3.3 * len(temps), 6.4), squeeze=False,
                             layout="constrained")
    sim = omap["simulated"]
    mean, sd = sim.mean("trial").values, sim.std("trial", ddof=1).values
    it = omap["map_iterates"].values
    steps = omap["step"].values
    lo = min(0.0, float(sim.min()), float(it.min()))
    m = np.linspace(lo, 1, 200)
    for j, temp in enumerate(temps):
        ax = axes[0, j]
        ax.plot(m, m, color="0.6", lw=0.8, label="diagonal m(t+1) = m(t)")
        ax.plot(m, np.tanh(m / temp) if temp > 0 else np.sign(m), "k-", lw=1.5,
                label="F(m) = tanh(m/T)")
        # The map's cobweb from the diagonal: (m_t, m_t) → (m_t, m_{t+1}) → (m_{t+1}, m_{t+1}).
        cx = np.concatenate([[it[j, 0]], np.repeat(it[j, :-1], 2)])
        cx[2::2] = it[j, 1:]
        cy = np.concatenate([[it[j, 0]], np.repeat(it[j, 1:], 2)])
        ax.plot(cx, cy, color="C0", lw=1, label="map iterates (cobweb)")
        ax.errorbar(mean[j, :-1], mean[j, 1:], xerr=sd[j, :-1], yerr=sd[j, 1:], fmt="o",
                    color="C3", ms=4, capsize=2, label="simulation (m(t), m(t+1))")
        ax.set_xlim(lo, 1)
        ax.set_ylim(lo, 1)
        ax.set_aspect("equal")
        ax.set_title(f"T = {temp:g}", fontsize="medium")
        ax.set_xlabel("m(t)")
        bx = axes[1, j]
        bx.plot(steps, it[j], "s-", color="C0", mfc="none", label="map iterates")
        bx.errorbar(steps, mean[j], yerr=sd[j], fmt="o", color="C3", ms=4, capsize=2,
                    label=f"simulation, mean ± sd of {sim.sizes['trial']} runs")
        bx.set_xlabel("parallel update t")
        bx.set_ylim(lo, 1.02)
    axes[0, 0].set_ylabel("m(t+1)")
    axes[1, 0].set_ylabel("overlap m(t)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    h2, l2 = axes[1, 0].get_legend_handles_labels()
    fig.legend(handles + h2[1:], labels + l2[1:], loc="outside lower center", ncol=3,
               fontsize="small", frameon=False)
    fig.suptitle(f"overlap map, parallel Glauber updates: N = {omap.attrs['N']}, "
                 f"P = {omap.attrs['P']}, m(0) = {omap.attrs['m0']:g}", fontsize="medium")
    sns.despine(fig)
    save(fig, path, dpi)


def _retrieval_map(an, path, dpi):
    alphas, temps = an["alpha"].values, an["temperature"].values
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained", sharey=True)
    # Denser at small α, where T_M(α) ≈ 1 − 1.95√α is steep; the line's width is ~0.002 in T.
    a_fine = np.linspace(0.01, np.sqrt(max(float(alphas.max()) * 1.05, 0.1379)), 30) ** 2
    t_m = [theory.retrieval_boundary(a, xtol=2e-3) for a in a_fine]
    est = an["boundary_temperature"].values
    err = np.abs(np.stack([est - an["boundary_low"].values, an["boundary_high"].values - est]))
    for ax, var, label in ((axes[0], "retrieved_fraction",
                            f"fraction still retrieving (late m ≥ {an.attrs['retrieved_overlap']:g})"),
                           (axes[1], "mean_overlap", "time-averaged overlap m, mean over runs")):
        mesh = ax.pcolormesh(_edges(alphas), _edges(temps), an[var].transpose("temperature", "alpha"),
                             cmap="viridis", vmin=0, vmax=1, shading="flat")
        fig.colorbar(mesh, ax=ax, label=label, shrink=0.9)
        ax.plot(a_fine, t_m, color="w", lw=2, label="AGS boundary T_M(α)")
        ax.plot(a_fine, t_m, color="k", lw=0.8, ls="--")
        ax.errorbar(alphas, est, yerr=err, fmt="o", color="C3", mec="w", ms=6, capsize=3,
                    label="measured: fraction = ½")
        ax.set_xlabel("load α = P/N")
        ax.set_xlim(_edges(alphas)[0], _edges(alphas)[-1])
        ax.set_ylim(_edges(temps)[0], _edges(temps)[-1])
    axes[0].set_ylabel("temperature T = 1/β")
    axes[0].legend(fontsize="small", loc="upper right", framealpha=0.8)
    fig.suptitle(f"(α, T) retrieval map: async Glauber, N = {an.attrs['N']}, "
                 f"{an.attrs['runs_per_point']} runs per point, {an.attrs['sweeps']} sweeps each",
                 fontsize="medium")
    save(fig, path, dpi)


def _traces(an, maps, path, dpi):
    """Overlap along the runs at the middle shown load, at the four grid temperatures nearest
    T_M(α): runs that keep or lose their pattern, and the window of the criterion."""
    a = shown_alphas(an["alpha"].values)[len(shown_alphas(an["alpha"].values)) // 2]
    run = next(m for m in maps if np.isclose(float(m["alpha"][0]), a))
    t_m = float(an["T_M"].sel(alpha=a))
    temps = run["temperature"].values
    near = np.sort(temps[np.argsort(np.abs(temps - t_m))[:4]])
    fig, axes = plt.subplots(1, len(near), figsize=(3.3 * len(near), 3.4), sharey=True,
                             squeeze=False, layout="constrained")
    steps = run["step"].values
    window, thr = an.attrs["window"], an.attrs["retrieved_overlap"]
    rs = run["theory"].sel(alpha=a)
    for ax, temp in zip(axes[0], near):
        tr = run["overlap"].sel(alpha=a, temperature=temp)
        for row in tr.values.reshape(-1, steps.size):
            ax.plot(steps, row, lw=0.7, alpha=0.8)
        ax.axhline(float(rs.sel(temperature=temp)), color="k", ls="--", lw=1,
                   label="RS m(α, T)")
        ax.axhline(thr, color="0.5", ls=":", lw=1, label=f"criterion m = {thr:g}")
        ax.axvspan(steps[-window], steps[-1], color="0.9", zorder=0, label="criterion window")
        frac = float(an["retrieved_fraction"].sel(alpha=a, temperature=temp))
        ax.set_title(f"T = {temp:g}: {frac:.0%} retrieve", fontsize="medium")
        ax.set_xlabel("async sweep")
    axes[0, 0].set_ylabel("overlap m with the start pattern")
    axes[0, 0].legend(fontsize="x-small", frameon=False, loc="center right", bbox_to_anchor=(1, 0.65))
    fig.suptitle(f"α = {a:g}, N = {an.attrs['N']}: runs near T_M(α) = {t_m:.3f}",
                 fontsize="medium")
    sns.despine(fig)
    save(fig, path, dpi)
