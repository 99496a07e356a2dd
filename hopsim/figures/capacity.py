"""Capacity figures: retrieved fraction and overlap vs α beside AGS, α_c(N) and its extrapolation."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import theory
from ..experiments.capacity import SCALINGS
from .style import plt, save, sns, style


def capacity_figures(an: xr.Dataset, paths: dict, dpi: int = 150, context: str = "notebook"):
    """retrieval: fraction retrieved vs α; overlap: mean final m vs α with AGS m(α);
    finite_size: α_c(N) vs the scaling variable with the fit and the AGS α_c."""
    style(context)
    alpha_c, m_c = theory.ags_critical_load()
    ns, cues = an["N"].values, an["cue_noise"].values
    colors = sns.color_palette("viridis", len(ns))
    a_grid = np.linspace(float(an["load"].min()), float(an["load"].max()), 300)
    m_theory = theory.ags_overlap(a_grid)

    for name, var, ylabel in (("retrieval", "retrieved_fraction",
                               f"fraction retrieved (m ≥ {an.attrs['retrieved_overlap']})"),
                              ("overlap", "mean_overlap", "mean final overlap ⟨m⟩")):
        fig, axes = plt.subplots(1, len(cues), figsize=(5.2 * len(cues), 4), sharey=True,
                                 squeeze=False)
        for ax, cue in zip(axes[0], cues):
            for n, col in zip(ns, colors):
                sel = an.sel(N=n, cue_noise=cue)
                ax.plot(sel["load"], sel[var], "o-", color=col, ms=4, label=f"N = {n}")
            ax.axvline(alpha_c, color="k", ls="--", lw=1, label=f"AGS α_c = {alpha_c:.4f}")
            if var == "mean_overlap":
                ax.plot(a_grid, m_theory, color="k", lw=1.5, label="AGS m(α), T = 0")
            else:
                ax.axhline(0.5, color="0.6", lw=0.8)
            ax.set_xlabel("load α = P/N")
            ax.set_title(f"cue: {cue:.0%} bits flipped" if cue else "start at the stored pattern")
        axes[0, 0].set_ylabel(ylabel)
        axes[0, -1].legend(fontsize="small", frameon=False)
        sns.despine(fig)
        save(fig, paths[name], dpi)

    label, xfun = SCALINGS[an.attrs["scaling_choice"]]
    fig, ax = plt.subplots(figsize=(5.5, 4))
    x = xfun(ns.astype(float))
    xs = np.linspace(0, x.max() * 1.05, 50)
    for cue, col in zip(cues, sns.color_palette("colorblind", len(cues))):
        sel = an.sel(cue_noise=cue)
        y = sel["alpha_c"].values
        err = np.abs(np.stack([y - sel["alpha_c_low"].values, sel["alpha_c_high"].values - y]))
        ax.errorbar(x, y, yerr=err, fmt="o", color=col, capsize=3,
                    label=f"simulation, cue noise {cue:g}")
        a, lo, hi = sel["alpha_c_extrapolated"].values
        b = float(sel["extrapolation_slope"])
        ax.plot(xs, a + b * xs, color=col, lw=1)
        ax.errorbar([0], [a], yerr=[[a - lo], [hi - a]], fmt="s", color=col, capsize=3, ms=5)
    ax.plot([0], [alpha_c], "k*", ms=12, label=f"AGS α_c = {alpha_c:.4f}")
    ax.set_xlabel({"N^(-1/2)": r"$N^{-1/2}$", "1/N": r"$1/N$"}[label])
    ax.set_ylabel("α_c(N)  (retrieved fraction = ½)")
    ax.legend(fontsize="small", frameon=False)
    sns.despine(fig)
    save(fig, paths["finite_size"], dpi)
