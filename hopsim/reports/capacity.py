"""The capacity reports (default sweep and large N): α_c beside AGS, finite-size extrapolation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from .. import theory
from ..config import n_patterns
from .common import _num, _provenance, _rel, _write

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
