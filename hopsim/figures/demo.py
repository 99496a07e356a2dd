"""Associative-memory demo figures: the stored pictures and their mutual overlaps, snapshot
grids (rows = load, columns = time), overlap traces per load, retrieval vs cue noise."""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..experiments.demo import cue_overlap
from ..theory import ags_critical_load
from .style import plt, save, sns, style

INK = "gray_r"  # +1 (ink) black, −1 (paper) white


def _load_label(ds: xr.Dataset, i: int) -> str:
    return f"P = {int(ds['load'][i])} (α = {float(ds['alpha'][i]):.3g})"


def _image(ax, img) -> None:
    ax.imshow(np.asarray(img), cmap=INK, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])


def pictures_figure(sc: xr.Dataset, path, dpi: int) -> None:
    k = sc.sizes["picture"]
    fig = plt.figure(figsize=(2.0 * k + 4.5, 5.2))
    grid = fig.add_gridspec(2, k + 2, width_ratios=[1] * k + [0.15, 2.6])
    hebb = sc["page_final_overlap"].sel(rule="hebb")
    for i in range(k):
        for row, (var, title) in enumerate([
                ("pictures", f"{sc['picture'].values[i]}: "
                             f"⟨ξ⟩ = {float(sc['pictures'].isel(picture=i).mean()):+.2f}"),
                ("page_pictures", f"⟨ξ⟩ = {float(sc['page_pictures'].isel(picture=i).mean()):+.2f}\n"
                                  f"m_end = {float(hebb.isel(picture=i)):.2f}")]):
            ax = fig.add_subplot(grid[row, i])
            _image(ax, sc[var].isel(picture=i))
            ax.set_title(title, fontsize="x-small")
    fig.axes[0].set_ylabel("stored (demo)", fontsize="small")
    fig.axes[1].set_ylabel("control: on a page", fontsize="small")
    ax = fig.add_subplot(grid[:, k + 1])
    m = sc["picture_overlap"].to_pandas()
    sns.heatmap(m, ax=ax, vmin=-1, vmax=1, cmap="vlag", annot=True, fmt=".2f", square=True,
                annot_kws={"fontsize": "x-small"}, cbar_kws={"label": "overlap m_μν", "shrink": 0.6})
    ax.set(xlabel="picture ν", ylabel="picture μ", title="mutual overlaps of the demo's pictures")
    fig.suptitle(f"Top: the stored pictures, N = {sc.attrs['side']}² = {sc.attrs['N']} (+1 black). "
                 f"Bottom: the same letters on a page (control, P = {int(sc['load'][0])}, Hebb; "
                 f"m_end: final overlap from the picture itself)", fontsize="small")
    save(fig, path, dpi)


def snapshots_figure(sc: xr.Dataset, path, dpi: int) -> None:
    loads, times = sc.sizes["load"], sc.sizes["snapshot_sweep"]
    c = sc.attrs["letters"].index(sc.attrs["cue_letter"])
    cols = times + 2
    fig, axes = plt.subplots(loads, cols, figsize=(1.9 * cols, 2.3 * loads), squeeze=False)
    for i in range(loads):
        _image(axes[i, 0], sc["pictures"].isel(picture=c))
        if i == 0:
            axes[i, 0].set_title("stored picture", fontsize="small")
        axes[i, 0].set_ylabel(_load_label(sc, i), fontsize="small")
        panels = [(sc["snapshot"].isel(load=i, snapshot_sweep=j),
                   f"t = {float(sc['snapshot_sweep'][j]):g}" + (" (cue)" if j == 0 else ""))
                  for j in range(times)]
        settled = int(sc["settled_sweeps"][i])
        end = f"fixed point, t = {settled}" if settled >= 0 else f"t = {sc.attrs['max_sweeps']}, moving"
        panels.append((sc["final_state"].isel(load=i), end))
        for j, (img, title) in enumerate(panels, start=1):
            ax = axes[i, j]
            _image(ax, img)
            m = float((np.asarray(img) * sc["pictures"].isel(picture=c).values).mean())
            ax.set_title(title, fontsize="small")
            ax.set_xlabel(f"m = {m:.2f}", fontsize="small")
    fig.suptitle(f"Async dynamics from '{sc.attrs['cue_letter']}' with q = {sc.attrs['flip']:g} of "
                 f"its pixels flipped (t in sweeps of N updates; m: overlap with the cued picture)")
    fig.tight_layout()
    save(fig, path, dpi)


def overlaps_figure(sc: xr.Dataset, path, dpi: int) -> None:
    loads = sc.sizes["load"]
    colors = sns.color_palette("colorblind")
    c = sc.attrs["letters"].index(sc.attrs["cue_letter"])
    t = sc["sweep"].values
    fig, axes = plt.subplots(1, loads, figsize=(4.6 * loads, 3.8), sharey=True, squeeze=False)
    for i, ax in enumerate(axes[0]):
        for mu, name in enumerate(sc["picture"].values):
            cued = mu == c
            ax.plot(t, sc["overlap"].isel(load=i, picture=mu), color=colors[mu % len(colors)],
                    lw=2.4 if cued else 1.2, label=f"{name}" + (" (cued)" if cued else ""))
        if int(sc["load"][i]) > sc.sizes["picture"]:
            ax.plot(t, sc["max_random_overlap"].isel(load=i), color="0.4", ls="--", lw=1,
                    label="max |m| of the random patterns")
        ax.axhline(sc.attrs["retrieved_overlap"], color="0.6", ls=":", lw=1)
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set(xlabel="time t (sweeps)", title=_load_label(sc, i), ylim=(-0.55, 1.05),
               xlim=(0, t[-1]))
    axes[0, 0].set_ylabel("overlap m_μ(t) with picture μ")
    axes[0, -1].legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def noise_figure(nz: xr.Dataset, path, dpi: int) -> None:
    colors = sns.color_palette("colorblind")
    q = nz["cue_noise"].values
    k = nz.sizes["cue"]
    own = cue_overlap(nz)  # (load, q, run)
    retrieved = own >= nz.attrs["retrieved_overlap"]
    alpha_c = ags_critical_load()[0]
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.9))
    for i in range(nz.sizes["load"]):
        label = f"P = {int(nz['load'][i])} (α = {float(nz['alpha'][i]):.3g})"
        runs = retrieved[i]
        p = runs.mean(axis=1)
        err = np.sqrt(p * (1 - p) / runs.shape[1])
        axes[0].errorbar(q, p, yerr=err, marker="o", capsize=3, color=colors[i], label=label)
        m = own[i]
        axes[1].errorbar(q, m.mean(axis=1), yerr=m.std(axis=1), marker="o", capsize=3,
                         color=colors[i], label=label)
    axes[0].set(xlabel="fraction q of flipped pixels in the cue",
                ylabel=f"retrieval probability P(m ≥ {nz.attrs['retrieved_overlap']:g})", ylim=(-0.03, 1.03),
                title=f"{k} pictures × {nz.sizes['trial']} draws per point (± s.e.)")
    axes[1].plot(q, 1 - 2 * q, color="0.6", ls=":", label="cue itself, m(0) = 1 − 2q")
    axes[1].set(xlabel="fraction q of flipped pixels in the cue",
                ylabel="final overlap m with the cued picture", ylim=(-0.05, 1.05),
                title=f"mean ± s.d.; random patterns: α_c = {alpha_c:.3f}")
    axes[0].legend(fontsize="small", loc="center left")
    axes[1].legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    sns.despine(fig)
    fig.tight_layout()
    save(fig, path, dpi)


def demo_figures(data: dict[str, xr.Dataset], paths: dict, dpi: int, context: str) -> None:
    style(context)
    pictures_figure(data["showcase"], paths["pictures"], dpi)
    snapshots_figure(data["showcase"], paths["snapshots"], dpi)
    overlaps_figure(data["showcase"], paths["overlaps"], dpi)
    noise_figure(data["noise"], paths["noise"], dpi)
