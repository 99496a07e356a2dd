"""Markdown reports with JSON sidecars: what was run, headline numbers beside theory, figures."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import xarray as xr
import yaml

from . import theory
from .measures import CLASSES


def runtime_seconds(benchmark_files: list[str]) -> float:
    """Summed wall time of the jobs, from Snakemake `benchmark:` files."""
    total = 0.0
    for path in benchmark_files:
        with open(path) as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        total += sum(float(r["s"]) for r in rows)
    return total


def _num(x, digits: int = 4):
    x = float(x)
    return None if not np.isfinite(x) else round(x, digits)


def _rel(path: str, start: str) -> str:
    return os.path.relpath(path, start)


def _provenance(an: xr.Dataset, config: dict, runtime: float, section: str) -> list[str]:
    seeds = an.attrs.get("seed_material", {})
    return [
        "## What was run",
        "",
        f"- Parameters (`{section}` of the validated config):",
        "",
        "```yaml",
        yaml.safe_dump({section: config[section]}, sort_keys=False).rstrip(),
        "```",
        "",
        f"- Seed: {seeds.get('seed')} — {seeds.get('scheme', '')}.",
        "- Versions (of the run that made the data): "
        + ", ".join(f"{k} {v}" for k, v in an.attrs.get("versions", {}).items()) + ".",
        f"- Compute: {runtime:.0f} s summed over the data jobs (Snakemake benchmarks).",
        "",
    ]


def _write(markdown: list[str], sidecar: dict, md_path: str, json_path: str) -> None:
    Path(md_path).parent.mkdir(parents=True, exist_ok=True)
    Path(md_path).write_text("\n".join(markdown) + "\n")
    Path(json_path).write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")


SCALING_WHY = {
    "inverse_sqrt": "Why N^(−1/2): near α_c the Gaussian crosstalk noise and the sample-to-sample "
                    "spread of pattern stabilities shrink like N^(−1/2), so the finite-size shift "
                    "of the transition is O(N^(−1/2)).",
    "inverse": "Fit in 1/N (config `capacity.extrapolation: inverse`); the default is N^(−1/2), "
               "the scale of the crosstalk noise and of the spread of pattern stabilities.",
}


def capacity_report(an: xr.Dataset, config: dict, runtime: float, figures: dict,
                    md_path: str, json_path: str, section: str = "capacity",
                    title: str = "Storage capacity of the binary Hopfield model",
                    extra: tuple[dict, list[str]] = ({}, [])) -> dict:
    """The capacity report; `extra` (sidecar keys, markdown lines) goes before the provenance."""
    alpha_c, m_c = theory.ags_critical_load()
    cues = [float(c) for c in an["cue_noise"].values]
    ns = [int(n) for n in an["N"].values]
    head = cues[0]  # the first cue-noise level is the headline (0: start at the pattern)

    def by_n(cue):
        sel = an.sel(cue_noise=cue)
        return {str(n): {"estimate": _num(sel["alpha_c"].sel(N=n)),
                         "ci_low": _num(sel["alpha_c_low"].sel(N=n)),
                         "ci_high": _num(sel["alpha_c_high"].sel(N=n))} for n in ns}

    def extrap(cue):
        est, lo, hi = an["alpha_c_extrapolated"].sel(cue_noise=cue).values
        return {"estimate": _num(est), "ci_low": _num(lo), "ci_high": _num(hi),
                "fit": an.attrs["extrapolation"]}

    m10 = {}
    if np.any(np.isclose(an["alpha"].values, 0.10)):
        sel = an.sel(cue_noise=head).isel(alpha=int(np.argmin(np.abs(an["alpha"].values - 0.1))))
        m10 = {str(n): _num(sel["mean_overlap"].sel(N=n), 5) for n in ns}
    sidecar = {
        "alpha_c_by_N": by_n(head),
        "alpha_c_extrapolated": extrap(head),
        "cue_noise_of_headline": head,
        "by_cue_noise": {f"{c:g}": {"alpha_c_by_N": by_n(c), "alpha_c_extrapolated": extrap(c)}
                         for c in cues},
        "mean_overlap_at_alpha_0.10": m10,
        "theory": {"ags_alpha_c": _num(alpha_c, 5), "ags_overlap_at_alpha_c": _num(m_c, 4),
                   "ags_overlap_at_0.10": _num(theory.ags_overlap(0.10), 5)},
        "retrieved_overlap": an.attrs["retrieved_overlap"],
        "runtime_seconds": round(runtime, 1),
    }
    base = str(Path(md_path).parent)
    ext = sidecar["alpha_c_extrapolated"]
    lines = [
        f"# {title}",
        "",
        "Amit, Gutfreund & Sompolinsky (1985, 1987): with Hebbian weights w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, "
        "stored patterns stay retrievable up to the load α_c ≈ 0.138 (T = 0, N → ∞), where the "
        "retrieval overlap drops from m ≈ 0.967 to a spin-glass value.",
        "",
        "Each run starts at a stored pattern (or a cue with a fraction of its bits flipped), runs "
        "asynchronous dynamics (fresh random order each sweep) until a sweep changes nothing"
        + (" (or, here, until it has lost its pattern: see below)"
           if float(an.get("lost_fraction", xr.zeros_like(an["alpha"])).max()) > 0 else "")
        + ", and "
        f"counts as retrieved when the final overlap is ≥ {an.attrs['retrieved_overlap']}. "
        "α_c(N) is the load where the retrieved fraction crosses ½ (linear interpolation between "
        "grid loads); its 95 % interval is a bootstrap over pattern sets and, within each, starts.",
        "",
        "## Headline",
        "",
        "| N | α_c(N) | 95 % interval | ⟨m⟩ at α = 0.10 |",
        "|---|---|---|---|",
    ]
    for n in ns:
        e = sidecar["alpha_c_by_N"][str(n)]
        lines.append(f"| {n} | {e['estimate']} | [{e['ci_low']}, {e['ci_high']}] | "
                     f"{m10.get(str(n), '—')} |")
    lines += [
        f"| ∞ (fit {ext['fit']}) | **{ext['estimate']}** | [{ext['ci_low']}, {ext['ci_high']}] | |",
        f"| AGS theory | **{alpha_c:.5f}** | | {theory.ags_overlap(0.10):.5f} |",
        "",
        SCALING_WHY[an.attrs["scaling_choice"]] + " The same fit is done on every bootstrap "
        "replicate to give the interval of α_c(∞). Both fits, weighted by the bootstrap variance "
        "of α_c(N):",
        "",
        "| scaling x(N) | α_c(∞) | χ² per degree of freedom |",
        "|---|---|---|",
    ]
    for k in range(an.sizes["scaling"]):
        sel = an.isel(scaling=k).sel(cue_noise=head)
        lines.append(f"| {str(an['scaling'].values[k])} | {_num(sel['scaling_intercept'])} | "
                     f"{_num(sel['scaling_chi2'], 2)} |")
    sidecar["scaling_fits"] = {
        str(an["scaling"].values[k]): {
            "alpha_c_infinity": _num(an.isel(scaling=k).sel(cue_noise=head)["scaling_intercept"]),
            "chi2_per_dof": _num(an.isel(scaling=k).sel(cue_noise=head)["scaling_chi2"], 3)}
        for k in range(an.sizes["scaling"])}
    chi2 = [v["chi2_per_dof"] for v in sidecar["scaling_fits"].values()]
    if all(c is not None for c in chi2) and max(chi2) < 2 * min(chi2):
        lines += ["", "The two fits describe these N about equally well: the data alone cannot tell "
                  "the scalings apart, and the choice rests on the argument above."]
    lines.append("")
    if len(cues) > 1:
        lines += ["Noisy cues shrink the basin of attraction and lower α_c(N):", "",
                  "| cue noise | " + " | ".join(f"N = {n}" for n in ns) + " | N → ∞ |",
                  "|---" * (len(ns) + 2) + "|"]
        for c in cues:
            d = sidecar["by_cue_noise"][f"{c:g}"]
            lines.append(f"| {c:g} | " + " | ".join(
                str(d["alpha_c_by_N"][str(n)]["estimate"]) for n in ns)
                + f" | {d['alpha_c_extrapolated']['estimate']} |")
        lines.append("")
    capped = float(an["capped_fraction"].max())
    lines += [
        f"Runs stopped by the sweep cap: {capped:.2%} at worst (their overlap is counted as is). "
        "Bootstrap replicates without a crossing of ½ (left out of the intervals): "
        f"{float(an['alpha_c_undefined'].max()):.1%} at worst.",
        "",
        "## Figures",
        "",
        f"![Fraction retrieved]({_rel(figures['retrieval'], base)})",
        "",
        "Fraction of starts retrieved vs load α = P/N, per N; dashed: AGS α_c.",
        "",
        f"![Mean final overlap]({_rel(figures['overlap'], base)})",
        "",
        "Mean final overlap vs α; black: AGS m(α) at T = 0 (exists for α < α_c).",
        "",
        f"![Finite-size scaling]({_rel(figures['finite_size'], base)})",
        "",
        "α_c(N) with 95 % bootstrap intervals against the scaling variable, the weighted fit, its "
        "intercept (square) and the AGS value (star).",
        "",
    ]
    sidecar.update(extra[0])
    lines += extra[1]
    lines += _provenance(an, config, runtime, section)
    _write(lines, sidecar, md_path, json_path)
    return sidecar


def benchmark_rows(paths: list[str]) -> list[dict]:
    """One row per Snakemake `benchmark:` file: its job tag (the file name), wall time s and
    peak resident memory max_rss (MB) of the job's process tree."""
    rows = []
    for path in paths:
        with open(path) as fh:
            r = list(csv.DictReader(fh, delimiter="\t"))[-1]
        rows.append({"job": Path(path).stem, "s": float(r["s"]), "max_rss_mb": float(r["max_rss"])})
    return rows


def _against_theory(an: xr.Dataset) -> list[str]:
    """Where the extrapolation stands against AGS, in numbers; every judgement is computed."""
    alpha_c, _ = theory.ags_critical_load()
    head = an.sel(cue_noise=an["cue_noise"].values[0])
    est, lo, hi = (float(v) for v in head["alpha_c_extrapolated"].values)
    chi2 = {str(s): float(c) for s, c in zip(an["scaling"].values, head["scaling_chi2"].values)}
    inside = lo <= alpha_c <= hi
    lines = [
        "## Against the theory",
        "",
        f"The extrapolation gives α_c(∞) = {est:.4f} [{lo:.4f}, {hi:.4f}]; AGS (replica-symmetric, "
        f"T = 0) gives {alpha_c:.4f}. The study is judged by 0.138 ± 0.006, and the value is "
        f"{'inside' if abs(est - 0.138) <= 0.006 else 'OUTSIDE'} that band. It lies "
        f"{est - alpha_c:+.4f} from AGS, and the AGS value is "
        f"{'inside' if inside else 'outside'} the bootstrap interval (pattern sets, then starts "
        "within each set, resampled).",
        "",
    ]
    finite = {k: v for k, v in chi2.items() if np.isfinite(v)}
    if len(finite) == 2:
        best = min(finite, key=finite.get)
        worst = max(finite, key=finite.get)
        lines.append(
            f"- **The fits.** χ²/dof is {finite[best]:.1f} for {best} and {finite[worst]:.1f} for "
            f"{worst}. "
            + (f"The data prefer {best} clearly. " if finite[worst] > 2 * finite[best] else
               "The data cannot tell the two apart. ")
            + ("Even the better fit leaves more scatter than the bootstrap spread explains: "
               "α_c(N) is read off by straight-line interpolation between grid loads, which adds "
               "a systematic error the bootstrap does not see." if finite[best] > 2 else
               "The better fit is consistent with the bootstrap spread."))
    else:
        lines.append("- **The fits.** Too few sizes for a χ² (three or more are needed).")
    ns = [int(n) for n in an["N"].values]
    tail = ns[-3:]  # the largest three sizes (or all, in a smaller study)
    last = [float(head["alpha_c"].sel(N=n)) for n in tail]
    if len(tail) >= 2 and all(np.isfinite(last)):
        lines.append(f"- **The largest sizes.** From N = {tail[0]} to {tail[-1]}, α_c(N) changes "
                     f"from {last[0]:.4f} to {last[-1]:.4f} ({last[-1] - last[0]:+.4f}).")
    near = int(np.argmin(np.abs(an["alpha"].values - alpha_c)))
    at_ac = head["retrieved_fraction"].isel(alpha=near)
    lines += [
        f"- **Near the AGS load.** At α = {float(an['alpha'].values[near]):g}, the grid load "
        f"nearest α_c, the sizes retrieve {float(at_ac.min()):.0%} to {float(at_ac.max()):.0%} "
        "of their starts.",
        "",
        "What is measured here is not what AGS compute:",
        "",
        "- **Here:** whether zero-temperature async dynamics started exactly at a pattern ends at "
        "m ≥ the retrieval threshold.",
        "- **AGS:** whether the retrieval state exists as an equilibrium state.",
        "",
        "Starting at the pattern itself can keep a run near it slightly beyond the equilibrium "
        "limit. Where the extrapolation and AGS differ, this study does not settle how much of the "
        "gap comes from that and how much from corrections to the leading finite-size term.",
        "",
    ]
    return lines


def capacity_large_report(an: xr.Dataset, config: dict, runtime: float, figures: dict,
                          jobs: list[dict], cores: dict, md_path: str, json_path: str) -> dict:
    """The capacity report at large N, with what the largest networks cost to run."""
    import re

    from .config import n_patterns

    large = config["capacity_large"]
    starts = dict(zip(large["N"], large["starts"]))
    per_job = dict(zip(large["N"], large["trials_per_job"]))
    trials = dict(zip(large["N"], large["trials"]))
    table = []
    for j in jobs:
        n, a, first = re.fullmatch(r"N(\d+)_alpha([0-9.]+)_trials(\d+)", j["job"]).groups()
        n, a = int(n), float(a)
        table.append({"N": n, "alpha": a, "P": n_patterns(a, n), "first_set": int(first),
                      "pattern_sets": min(per_job[n], trials[n] - int(first)),
                      "starts": min(starts[n], n_patterns(a, n)), "wall_s": round(j["s"], 1),
                      "peak_rss_gib": round(j["max_rss_mb"] / 1024, 2), "cores": cores[n]})
    n_max = max(r["N"] for r in table)
    biggest = [r for r in table if r["N"] == n_max]
    top = max(biggest, key=lambda r: (r["P"], r["wall_s"]))
    largest = {k: top[k] for k in ("N", "P", "starts", "wall_s", "peak_rss_gib", "cores")}
    largest["pattern_sets"] = top["pattern_sets"]
    lost = float(an["lost_fraction"].max())
    lines = [
        "## Runs that lost their pattern",
        "",
        f"A run stops once its overlap with its pattern falls below {large['lost_overlap']} "
        "(`lost_overlap`): near and above α_c(N) such runs drift for hundreds of sweeps towards a "
        "spin-glass state and end unretrieved either way. Up to that sweep the "
        "trajectory is the full run's; `tests/test_capacity.py` checks that the rule changes no "
        f"run's outcome. Here {lost:.0%} of the runs at the worst load stopped this way; their "
        "recorded overlap is the one at the stop, so wherever runs were lost the mean overlap in "
        "the figure is raised by theirs (about ½ instead of the final state's).",
        "",
        "## Cost at the largest N",
        "",
        f"Each job draws its pattern sets from the seed and runs the dynamics from the patterns "
        f"(W is never formed: N·P bytes, not 2N²). Wall time and peak memory of every job at "
        f"N = {n_max} (Snakemake benchmark files; peak resident memory of the job's processes):",
        "",
        "| α | P | pattern sets | starts per set | wall time (s) | peak memory (GiB) | cores |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(biggest, key=lambda r: (r["alpha"], r["first_set"])):
        sets = range(r["first_set"], r["first_set"] + r["pattern_sets"])
        lines.append(f"| {r['alpha']:g} | {r['P']} | {', '.join(map(str, sets))} | {r['starts']} | "
                     f"{r['wall_s']} | {r['peak_rss_gib']} | {r['cores']} |")
    lines += ["", "Wall times include the job's start-up (Python, numba's cached kernels) and were "
              "taken with other work on the same 2 cores; `benchmarks/bench_large.py` times one "
              "point alone.", ""]
    lines = _against_theory(an) + lines
    return capacity_report(an, config, runtime, figures, md_path, json_path,
                           section="capacity_large",
                           title="Storage capacity at large N: finite-size scaling to N = "
                                 f"{n_max:,}".replace(",", " "),
                           extra=({"largest_point": largest, "jobs": table}, lines))


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
