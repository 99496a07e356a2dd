"""The capacity reports (default sweep and large N): α_c beside AGS, finite-size extrapolation.
Numbers and judgements are computed here into the sidecar; templates/capacity.md.j2 (and
capacity_large.md.j2, which extends it) render them."""

from __future__ import annotations

import re

import numpy as np
import xarray as xr

from .. import theory
from ..config import n_patterns
from ..dynamics import binary
from ..experiments.capacity import large_threads
from .common import _num, headline, provenance, render

# Acceptance of issue 2 (default sweep) and issue 9 (large N).
ALPHA_C_RANGE = (0.14, 0.18)   # α_c(N) at every N of the default sweep …
ALPHA_C_CENTRE = 0.138         # … and the extrapolated α_c within this ± the band:
BAND = {"capacity": 0.012, "capacity_large": 0.006}
SWEEP_N_MIN, SWEEP_SIZES = 500, 3  # … judged for a sweep like the default: N ≥ 500, ≥ 3 sizes
OVERLAP_MIN = 0.99             # mean final overlap at α = 0.10 for N ≥ OVERLAP_N_MIN
OVERLAP_N_MIN = 1000
LARGE_N = 100_000              # issue 9: a point at this N (one pattern set, 10 starts) …
LARGE_WALL_MAX_S = 300.0       # … completes within 5 min …
LARGE_RSS_MAX_GIB = 12.0       # … with peak memory ≤ 12 GiB;
LARGE_N_SPAN = (1000, 50_000)  # the scaling study runs from N ≤ 1000 to N ≥ 50 000
POINT_RSS_MAX_GIB = 20.0       # issue 21: the N = 10^6 point within 20 GiB on a 24 GiB machine
ACCEPTANCE = {"capacity": "Acceptance (issue 2)", "capacity_large": "Acceptance (issue 9)"}
KERNEL = "bits: bit-packed patterns, bit-planes and popcount (hopsim.dynamics.bitpacked)"


def _fits(sidecar: dict) -> tuple[str | None, str | None]:
    """(the extrapolation's scaling, the other one), as named in `scaling_fits`."""
    fits = list(sidecar["scaling_fits"])
    main = next((f for f in fits if f in sidecar["alpha_c_extrapolated"]["fit"]), None)
    return main, next((f for f in fits if f != main), None)


def _extrapolation_headlines(sidecar: dict, band: float, judged: bool, section: str,
                             unless: str = "") -> list[dict]:
    ext, ags = sidecar["alpha_c_extrapolated"], sidecar["theory"]["ags_alpha_c"]
    main, other = _fits(sidecar)
    est = ext["estimate"]
    out = [headline(f"α_c(N → ∞), fit in {main}", est if est is not None else "none", ags,
                    f"{ALPHA_C_CENTRE} ± {band}{unless}",
                    (est is not None and abs(est - ALPHA_C_CENTRE) <= band) if judged else None,
                    section)]
    if other is not None:
        alt = sidecar["scaling_fits"][other]["alpha_c_infinity"]
        out.append(headline(f"α_c(N → ∞), fit in {other}", alt if alt is not None else "none", ags,
                            "reported (χ²/dof "
                            + ", ".join(f"{k}: {v['chi2_per_dof']}"
                                        for k, v in sidecar["scaling_fits"].items()) + ")",
                            None, section))
    return out


def capacity_headlines(sidecar: dict) -> list[dict]:
    """Issue 2's acceptance of the default sweep, from the sidecar's own numbers (judged for a
    sweep like the default's; smaller ones are shown, not judged)."""
    by_n = sidecar["alpha_c_by_N"]
    judged = min(int(n) for n in by_n) >= SWEEP_N_MIN and len(by_n) >= SWEEP_SIZES
    unless = "" if judged else f" (not judged: N < {SWEEP_N_MIN} or fewer than {SWEEP_SIZES} sizes)"
    est = [by_n[n]["estimate"] for n in by_n]
    lo, hi = ALPHA_C_RANGE
    ok = None not in est and all(lo <= e <= hi for e in est) and all(
        a > b for a, b in zip(est, est[1:]))
    sec = ACCEPTANCE["capacity"]
    out = [headline(f"α_c(N), N = {', '.join(by_n)}", ", ".join(str(e) for e in est), None,
                    f"each in [{lo}, {hi}], decreasing with N{unless}", ok if judged else None, sec)]
    out += _extrapolation_headlines(sidecar, BAND["capacity"], judged, sec, unless)
    m10 = {n: m for n, m in sidecar["mean_overlap_at_alpha_0.10"].items()
           if int(n) >= OVERLAP_N_MIN and m is not None}
    if m10:
        n_min = min(m10, key=m10.get)
        out.append(headline(f"⟨m⟩ at α = 0.10, lowest over N ≥ {OVERLAP_N_MIN} (N = {n_min})",
                            m10[n_min], sidecar["theory"]["ags_overlap_at_0.10"],
                            f"≥ {OVERLAP_MIN}", m10[n_min] >= OVERLAP_MIN, sec))
    else:
        out.append(headline("⟨m⟩ at α = 0.10", f"not run (α = 0.10 at N ≥ {OVERLAP_N_MIN})",
                            sidecar["theory"]["ags_overlap_at_0.10"], f"≥ {OVERLAP_MIN}", None,
                            sec))
    return out


def capacity_large_headlines(sidecar: dict) -> list[dict]:
    """Issue 9's acceptance of the large-N study, from the sidecar's own numbers: the
    extrapolation (judged when the sizes span LARGE_N_SPAN) and the cost of the jobs at the
    largest N (judged when that is LARGE_N)."""
    ns = [int(n) for n in sidecar["alpha_c_by_N"]]
    spans = min(ns) <= LARGE_N_SPAN[0] and max(ns) >= LARGE_N_SPAN[1]
    sec = ACCEPTANCE["capacity_large"]
    unless = "" if spans else (f" (not judged: the sizes do not span N = {LARGE_N_SPAN[0]} … "
                               f"{LARGE_N_SPAN[1]})")
    out = _extrapolation_headlines(sidecar, BAND["capacity_large"], spans, sec, unless)
    # Issue 9's cost is judged on the jobs at N = LARGE_N (else on the largest N, not judged).
    ns_run = {j["N"] for j in sidecar["jobs"]}
    n_cost = LARGE_N if LARGE_N in ns_run else max(ns_run)
    jobs = [j for j in sidecar["jobs"] if j["N"] == n_cost]
    at_large = n_cost == LARGE_N
    slow = max(j["wall_s"] for j in jobs)
    rss = max(j["peak_rss_gib"] for j in jobs)
    where = f"N = {n_cost:,}".replace(",", " ")
    small = "" if at_large else f" (not judged: no job at N = {LARGE_N})"
    out += [headline(f"wall time of the slowest job at {where} (up to P = "
                     f"{max(j['P'] for j in jobs)}, {max(j['starts'] for j in jobs)} starts per set)",
                     slow, None, f"≤ {LARGE_WALL_MAX_S:g} s{small}",
                     slow <= LARGE_WALL_MAX_S if at_large else None, sec),
            headline(f"peak memory of a job at {where} (GiB)", rss, None,
                     f"≤ {LARGE_RSS_MAX_GIB:g} GiB{small}", rss <= LARGE_RSS_MAX_GIB if at_large else None,
                     sec)]
    point = sidecar.get("point")
    if point:
        where = f"N = {point['N']:,}".replace(",", " ")
        out += [headline(f"peak memory of the {where} point (GiB; {point['starts']} starts, "
                         f"P = {point['P']})", point["peak_rss_gib"], None,
                         f"≤ {POINT_RSS_MAX_GIB:g} GiB", point["peak_rss_gib"] <= POINT_RSS_MAX_GIB,
                         point["section"]),
                headline(f"wall time of the {where} point (s, {point['cores']} cores)",
                         point["wall_s"], None, "reported", None, point["section"]),
                headline(f"retrieved fraction at {where}, α = {point['alpha']:g}",
                         point["retrieved_fraction"], None, "reported (one pattern set)", None,
                         point["section"])]
    return out


def capacity_report(an: xr.Dataset, config: dict, runtime: float, figures: dict,
                    md_path: str, json_path: str, section: str = "capacity",
                    title: str = "Storage capacity of the binary Hopfield model",
                    extra: dict | None = None, render_now: bool = True) -> dict:
    """The capacity report; `extra` sidecar keys (the large-N report's) select its template.
    With render_now False, the sidecar only (the caller adds to it and renders)."""
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
        m10 = {str(n): _num(sel["mean_overlap"].sel(N=n), 5) for n in ns
               if np.isfinite(sel["mean_overlap"].sel(N=n))}  # sizes run at α = 0.10
    at_head = an.sel(cue_noise=head)
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
        "scaling_fits": {
            str(an["scaling"].values[k]): {
                "alpha_c_infinity": _num(at_head.isel(scaling=k)["scaling_intercept"]),
                "chi2_per_dof": _num(at_head.isel(scaling=k)["scaling_chi2"], 3)}
            for k in range(an.sizes["scaling"])},
        "title": title,
        "scaling_choice": an.attrs["scaling_choice"],
        "capped_fraction_max": _num(an["capped_fraction"].max(), 6),
        "alpha_c_undefined_max": _num(an["alpha_c_undefined"].max(), 6),
        "lost_fraction_max": _num(an["lost_fraction"].max(), 6) if "lost_fraction" in an else 0.0,
        "run": provenance(an, config, runtime, section),
        "acceptance_section": ACCEPTANCE[section],
        **(extra or {}),
    }
    if "up_to_N" in an.dims:  # each fit also on the sizes up to each N (the large-N study)
        for k, name in enumerate(an["scaling"].values):
            sidecar["scaling_fits"][str(name)]["up_to_N"] = _fits_up_to(at_head.isel(scaling=k))
    sidecar["headlines"] = (capacity_large_headlines(sidecar) if section == "capacity_large"
                            else capacity_headlines(sidecar))
    if not render_now:
        return sidecar
    return render(section, sidecar, md_path, json_path, section=section,
                  figures=figures)


def _fits_up_to(fit: xr.Dataset) -> dict:
    """{largest N in the fit: {alpha_c_infinity, ci_low, ci_high, chi2_per_dof}} of one scaling."""
    out = {}
    for n in fit["up_to_N"].values:
        est, lo, hi = fit["fit_up_to_intercept"].sel(up_to_N=n).values
        if np.isfinite(est):
            out[str(int(n))] = {"alpha_c_infinity": _num(est), "ci_low": _num(lo), "ci_high": _num(hi),
                                "chi2_per_dof": _num(fit["fit_up_to_chi2"].sel(up_to_N=n), 3)}
    return out


def _gap(sidecar_fits: dict, scaling: str, ags: float) -> dict | None:
    """Does the gap between α_c(∞) and AGS change as the larger sizes come in? The fit on the
    sizes up to 10^5 (the study before N = 2·10^5 and 5·10^5) against the fit on all sizes."""
    fits = sidecar_fits.get(scaling, {}).get("up_to_N", {})
    if str(LARGE_N) not in fits or len(fits) < 2:
        return None
    last = max(fits, key=int)
    if int(last) <= LARGE_N:
        return None
    before, after = fits[str(LARGE_N)], fits[last]
    overlap = before["ci_low"] <= after["ci_high"] and after["ci_low"] <= before["ci_high"]
    return {"scaling": scaling, "before_N": LARGE_N, "after_N": int(last),
            "before": before, "after": after,
            "gap_before": round(before["alpha_c_infinity"] - ags, 5),
            "gap_after": round(after["alpha_c_infinity"] - ags, 5),
            "intervals_overlap": overlap}


def _against_theory(an: xr.Dataset) -> dict:
    """Where the extrapolation stands against AGS, in numbers; every judgement is computed."""
    alpha_c, _ = theory.ags_critical_load()
    head = an.sel(cue_noise=an["cue_noise"].values[0])
    est, lo, hi = (float(v) for v in head["alpha_c_extrapolated"].values)
    chi2 = {str(s): float(c) for s, c in zip(an["scaling"].values, head["scaling_chi2"].values)}
    ns = [int(n) for n in an["N"].values]
    tail = ns[-3:]  # the largest three sizes (or all, in a smaller study)
    last = [float(head["alpha_c"].sel(N=n)) for n in tail]
    near = int(np.argmin(np.abs(an["alpha"].values - alpha_c)))
    at_ac = head["retrieved_fraction"].isel(alpha=near)
    band = BAND["capacity_large"]
    return {"estimate": est, "ci_low": lo, "ci_high": hi, "ags": alpha_c,
            "band_centre": ALPHA_C_CENTRE, "band": band,
            "inside_band": abs(est - ALPHA_C_CENTRE) <= band, "ags_inside_ci": lo <= alpha_c <= hi,
            "fits": {k: v for k, v in chi2.items() if np.isfinite(v)},
            "largest_sizes": {"N": tail, "alpha_c": last}
            if len(tail) >= 2 and all(np.isfinite(last)) else None,
            "near_alpha": float(an["alpha"].values[near]),
            "near_retrieved_min": float(at_ac.min()), "near_retrieved_max": float(at_ac.max())}


def _point(ds: xr.Dataset, bench: dict, threshold: float, cores: int) -> dict:
    """The one run beyond the scaling: what it retrieved, and what it cost."""
    n, a = int(ds.attrs["N"]), float(ds["alpha"].values[0])
    valid = ds["status"].values >= 0
    m = ds["final_overlap"].values[valid]
    return {"N": n, "alpha": a, "section": f"N = {n:,} on one machine".replace(",", " "),
            "P": n_patterns(a, n), "starts": int(valid.sum()),
            "pattern_sets": int(ds.sizes["trial"]), "wall_s": round(bench["s"], 1),
            "peak_rss_gib": round(bench["max_rss_mb"] / 1024, 2), "cores": cores, "kernel": KERNEL,
            "retrieved_fraction": _num(np.mean(m >= threshold), 3), "mean_overlap": _num(m.mean(), 5),
            "overlap_min": _num(m.min(), 5), "sweeps_max": int(ds["sweeps"].values[valid].max()),
            "lost": int((ds["status"].values == binary.LOST).sum()),
            "bits_gb": round(8 * n * -(-n_patterns(a, n) // 64) / 1e9, 2)}


def million_plan(plan: list[dict], config_path: str) -> dict:
    """What the full N = 10^6 scaling (`config_path`) asks of a cluster, from the cost model:
    its jobs, their core-hours at their time limits, the largest request; and the jobs that its
    largest N adds."""
    n_max = max(j["N"] for j in plan)
    top = [j for j in plan if j["N"] == n_max]
    return {"jobs": len(plan),
            "core_hours": round(sum(j["threads"] * j["runtime"] for j in plan) / 60, 1),
            "mem_gib_per_job": round(max(j["mem_mb"] for j in plan) * 1e6 / 2**30, 2),
            "config": config_path,
            "largest_N": {"N": n_max, "jobs": len(top),
                          "alphas": sorted({j["alpha"] for j in top}),
                          "core_hours": round(sum(j["threads"] * j["runtime"] for j in top) / 60, 1),
                          "runtime_minutes_per_job": max(j["runtime"] for j in top),
                          "threads_per_job": max(j["threads"] for j in top)}}


def capacity_large_report(an: xr.Dataset, config: dict, runtime: float, figures: dict,
                          jobs: list[dict], cores: dict, md_path: str, json_path: str,
                          point: tuple[xr.Dataset, dict] | None = None,
                          plan: dict | None = None) -> dict:
    """The capacity report at large N, with what the largest networks cost to run; `point`
    (its retrieval and benchmark row) is the run beyond the scaling, `plan` the cluster plan
    for the full scaling at that size (`million_plan`)."""
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
    top = max((r for r in table if r["N"] == n_max), key=lambda r: (r["P"], r["wall_s"]))
    largest = {k: top[k] for k in ("N", "P", "starts", "wall_s", "peak_rss_gib", "cores")}
    largest["pattern_sets"] = top["pattern_sets"]
    largest["kernel"] = KERNEL
    cost = {}
    for n in sorted({r["N"] for r in table}):
        rows = [r for r in table if r["N"] == n]
        cost[str(n)] = {"jobs": len(rows),
                        "core_hours": round(sum(r["wall_s"] * r["cores"] for r in rows) / 3600, 3)}
    extra = {"jobs": table, "lost_overlap": large["lost_overlap"], "scaling_N_max": n_max,
             "core_hours_by_N": cost}
    title = "Storage capacity at large N: finite-size scaling to N = " + f"{n_max:,}".replace(",", " ")
    if point is not None:
        cores = large_threads(int(point[0].attrs["N"]))
        extra["point"] = _point(*point, an.attrs["retrieved_overlap"], cores)
        largest = {k: extra["point"][k] for k in (*largest, "kernel")}
        title += ", and one run at N = " + f"{extra['point']['N']:,}".replace(",", " ")
    if plan is not None:
        extra["million_plan"] = plan
    extra["largest_point"] = largest
    sidecar = capacity_report(an, config, runtime, figures, md_path, json_path,
                              section="capacity_large", title=title,
                              extra={**extra, "against_theory": _against_theory(an)}, render_now=False)
    main, _ = _fits(sidecar)
    sidecar["against_theory"]["gap"] = _gap(sidecar["scaling_fits"], main, sidecar["theory"]["ags_alpha_c"])
    return render("capacity_large", sidecar, md_path, json_path, section="capacity_large", figures=figures)
