"""Learning-rule figures: the perceptron's solved fraction vs α and α_c(κ) beside Gardner's
curve, the retrieved fraction vs α for Hebb, Storkey and the pseudo-inverse, the dense memory's
capacity P_c(N) on log-log axes, the modern Hopfield update's success fraction vs β, the retrieval
probability vs cue noise per rule and κ (basins), and the three fixed-point regimes of the modern
update vs β."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.ticker import NullFormatter

from .. import numerics
from ..theory.gardner import gardner_capacity
from .style import plt, save, sns, style


def learning_rules_figures(perc: xr.Dataset, rules: xr.Dataset, dense: xr.Dataset, modern: xr.Dataset,
                           basins: xr.Dataset, regimes: xr.Dataset, success_overlap: float,
                           paths: dict, dpi: int = 150, context: str = "notebook"):
    style(context)
    colors = sns.color_palette("colorblind")

    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.0))
    ax = axes[0]
    for i, k in enumerate(perc["kappa"].values):
        row = perc.isel(kappa=i)
        ok = np.isfinite(row["load"].values)
        ax.plot(row["load"].values[ok], row["solved_fraction"].values[ok], "o-", color=colors[i],
                label=f"κ = {k:g}")
        ax.axvline(float(row["gardner"]), color=colors[i], ls="--", lw=0.9)
    ax.axhline(0.5, color="0.5", lw=0.8)
    ax.set(xlabel="load α = P/N", ylabel="fraction of neurons solved",
           title=f"N = {perc.attrs['N']}, cap {perc.attrs['max_epochs']} epochs; dashed: Gardner")
    ax.title.set_fontsize("small")
    ax.legend(fontsize="small", ncol=len(perc["kappa"]), loc="upper center",
              bbox_to_anchor=(0.5, -0.16))
    ax = axes[1]
    grid = np.linspace(0, max(1.2, float(perc["kappa"].max()) + 0.2), 200)
    ax.plot(grid, gardner_capacity(grid), color="0.2", label="Gardner α_c(κ)")
    ax.plot(perc["kappa"], perc["alpha_c"], "o", color=colors[3], ms=7,
            label="½-crossing of the solved fraction")
    ax.set(xlabel="stability κ", ylabel="capacity α_c")
    ax.legend(fontsize="small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["perceptron"], dpi)

    fig, ax = plt.subplots(figsize=(6.2, 4.2))
    crit = rules.attrs["retrieved_overlap"]
    for i, r in enumerate(rules["rule"].values):
        row = rules.isel(rule=i)
        ok = np.isfinite(row["load"].values)
        x = row["load"].values[ok]
        ac = float(row["alpha_c"])
        lab = f"{r}: α_c = {ac:.3f}" if np.isfinite(ac) else f"{r}: no crossing ≤ {x.max():g}"
        ax.plot(x, row["retrieved_fraction"].values[ok], "o-", color=colors[i], label=lab)
        ax.plot(x, row["fixed_point_fraction"].values[ok], ":", color=colors[i], lw=1)
    ax.axhline(0.5, color="0.5", lw=0.8)
    ax.set(xlabel="load α = P/N", ylabel=f"fraction retrieved (m ≥ {crit:g})",
           title=f"N = {rules.attrs['N']}, sync dynamics from the stored pattern; "
                 "dotted: exact fixed points", xlim=(0, 1))
    ax.title.set_fontsize("small")
    ax.legend(fontsize="small")
    sns.despine(fig)
    save(fig, paths["rules"], dpi)

    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    sizes = dense["N"].values.astype(float)
    for i, d in enumerate(dense["degree"].values):
        pc = dense["critical_patterns"].isel(degree=i).values
        ok = np.isfinite(pc)
        slope = float(dense["slope"].isel(degree=i))
        ax.plot(sizes[ok], pc[ok], "o", color=colors[i], ms=7,
                label=f"n = {d}: slope {slope:.2f} (expected {d - 1})")
        if ok.sum() >= 2:
            a, b = numerics.linear_fit(np.log(sizes[ok]), np.log(pc[ok]))
            ax.plot(sizes[ok], np.exp(a + b * np.log(sizes[ok])), "-", color=colors[i])
    ax.set(xscale="log", yscale="log", xlabel="network size N",
           ylabel="capacity P_c (patterns)",
           title=f"dense memory F(x) = xⁿ: retrieved (m ≥ {dense.attrs['retrieved_overlap']:g}) "
                 "fraction crosses ½")
    ax.title.set_fontsize("small")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ticks = [n for k, n in enumerate(sizes) if k == 0 or n >= 1.25 * sizes[k - 1]]  # no overlaps
    ax.set_xticks(ticks, [f"{n:g}" for n in ticks])
    ax.legend(fontsize="small")
    sns.despine(fig)
    save(fig, paths["dense"], dpi)

    fig, ax = plt.subplots(figsize=(5.6, 4.0))
    succ = (modern["overlap"] >= success_overlap).mean("trial")
    ax.plot(modern["beta"], succ, "o-", color=colors[0], label=f"overlap ≥ {success_overlap:g}")
    ax.plot(modern["beta"], modern["overlap"].mean("trial"), "s--", color=colors[1],
            label="mean overlap")
    ax.set(xscale="log", xlabel="inverse temperature β",
           ylabel="fraction retrieved, mean overlap m (one update)",
           ylim=(-0.05, 1.05),
           title=f"modern Hopfield: N = {modern.attrs['N']}, P = {modern.attrs['P']}, "
                 f"{100 * modern.attrs['flip']:g} % of the cue flipped")
    ax.title.set_fontsize("small")
    ax.legend(fontsize="small")
    sns.despine(fig)
    save(fig, paths["modern"], dpi)

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    alpha = float(basins.attrs["alpha"])
    main = [c for c, a in zip(basins["curve"].values, basins["alpha"].values) if a == alpha]
    extra = [c for c in basins["curve"].values if c not in main]
    for i, c in enumerate(main + extra):
        row = basins.sel(curve=c)
        half = float(row["half_point"])
        lab = f"{c}: ½ at {half:.3f}" if np.isfinite(half) else f"{c}: no ½-crossing"
        if c in extra:
            lab = f"pseudo_inverse, α = {float(row['load']):g}: ½ at {half:.3f}"
        ax.plot(basins["flip"], row["probability"], "o-" if c in main else "s--",
                color=colors[i % len(colors)], label=lab, ms=4)
    ax.axhline(0.5, color="0.5", lw=0.8)
    ax.set(xlabel="fraction of cue bits flipped", ylabel="retrieval probability",
           ylim=(-0.03, 1.03),
           title=f"N = {basins.attrs['N']}, α = {alpha:g} (dashed: pseudo-inverse at larger α); "
                 f"sync dynamics, m ≥ {basins.attrs['retrieved_overlap']:g}")
    ax.title.set_fontsize("small")
    ax.legend(fontsize="x-small", loc="lower left")
    sns.despine(fig)
    save(fig, paths["basins"], dpi)

    from ..experiments.learning_rules import modern_regimes

    reg = modern_regimes(regimes)
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.0))
    ax = axes[0]
    b = regimes["beta"].values
    ax.plot(b, regimes["overlap"].mean("trial"), "o-", color=colors[0],
            label="mean overlap with the cued pattern")
    ax.plot(b, regimes["distance_to_cluster"].median("trial"), "s--", color=colors[1],
            label="median RMS distance to the cue's cluster mean")
    ax.plot(b, regimes["distance_to_mean"].median("trial"), "^:", color=colors[2],
            label="median RMS distance to the mean of all patterns")
    ax.set(xscale="log", xlabel="inverse temperature β", ylabel="overlap m, RMS distance (fixed point)",
           title=f"N = {regimes.attrs['N']}, P = {regimes.attrs['P']} ({regimes.attrs['clusters']} "
                 f"clusters of {regimes.attrs['cluster_size']})")
    ax.title.set_fontsize("small")
    ax.legend(fontsize="x-small")
    ax = axes[1]
    ne = regimes["effective_patterns"]
    ax.fill_between(b, ne.quantile(0.1, "trial"), ne.quantile(0.9, "trial"), color=colors[0],
                    alpha=0.25, lw=0, label="10–90 % of cues")
    ax.plot(b, reg["median_effective_patterns"], "o-", color=colors[0], label="median")
    for y, lab in ((regimes.attrs["P"], "P"), (regimes.attrs["cluster_size"], "cluster size"), (1, "1")):
        ax.axhline(y, color="0.5", lw=0.8, ls="--")
        ax.text(b[0], y * 1.15, lab, fontsize="x-small", color="0.3")
    ax.set(xscale="log", yscale="log", xlabel="inverse temperature β",
           ylabel="effective patterns 1/Σ p_μ²",
           title="global average → metastable (cluster) → single pattern")
    ax.title.set_fontsize("small")
    ax.legend(fontsize="x-small", loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["modern_regimes"], dpi)
