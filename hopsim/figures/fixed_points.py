"""Fixed-point figures: classes of end states, energies, unstable bits, mixtures."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import theory
from ..measures import CLASSES
from .style import plt, save, sns, style


def fixed_point_figures(an: xr.Dataset, runs: list[xr.Dataset], paths: dict, dpi: int = 150,
                        context: str = "notebook"):
    """classes: end-state classes per load; energy: async energy trajectories; unstable_bits:
    measured vs ½ erfc(1/sqrt(2α)); mixtures: overlaps of mixture-start end states."""
    style(context)
    conds, dyns, alphas = an["condition"].values, an["dynamics"].values, an["alpha"].values
    class_colors = dict(zip(CLASSES, sns.color_palette("colorblind", len(CLASSES))))

    fig, axes = plt.subplots(len(dyns), len(conds), figsize=(3.6 * len(conds), 3.4 * len(dyns)),
                             sharey=True, squeeze=False, layout="constrained")
    for r, dyn in enumerate(dyns):
        for c, cond in enumerate(conds):
            ax = axes[r, c]
            frac = (an["count"] / an["runs"]).sel(dynamics=dyn, condition=cond)
            bottom = np.zeros(len(alphas))
            for cls in CLASSES:
                v = frac.sel({"class": cls}).values
                ax.bar(np.arange(len(alphas)), v, bottom=bottom, color=class_colors[cls],
                       label=cls)
                bottom += v
            ax.set_xticks(np.arange(len(alphas)), [f"{a:g}" for a in alphas], rotation=45)
            ax.set_title(f"{dyn}, start: {cond}", fontsize="medium")
            if r == len(dyns) - 1:
                ax.set_xlabel("load α")
        axes[r, 0].set_ylabel("fraction of end states")
    axes[0, -1].legend(fontsize="small", frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left")
    sns.despine(fig)
    save(fig, paths["classes"], dpi)

    async_runs = sorted((r for r in runs if r.attrs["dynamics"] == "async"),
                        key=lambda r: r.attrs["alpha"])
    n_col = min(3, len(async_runs))
    n_row = -(-len(async_runs) // n_col)
    fig, axes = plt.subplots(n_row, n_col, figsize=(4.0 * n_col, 3.3 * n_row), sharey=True,
                             squeeze=False, layout="constrained")
    # Distinct hues of the study palette even as thin lines: blue, grey, green, purple.
    palette = sns.color_palette("colorblind")
    cond_colors = dict(zip(conds, [palette[i] for i in (0, 7, 2, 4)]))
    for ax in axes.flat[len(async_runs):]:
        ax.set_visible(False)
    for ax, r in zip(axes.flat, async_runs):
        for cond in conds:
            e = r["energy"].sel(condition=cond, trial=0).values[:25]
            last = int(r["steps"].sel(condition=cond, trial=0).max()) + 1
            for k, row in enumerate(e):
                ax.plot(np.arange(last), row[:last], color=cond_colors[cond], lw=0.6, alpha=0.6,
                        label=cond if k == 0 else None)
        ax.axhline(-0.5, color="k", ls="--", lw=0.8, label="pattern, α → 0: −½")
        ax.axhline(-3 / 8, color="k", ls=":", lw=0.8, label="3-mixture, α → 0: −⅜")
        ax.set_title(f"α = {r.attrs['alpha']:g}", fontsize="medium")
        ax.set_xlabel("async sweep")
    for row in axes:
        row[0].set_ylabel("energy per neuron E/N")
    axes[0, -1].legend(fontsize="small", frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left",
                       title="start state", title_fontsize="small")
    sns.despine(fig)
    save(fig, paths["energy"], dpi)

    fig, ax = plt.subplots(figsize=(5.2, 4))
    grid = np.linspace(0.01, max(0.25, float(an["load"].max()) * 1.1), 200)
    ax.plot(grid, theory.one_step_error(grid), "k-", lw=1.5, label="½ erfc(1/√(2α))")
    bits = an["pattern_bits"].values
    frac = an["unstable_fraction"].values
    err = np.sqrt(np.maximum(frac * (1 - frac), 1e-12) / bits)
    shown = frac > 0
    ax.errorbar(an["load"].values[shown], frac[shown], yerr=err[shown], fmt="o",
                label=f"simulation, N = {an.attrs['N']}")
    # None seen among b bits: the 95 % Poisson upper bound is 3/b.
    ax.plot(an["load"].values[~shown], 3 / bits[~shown], "v", color="C0", mfc="none",
            label="none seen: 95 % upper bound")
    ax.set_yscale("log")
    ax.set_ylim(1e-7, 0.1)
    ax.set_xlabel("load α = P/N")
    ax.set_ylabel("fraction of unstable stored bits")
    ax.legend(fontsize="small", frameon=False)
    sns.despine(fig)
    save(fig, paths["unstable_bits"], dpi)

    fig, ax = plt.subplots(figsize=(5.5, 4))
    colors = sns.color_palette("viridis", len(async_runs))
    bins = np.linspace(0, 1, 41)
    for r, col in zip(async_runs, colors):
        rc = r.sel(condition="mixture3")
        m = np.take_along_axis(rc["final_overlaps"].values, rc["members"].values, -1)
        ax.hist(np.abs(m).ravel(), bins=bins, histtype="step", color=col, lw=1.5,
                density=True, label=f"α = {r.attrs['alpha']:g}")
    ax.axvline(theory.mixture_overlap(3), color="k", ls="--", lw=1, label="3-mixture, α → 0: ½")
    ax.set_xlabel("|m_μ| of the end state with each of the 3 mixed patterns")
    ax.set_ylabel("density")
    ax.set_title("async runs from symmetric 3-mixtures", fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    sns.despine(fig)
    save(fig, paths["mixtures"], dpi)
