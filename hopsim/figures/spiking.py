"""Spiking figures. The associative memory: raster of neurons from several patterns grouped by
pattern over the whole sequence (a neuron in two shown patterns appears in both groups), overlaps
m^μ(t) of the cued and of the uncued patterns, population rates, the capacity curve beside the
binary model's α_c(a), and the effective transfer function φ_S(ν_S) with the simulated states.
The reference mode (disjoint patterns): raster, rates, overlaps, and the mean field."""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..experiments.spiking import associative as assoc
from ..experiments.spiking import protocol
from ..theory import low_activity
from .style import plt, save, sns, style

PHASE_COLORS = {"cue": "#f2c14e", "reset": "#9ecae1", "delay": "0.96"}


def _shade(ax, ds: xr.Dataset, delay=False):
    names = ds["phase_name"].values
    for k, name in enumerate(names):
        if name in PHASE_COLORS and (name != "delay" or delay):
            ax.axvspan(ds["phase_start"].values[k] * 1e-3, ds["phase_end"].values[k] * 1e-3,
                       color=PHASE_COLORS[name], zorder=0, lw=0, alpha=0.8)


def _raster(ax, ds: xr.Dataset, per_group: int, colors):
    """Rows grouped by the run's raster patterns; each group lists `per_group` of the pattern's
    neurons, those shared with another shown pattern first (drawn again in that group)."""
    x = ds["patterns"].values
    groups = list(ds.attrs["raster_patterns"])
    t = ds["raster_time"].values * 1e-3
    nrn = ds["raster_neuron"].values
    order = np.argsort(nrn, kind="stable")
    nrn_sorted, t_sorted = nrn[order], t[order]
    y0, ticks = 0, []
    # the run's rows of every group, then every shown neuron in each group it belongs to
    shown = np.zeros(x.shape[1], bool)
    for mu in groups:
        shown[protocol.raster_group(x, groups, mu, np.ones(x.shape[1], bool), per_group)] = True
    for g, mu in enumerate(groups):
        rest = [h for h in groups if h != mu]
        others = x[rest].any(axis=0) if rest else np.zeros(x.shape[1], bool)
        members = np.flatnonzero((x[mu] == 1) & shown)
        members = np.concatenate([members[others[members]], members[~others[members]]])
        rows_t, rows_y, rows_c = [], [], []
        for row, j in enumerate(members):
            lo, hi = np.searchsorted(nrn_sorted, [j, j + 1])
            rows_t.append(t_sorted[lo:hi])
            rows_y.append(np.full(hi - lo, y0 + row))
            rows_c.append(np.full(hi - lo, bool(others[j])))
        if rows_t:
            tt, yy, sh = (np.concatenate(v) for v in (rows_t, rows_y, rows_c))
            for shared, color in ((False, colors[g % len(colors)]), (True, "k")):
                ax.scatter(tt[sh == shared], yy[sh == shared], s=4, marker="|", linewidths=0.8,
                           color=color, rasterized=True)
        cued = mu in ds.attrs["cues"]
        ticks.append((y0 + len(members) / 2, f"pattern {mu}" + ("" if cued else "\n(never cued)")))
        y0 += len(members) + 6
    ax.set_yticks([p for p, _ in ticks], [lab for _, lab in ticks], fontsize="x-small")
    ax.set_ylim(-3, y0)
    _shade(ax, ds)


def _cued_overlap(ax, ds, settings, colors):
    t, m = assoc.overlaps(ds, settings)
    ts = t * 1e-3
    names, pats = ds["phase_name"].values, ds["phase_pattern"].values
    cued = sorted({int(p) for p in pats if p >= 0})
    uncued = np.array([mu for mu in range(m.shape[0]) if mu not in cued])
    if uncued.size:
        env = np.abs(m[uncued]).max(axis=0)
        ax.fill_between(ts, 0, env, color="0.6", alpha=0.5, lw=0,
                        label=f"max |m^ν| of the {uncued.size} never-cued patterns")
    # every cued pattern's overlap, coloured from its cue to its reset
    for k, name in enumerate(names):
        if name != "cue":
            continue
        mu = int(pats[k])
        start = ds["phase_start"].values[k]
        end = ds["phase_end"].values[k + 2]  # through the delay to the end of the reset
        sel = (t >= start - 300) & (t <= end + 500)
        c = colors[cued.index(mu) % len(colors)]
        ax.plot(ts[sel], m[mu, sel], color=c, lw=1)
    ax.axhline(assoc.ACTIVE_OVERLAP, color="k", lw=0.7, ls=":")
    ax.axhline(assoc.OTHER_OVERLAP_MAX, color="0.4", lw=0.6, ls="--")
    ax.axhline(0, color="0.5", lw=0.5)
    ax.set(ylabel="overlap m^μ(t)")
    _shade(ax, ds)


def _rates(ax, ds, settings):
    t, inside, outside, e, i = assoc.windowed(ds, settings["analysis"]["window_ms"])
    ts = t * 1e-3
    names, pats = ds["phase_name"].values, ds["phase_pattern"].values
    cued_rate = np.full(t.size, np.nan)
    for k, name in enumerate(names):
        if name in ("cue", "delay", "reset", "recovery"):
            sel = (t >= ds["phase_start"].values[k]) & (t < ds["phase_end"].values[k])
            cued_rate[sel] = inside[int(pats[k]), sel]
    ax.plot(ts, cued_rate, color="C3", lw=0.9, label="cued pattern's neurons")
    ax.plot(ts, e, color="0.3", lw=0.9, label="all E")
    ax.plot(ts, i, color="C0", lw=0.9, label="I")
    ax.set(ylabel="rate (Hz)", yscale="symlog")
    ax.set_yscale("symlog", linthresh=2)
    _shade(ax, ds)


def _capacity(ax, an: xr.Dataset, settings):
    a = an.attrs["associative"]
    n_e = settings["network"]["N_E"]
    act = settings["memory"]["activity"]
    p = an["P"].values
    ax.plot(p, an["retrieved_fraction"], "o-", color="C0", label="fraction of cued patterns retrieved")
    for pp, f, c in zip(p, an["retrieved_fraction"].values, an["cued"].values):
        ax.annotate(f"{int(round(f * c))}/{int(c)}", (pp, f), textcoords="offset points",
                    xytext=(0, 6), ha="center", fontsize="x-small")
    ax.axhline(assoc.RETRIEVED_FRACTION, color="0.5", ls=":", lw=0.8, label="90 %")
    if a["P_max"] is not None:
        ax.axvline(a["P_max"], color="C0", ls="--", lw=0.8, label=f"P_max = {a['P_max']}")
    alpha_c = low_activity.optimal_threshold(act, b=0.0)[1]
    ax.set(xlabel="stored patterns P", ylabel="retrieved fraction", ylim=(-0.05, 1.12),
           title=f"N_E = {n_e}, a = {act:g}: P_max/N_E = "
                 f"{(a['P_max'] or 0) / n_e:.4f}; binary model α_c(a) = {alpha_c:.3f} "
                 f"(P = {alpha_c * n_e:.0f}, off the axis)")
    top = ax.secondary_xaxis("top", functions=(lambda x: x / n_e, lambda y: y * n_e))
    top.set_xlabel("load P/N_E")
    ax.legend(fontsize="x-small", loc="lower left")


def _transfer(ax, nu, phi, states, title):
    ax.plot(nu, phi, color="C0", label="φ_S(ν_S): rest and I self-consistent (mean field)")
    ax.plot(nu, nu, color="0.6", lw=0.8, label="ν_out = ν_in")
    for label, value, marker, color in states:
        if value is not None and np.isfinite(value):
            ax.plot([value], [value], marker, color=color, ms=7, label=label)
    ax.set(xscale="log", yscale="log", xlabel="rate of the cued pattern's neurons ν_S (Hz)",
           ylabel="their output rate φ_S (Hz)", title=title)
    ax.legend(fontsize="x-small", loc="upper left")


def spiking_figures(an: xr.Dataset, sequence: xr.Dataset, reference: xr.Dataset, settings: dict,
                    paths: dict, dpi: int = 150, context: str = "notebook"):
    style(context)
    colors = sns.color_palette("colorblind", 10)
    a = an.attrs["associative"]

    fig, ax = plt.subplots(figsize=(14, 6.5))
    _raster(ax, sequence, assoc.RASTER_PER_PATTERN, colors)
    ax.set(xlabel="time t (s)", title="associative memory: E neurons of five patterns over the whole "
           "sequence (yellow: cue, blue: reset; black: a neuron also in another shown pattern)")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["sequence_raster"], dpi)

    fig, ax = plt.subplots(figsize=(14, 4.2))
    _cued_overlap(ax, sequence, settings, colors)
    ax.set(xlabel="time t (s)", title="overlaps m^μ(t), r_max = "
           f"{settings['analysis']['overlap_rate_hz']:g} Hz, {settings['analysis']['window_ms']:g} ms "
           "windows: each cued pattern in colour, the never-cued ones' envelope in grey")
    ax.legend(fontsize="x-small", loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["sequence_overlaps"], dpi)

    fig, ax = plt.subplots(figsize=(14, 3.6))
    _rates(ax, sequence, settings)
    ax.set(xlabel="time t (s)", title="population rates")
    ax.legend(fontsize="x-small", loc="upper right", ncol=3)
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["sequence_rates"], dpi)

    fig, ax = plt.subplots(figsize=(7, 4.4))
    _capacity(ax, an, settings)
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["capacity"], dpi)

    mfa = a["mean_field"]
    fig, axes = plt.subplots(1, 2, figsize=(11.5, 4.4))
    _transfer(axes[0], an["nu_S"].values, an["phi_S"].values,
              [(f"spontaneous, simulated (all E): {mfa['background_hz'][0]:.2f} Hz",
                mfa["background_hz"][0], "o", "C2"),
               (f"delay, simulated (retrieved cues): {mfa['delay_hz'][0]:.1f} Hz",
                mfa["delay_hz"][0], "s", "C3")],
              f"associative memory, P = {settings['memory']['patterns']}")
    nu = an["nu_S"].values
    axes[1].plot(nu, an["phi_rest"], color="C1", label="rest (mean field)")
    axes[1].plot(nu, an["phi_I"], color="C0", label="I (mean field)")
    rows = [r for r in a["cues"] if r["retrieved"]]
    if rows:
        d = np.mean([r["delay_rate_hz"] for r in rows])
        axes[1].plot([d], [np.mean([r["background_rate_hz"] for r in rows])], "s", color="C1",
                     label="rest, simulated delay")
        axes[1].plot([d], [np.mean([r["rate_I_hz"] for r in rows])], "s", color="C0",
                     label="I, simulated delay")
    axes[1].set(xscale="log", xlabel="rate of the cued pattern's neurons ν_S (Hz)",
                ylabel="rate (Hz)", title="the rest and I along φ_S")
    axes[1].legend(fontsize="x-small")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["associative_mean_field"], dpi)

    # the reference mode
    fig, ax = plt.subplots(figsize=(12, 5.5))
    _raster(ax, reference, 30, colors)
    ax.set(xlabel="time t (s)", title="reference mode (disjoint patterns): 30 neurons per pattern")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["raster"], dpi)

    fig, ax = plt.subplots(figsize=(12, 3.6))
    _rates(ax, reference, settings)
    ax.set(xlabel="time t (s)", title="reference mode: population rates")
    ax.legend(fontsize="x-small", loc="upper right", ncol=3)
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["rates"], dpi)

    fig, ax = plt.subplots(figsize=(12, 3.6))
    t, m = assoc.overlaps(reference, settings)
    for mu in range(m.shape[0]):
        ax.plot(t * 1e-3, m[mu], color=colors[mu % 10], lw=0.9, label=f"m^{mu}")
    ax.axhline(assoc.ACTIVE_OVERLAP, color="k", lw=0.7, ls=":")
    _shade(ax, reference)
    ax.set(xlabel="time t (s)", ylabel="overlap m^μ(t)", title="reference mode: overlaps")
    ax.legend(fontsize="xx-small", ncol=6, loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["overlaps"], dpi)

    ref = an.attrs["reference"]
    fig, axes = plt.subplots(1, 2, figsize=(11.5, 4.4))
    free = ref["memory_free"]
    labels = ["E", "I"]
    axes[0].bar(np.arange(2) - 0.2, [free["rate_E_hz"], free["rate_I_hz"]], width=0.4, color="0.5",
                label="simulated")
    axes[0].bar(np.arange(2) + 0.2, [free["predicted_rate_E_hz"], free["predicted_rate_I_hz"]],
                width=0.4, color="C0", label="mean field")
    axes[0].set(xticks=[0, 1], xticklabels=labels, ylabel="rate (Hz)",
                title="memory-free network")
    axes[0].legend(fontsize="x-small")
    rows = ref["retrieval"]
    _transfer(axes[1], an["nu_S_reference"].values, an["phi_S_reference"].values,
              [(f"spontaneous, simulated (pattern neurons): {ref['spontaneous']['rate_patterns_hz']:.2f} Hz",
                ref["spontaneous"]["rate_patterns_hz"], "o", "C2"),
               (f"delay, simulated: {np.mean([r['cued_rate_hz'] for r in rows]):.1f} Hz",
                float(np.mean([r["cued_rate_hz"] for r in rows])) if rows else None, "s", "C3")],
              "reference mode (disjoint patterns)")
    sns.despine(fig)
    fig.tight_layout()
    save(fig, paths["mean_field"], dpi)
