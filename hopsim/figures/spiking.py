"""Spiking figures: raster of a subset coloured by pattern, population rates, overlaps m^μ(t)
for every cue run, and the memory-free network's rate beside the mean-field self-consistency."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .style import plt, save, sns, style

PER_PATTERN = 30     # raster: neurons shown per pattern (members of that pattern only)
BACKGROUND = 40      # raster: E neurons in no pattern, and I neurons


def _subset(ds: xr.Dataset) -> tuple[list[np.ndarray], list[str]]:
    """Raster rows: for each pattern PER_PATTERN of its neurons that belong to no other pattern,
    then E neurons outside every pattern, then I neurons (the first ones of each group)."""
    x = ds["patterns"].values
    usage = x.sum(axis=0)
    rows, labels = [], []
    for mu in range(x.shape[0]):
        own = np.flatnonzero((x[mu] == 1) & (usage == 1))[:PER_PATTERN]
        rows.append(own)
        labels.append(f"pattern {mu}")
    rows.append(np.flatnonzero(usage == 0)[:BACKGROUND])
    labels.append("E, no pattern")
    n_e = int(ds.attrs["N_E"])
    rows.append(np.arange(n_e, min(n_e + BACKGROUND, int(ds.attrs["N"]))))
    labels.append("I")
    return rows, labels


def _shade(ax, ds: xr.Dataset, seconds: bool = True):
    k = 1e-3 if seconds else 1.0
    for ph in ds.attrs["phases"]:
        if ph["name"] == "cue":
            ax.axvspan(ph["start_ms"] * k, ph["end_ms"] * k, color="0.85", zorder=0, lw=0)
        if ph["name"] == "warmup":
            ax.axvspan(ph["start_ms"] * k, ph["end_ms"] * k, color="0.94", zorder=0, lw=0)


def _raster(ax, ds: xr.Dataset, colors):
    rows, labels = _subset(ds)
    t = ds["spike_time"].values * 1e-3
    nrn = ds["spike_neuron"].values
    y0, ticks = 0, []
    for g, (ids, label) in enumerate(zip(rows, labels)):
        pos = np.full(int(ds.attrs["N"]), -1)
        pos[ids] = np.arange(ids.size) + y0
        sel = pos[nrn] >= 0
        color = "0.55" if label.startswith("E,") else ("0.2" if label == "I" else colors[g])
        ax.scatter(t[sel], pos[nrn[sel]], s=0.6, color=color, marker="|", linewidths=0.6,
                   rasterized=True)
        ticks.append((y0 + ids.size / 2, label))
        y0 += ids.size + 4
    ax.set_yticks([p for p, _ in ticks], [lab for _, lab in ticks], fontsize="x-small")
    ax.set_ylim(-2, y0)
    _shade(ax, ds)


def _rates(ax, ds: xr.Dataset, colors, p: int):
    t = ds["time"].values * 1e-3
    for mu in range(p):
        ax.plot(t, ds["rate"].isel(group=mu), color=colors[mu], lw=1, label=f"pattern {mu}")
    ax.plot(t, ds["rate"].sel(group="E outside patterns"), color="0.55", lw=1,
            label="E, no pattern")
    ax.plot(t, ds["rate"].sel(group="I"), color="0.2", lw=1, ls="--", label="I")
    ax.set(ylabel="rate ν (Hz)")
    _shade(ax, ds)


def _overlaps(ax, ds: xr.Dataset, colors, p: int):
    t = ds["time"].values * 1e-3
    for mu in range(p):
        ax.plot(t, ds["overlap"].isel(pattern=mu), color=colors[mu], lw=1, label=f"m^{mu}")
    ax.axhline(0.5, color="0.5", lw=0.7, ls=":")
    ax.axhline(0.0, color="0.5", lw=0.5)
    ax.set(ylabel="overlap m^μ(t)")
    _shade(ax, ds)


def spiking_figures(an: xr.Dataset, spontaneous: xr.Dataset, cues: list[xr.Dataset], paths: dict,
                    dpi: int = 150, context: str = "notebook"):
    style(context)
    p = spontaneous.sizes["pattern"]
    colors = sns.color_palette("colorblind", max(p, 4))
    window = spontaneous.attrs["window_ms"]

    # raster: the spontaneous run and the cue run of pattern 0 (or the first one), with rates
    cue0 = cues[0]
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.5), sharex="col",
                             gridspec_kw={"height_ratios": [3, 1.2]})
    for col, (ds, title) in enumerate(((spontaneous, "spontaneous (no cue)"),
                                       (cue0, f"cue to pattern {cue0.attrs['cued_pattern']}"))):
        _raster(axes[0, col], ds, colors)
        axes[0, col].set_title(title + f": {PER_PATTERN} neurons per pattern, "
                               f"{BACKGROUND} E outside patterns, {BACKGROUND} I", fontsize="small")
        _rates(axes[1, col], ds, colors, p)
        axes[1, col].set_xlabel("time t (s)")
    axes[1, 1].legend(fontsize="x-small", ncol=2, loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["raster"], dpi)

    # rates: per cue run, the delay rates of the cued pattern and of the rest, with the criteria
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    mus = an["cue"].values
    ax.bar(mus - 0.2, an["cued_rate_hz"], width=0.4, color=[colors[m] for m in mus],
           label="cued pattern (mean over the delay)")
    ax.scatter(mus - 0.2, an["cued_rate_min_hz"], marker="v", color="k", zorder=5,
               label=f"cued pattern, lowest {window:g} ms window")
    ax.bar(mus + 0.2, an["other_rate_hz"], width=0.4, color="0.6", label="E outside the cued pattern")
    for m, v in zip(mus, an["other_rate_hz"].values):
        ax.annotate(f"{v:.2f}", (m + 0.2, v), textcoords="offset points", xytext=(0, 3), ha="center",
                    fontsize="x-small", color="0.3")
    ax.axhline(20, color="k", ls="--", lw=0.8, label="20 Hz (issue: cued ≥)")
    ax.axhline(5, color="0.4", ls=":", lw=0.8, label="5 Hz (issue: others ≤)")
    ax.axhline(float(an.attrs["spontaneous"]["rate_E_hz"]), color=colors[0], lw=0.8, ls="-.",
               label="spontaneous E rate")
    ax.set(xlabel="cued pattern μ", ylabel="rate in the delay (Hz)", xticks=mus,
           yscale="symlog")
    ax.set_yscale("symlog", linthresh=5)
    ax.legend(fontsize="x-small", loc="center right")
    sns.despine(fig)
    save(fig, paths["rates"], dpi)

    # overlaps over time, one panel per cue run
    cols = min(3, len(cues))
    rows = int(np.ceil(len(cues) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.8 * rows), sharex=True,
                             sharey=True, squeeze=False)
    for k, ds in enumerate(cues):
        ax = axes.flat[k]
        _overlaps(ax, ds, colors, p)
        ax.set_title(f"cue to pattern {ds.attrs['cued_pattern']} "
                     f"(r_max = {float(ds.attrs['overlap_rate_hz']):.0f} Hz)", fontsize="small")
    for ax in axes.flat[len(cues):]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel("time t (s)")
    axes.flat[0].legend(fontsize="xx-small", ncol=2, loc="upper left")
    fig.suptitle("m^μ(t) = c Σ_j (ξ_j^μ − a) r_j(t) / r_max, r_max = the cued pattern's mean delay rate, "
                 f"{window:g} ms windows (grey: cue)", fontsize="small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["overlaps"], dpi)

    # mean field: φ_E(ν) against the diagonal, predicted and measured rate
    smf = an.attrs.get("selective_mean_field") or {}
    fig, axes = plt.subplots(1, 2 if smf else 1, figsize=(10.4 if smf else 5.2, 4.2), squeeze=False)
    ax = axes[0, 0]
    nu = an["nu_in"].values
    ax.plot(nu, an["transfer"], color=colors[0], label="φ_E(ν): Siegert, I self-consistent")
    ax.plot(nu, nu, color="0.6", lw=0.8, label="ν_out = ν_in")
    pred = an.attrs["mean_field"]["rate_E_hz"]
    meas = an.attrs["memory_free"]["rate_E_hz"]
    ax.plot([pred], [pred], "o", color=colors[0], label=f"mean field: {pred:.2f} Hz")
    ax.axhline(meas, color=colors[3], ls="--", label=f"simulation: {meas:.2f} Hz")
    ax.fill_between(nu, 0.85 * pred, 1.15 * pred, color=colors[0], alpha=0.12,
                    label="± 15 % of the prediction")
    ax.set(xlabel="rate of the E inputs ν_E (Hz)", ylabel="E output rate (Hz)",
           title="memory-free network: self-consistent rate", xlim=(0, nu[-1]),
           ylim=(0, max(nu[-1], 1.3 * max(meas, pred))))
    ax.legend(fontsize="x-small")
    if smf:
        ax = axes[0, 1]
        x = np.asarray(smf["effective_nu"])
        y = np.asarray(smf["effective_phi"])
        ax.plot(x, y, color=colors[1], label="φ_S(ν_S): O, B, I self-consistent")
        ax.plot([0.03, 600], [0.03, 600], color="0.6", lw=0.8, label="ν_out = ν_in")
        sp_mf, de_mf = smf["spontaneous"]["rate_S_hz"], smf["delay"]["rate_S_hz"]
        ax.plot([sp_mf], [sp_mf], "o", color=colors[0], label=f"spontaneous (MF): {sp_mf:.2f} Hz")
        if np.isfinite(de_mf):
            ax.plot([de_mf], [de_mf], "s", color=colors[1], label=f"delay (MF): {de_mf:.0f} Hz")
        measured = float(np.mean(an["cued_rate_hz"].values))
        ax.axvline(measured, color=colors[3], ls="--", label=f"delay, simulated: {measured:.0f} Hz")
        ax.set(xscale="log", yscale="log", xlabel="rate of the pattern's own neurons ν_S (Hz)",
               ylabel="output rate of a pattern neuron φ_S (Hz)", xlim=(0.03, 600), ylim=(1e-3, 600),
               title="with memories: effective transfer function (Amit & Brunel 1997)")
        ax.legend(fontsize="x-small", loc="upper left")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["mean_field"], dpi)
