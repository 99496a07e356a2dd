"""The fixed-point report: where async and sync dynamics end, energies, mixtures against AGS."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from .. import theory
from ..measures import CLASSES
from .common import _num, _provenance, _rel, _write


def fixed_point_report(an: xr.Dataset, config: dict, runtime: float, figures: dict,
                       md_path: str, json_path: str) -> dict:
    alphas = [float(a) for a in an["alpha"].values]
    per_load = {}
    for a in alphas:
        s = an.sel(alpha=a)
        entry = {"load": _num(s["load"], 5), "conditions": {},
                 "stored_patterns": int(s["stored_patterns"]),
                 "stored_fixed_points": int(s["stored_fixed_points"]),
                 "unstable_bits": {"measured": _num(s["unstable_fraction"], 7),
                                   "predicted": float(f"{float(s['unstable_predicted']):.4g}"),
                                   "predicted_finite":
                                       float(f"{float(s['unstable_predicted_finite']):.4g}"),
                                   "count": int(s["unstable_bits"]),
                                   "bits": int(s["pattern_bits"])}}
        for dyn in an["dynamics"].values:
            for cond in an["condition"].values:
                c = s.sel(dynamics=dyn, condition=cond)
                entry["conditions"][f"{dyn}/{cond}"] = {
                    "runs": int(c["runs"]),
                    "counts": {k: int(c["count"].sel({"class": k})) for k in CLASSES},
                    "mean_energy": {k: _num(c["mean_energy"].sel({"class": k}))
                                    for k in CLASSES},
                    "fixed_points_verified": int(c["fixed_points_verified"]),
                    "two_cycles": int(c["two_cycles"]),
                    "capped": int(c["capped"]),
                    "energy_rises": int(c["energy_rises"]),
                }
                if cond == "mixture3":
                    mm = c["mixture_member_overlap"].values
                    entry["conditions"][f"{dyn}/{cond}"]["member_overlap"] = {
                        "mean": _num(mm[0]), "std": _num(mm[1])}
        per_load[f"{a:g}"] = entry
    async_rises = int(an["energy_rises"].sel(dynamics="async").sum())
    sidecar = {"N": int(an.attrs["N"]), "by_load": per_load,
               "async_energy_rises_total": async_rises,
               "theory": {"pattern_energy": -0.5, "mixture3_energy": -3 / 8,
                          "mixture3_overlap": theory.mixture_overlap(3)},
               "runtime_seconds": round(runtime, 1)}
    base = str(Path(md_path).parent)
    lines = [
        "# Fixed points and energy landscape of the binary Hopfield model",
        "",
        f"N = {an.attrs['N']} neurons, Hebbian weights, loads α = "
        + ", ".join(f"{a:g}" for a in alphas) + ". From four kinds of start — uniformly random "
        "states, stored patterns, noisy patterns and symmetric 3-mixtures sgn(ξ^a + ξ^b + ξ^c) — "
        "asynchronous (random order) and synchronous dynamics run until a fixed point "
        "(sync: or a 2-cycle). End states are classified from their overlaps m_μ: *pattern* "
        "(max m ≥ pattern_min), *reversed* (min m ≤ −pattern_min), *mixture* (exactly 3 or 5 "
        "overlaps of magnitude ≥ member_min, each within mixture_tol of ½ or ⅜), else *spurious*.",
        "",
        "Theory (α → 0): a pattern has energy E/N = −½, a symmetric 3-mixture −⅜ with overlap ½ "
        "with each member; Amit, Gutfreund & Sompolinsky (1985) found 3-mixtures stable at T = 0 "
        "only up to α ≈ 0.03, so at larger loads mixture starts should leave the mixture.",
        "",
        "## Headline",
        "",
        "| α | stored patterns that are fixed points | unstable bits measured | ½ erfc(1/√(2α)) "
        "| same, finite N and P | async from pattern: still pattern "
        "| async from 3-mixture: mixture, ⟨\\|m\\|⟩ ± sd |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in alphas:
        e = per_load[f"{a:g}"]
        pat = e["conditions"]["async/pattern"]
        mix = e["conditions"]["async/mixture3"]
        ub = e["unstable_bits"]
        lines.append(
            f"| {a:g} | {e['stored_fixed_points']}/{e['stored_patterns']} | "
            f"{ub['measured']:.2e} ({ub['count']}/{ub['bits']}) | {ub['predicted']:.2e} | "
            f"{ub['predicted_finite']:.2e} | "
            f"{pat['counts']['pattern']}/{pat['runs']} | "
            f"{mix['counts']['mixture']}/{mix['runs']}, "
            f"{mix['member_overlap']['mean']:.3f} ± {mix['member_overlap']['std']:.3f} |")
    n_async = int(an["runs"].sel(dynamics="async").sum())
    fixed = int(an["fixed_points_verified"].sel(dynamics="async").sum())
    cycles = int(an["two_cycles"].sel(dynamics="sync").sum())
    n_sync = int(an["runs"].sel(dynamics="sync").sum())
    lines += [
        "",
        f"- Async runs whose end state is a verified fixed point of sgn(W S): {fixed}/{n_async}; "
        f"sweeps in which the energy rose: {async_rises}.",
        f"- Sync runs ending in a 2-cycle: {cycles}/{n_sync} (Goles: with symmetric W a "
        "synchronous network ends in a fixed point or a 2-cycle).",
        "",
        "## End-state classes and mean final energy E/N",
        "",
        "| α | dynamics | start | " + " | ".join(CLASSES) + " |",
        "|---|---|---|" + "---|" * len(CLASSES),
    ]
    for a in alphas:
        for key, c in per_load[f"{a:g}"]["conditions"].items():
            dyn, cond = key.split("/")
            cells = []
            for k in CLASSES:
                n_k, e_k = c["counts"][k], c["mean_energy"][k]
                cells.append(f"{n_k} ({e_k:.3f})" if n_k else "0")
            lines.append(f"| {a:g} | {dyn} | {cond} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Figures",
        "",
        f"![End-state classes]({_rel(figures['classes'], base)})",
        "",
        "Fraction of end states per class, per load, kind of start and dynamics.",
        "",
        f"![Energy trajectories]({_rel(figures['energy'], base)})",
        "",
        "Energy per neuron along async runs (first pattern set, 25 runs per kind of start); "
        f"sweeps with a rise, over all async runs: {async_rises}. Dashed −½ (pattern), dotted −⅜ "
        "(3-mixture), both for α → 0.",
        "",
        f"![Unstable bits]({_rel(figures['unstable_bits'], base)})",
        "",
        "Fraction of stored bits with ξ_i h_i < 0 against the one-step prediction ½ erfc(1/√(2α)) "
        "(N → ∞); at finite N the threshold is (N−1)/N and the crosstalk variance (P−1)(N−1)/N², "
        "which lowers the rate slightly (table above).",
        "",
        f"![Mixture overlaps]({_rel(figures['mixtures'], base)})",
        "",
        "Overlaps of async end states with the three patterns of their mixture start.",
        "",
    ]
    lines += _provenance(an, config, runtime, "fixed_points")
    _write(lines, sidecar, md_path, json_path)
    return sidecar
