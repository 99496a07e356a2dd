"""The spiking report: the associative memory (issue 18: many random overlapping patterns,
sidecar key `associative`) and the Amit–Brunel reference mode (issue 6's keys `spontaneous`,
`retrieval`, `mean_field`, `selective_mean_field`, kept). Every judgement is computed here from
the data against the tolerances below, and rendered by templates/spiking.md.j2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from ..experiments.spiking import associative as assoc
from ..theory import low_activity
from .common import _num, benchmark_rows, headline, provenance, render

# Issue 18, associative memory
P_MIN = 90                  # stored patterns
BACKGROUND_MAX = 5.0        # Hz, E in the spontaneous state and outside the cued pattern
CV_MIN = 0.5                # mean ISI CV of E, spontaneous
SPONT_DURATION_MIN = 10.0   # s without a cue and without a memory switching on
CUES_MIN = 20               # cued patterns
RETRIEVED_MIN = 0.9         # fraction of the cues retrieved
DELAY_MIN = 2.0             # s, every delay
DELAY_RATE = (10.0, 50.0)   # Hz, the cued pattern's neurons in the delay
LONG_DELAY_MIN = 10.0       # s
RESET_RATE_TOL = 0.25       # |E rate after the reset − spontaneous| / spontaneous
MEAN_FIELD_TOL_18 = 0.20    # |measured − predicted| / measured
DATA_JOBS_MAX_S = 180.0     # s, the spiking data jobs summed
# Issue 6, reference mode
SPONT_RATE_MAX = 5.0        # mean E rate (Hz)
SPONT_CV_MIN = 0.5          # mean ISI CV of the E neurons
SPONT_DURATION_MIN_6 = 1.0  # s without a cue
ACTIVE_OVERLAP = assoc.ACTIVE_OVERLAP
CUED_RATE_MIN = 10.0        # Hz, the cued pattern through the delay (lowest window; issue 18's floor)
OTHER_RATE_MAX = 5.0        # Hz, E neurons outside the cued pattern, mean over the delay
OVERLAP_MIN = 0.5           # m^μ of the cued pattern over the delay
OTHER_OVERLAP_MAX = 0.1     # every other |m^ν| over the delay
DELAY_MIN_6 = 1.0           # s
PATTERNS_MIN = 5            # stored patterns, each retrieved
MEAN_FIELD_TOL = 0.15       # |measured − predicted| / predicted, memory-free E rate


def _rel(measured, predicted):
    if measured is None or predicted is None or not np.isfinite(measured) or not predicted:
        return None
    return abs(measured - predicted) / abs(measured)


def _inhibition_per_hz(net: dict, mem: dict, lam: float) -> float:
    """mV of mean input a pattern neuron loses per Hz of I rate: C_I τ_E (J_IE + λ H_S), H_S the
    mean Hebbian count of a cued neuron, (1 + (P − 1) a) a C_E."""
    c_e, c_i = round(net["epsilon"] * net["N_E"]), round(net["epsilon"] * net["N_I"])
    h_s = (1 + (mem["patterns"] - 1) * mem["activity"]) * mem["activity"] * c_e
    return c_i * net["tau_E_ms"] * 1e-3 * (net["J_IE_mv"] + lam * h_s)


def associative_section(a: dict, settings: dict, jobs: list[dict], cpu: dict | None = None) -> dict:
    net, mem = settings["network"], settings["memory"]
    n_e = net["N_E"]
    k = round(mem["activity"] * n_e)
    sp = a["spontaneous"]
    rows = [{"pattern": r["pattern"], "delay_s": _num(r["delay_s"], 3),
             "delay_rate_hz": _num(r["delay_rate_hz"], 2),
             "background_rate_hz": _num(r["background_rate_hz"], 3),
             "overlap": _num(r["overlap"], 3), "overlap_mean": _num(r["overlap_mean"], 3),
             "max_other_overlap": _num(r["max_other_overlap"], 3),
             "rate_I_hz": _num(r["rate_I_hz"], 2), "gating": _num(r["gating"], 4),
             "gating_poisson": _num(r["gating_poisson"], 4), "retrieved": r["retrieved"]}
            for r in a["cues"]]
    short = [r for r in rows if r["delay_s"] is not None and r["delay_s"] < LONG_DELAY_MIN]
    retrieved = [r for r in rows if r["retrieved"]]
    alpha_c = low_activity.optimal_threshold(mem["activity"], b=0.0)[1]
    mf = a["mean_field"]
    bg, de = mf["background_hz"], mf["delay_hz"]
    ablation = {name: {"background_hz": _num(st["spontaneous"]["E_hz"], 3),
                       "I_hz": _num(st["spontaneous"]["I_hz"], 3),
                       "delay_hz": _num(st["delay"]["S_hz"], 2) if st["delay"] else None}
                for name, st in mf["ablation"].items()}
    eff = mf["effective"]
    nu, phi = np.asarray(eff["nu_hz"]), np.asarray(eff["phi_hz"])
    at = de[0] if de[0] is not None and np.isfinite(de[0]) else None
    phi_at = float(np.interp(at, nu, phi)) if at is not None else None
    gate_m, gate_p = mf["gating"]
    cap = [{"P": c["P"], "retrieved_fraction": _num(c["retrieved_fraction"], 3), "cued": c["cued"],
            "retrieved": c["retrieved"], "spontaneous_activated": c["spontaneous_activated"],
            "delay_rate_hz": _num(c["delay_rate_hz"], 2)} for c in a["capacity"]]
    p_max = a["P_max"]
    data_s = sum(j["s"] for j in jobs if j["job"].startswith("spiking_run"))
    cpu = {k: v for k, v in (cpu or {}).items() if v is not None}
    cpu_s = sum(cpu.values()) if cpu else None
    section = {
        "N_E": n_e, "N_I": net["N_I"], "patterns": mem["patterns"], "activity": mem["activity"],
        "pair_overlap_neurons": _num(mem["activity"] ** 2 * n_e, 2),
        "synapse_model": (
            "current-based LIF; fast inhibition and external input as delta jumps; E→E slow "
            f"saturating (NMDA-like) current, τ = {net['tau_slow_ms']:g} ms, gating jump α = "
            f"{net['alpha_slow']:g}, weight J_H Σ_μ ξ_i^μ ξ_j^μ ({mem['rule']}); E→I slow "
            f"({net['W_EI_mv']:g} mV) plus fast ({net['J_EI_mv']:g} mV)"),
        "rule": mem["rule"], "J_hebb_mv": mem["J_hebb_mv"], "lambda_mv": _num(a["lambda_mv"], 6),
        "n_synapses": a["n_synapses"],
        "indegree_E": int(round(net["epsilon"] * n_e)), "pattern_neurons": k,
        "spontaneous": {"rate_E_hz": _num(sp["rate_E_hz"], 3), "rate_I_hz": _num(sp["rate_I_hz"], 3),
                        "cv_isi": _num(sp["cv_isi"], 3), "cv_neurons": sp["cv_neurons"],
                        "duration_s": _num(sp["duration_s"], 3),
                        "max_overlap": _num(sp["max_overlap"], 3),
                        "memory_activated": sp["memory_activated"]},
        "cues": rows,
        "long_delay": {"pattern": a["long_delay"]["pattern"],
                       "duration_s": _num(a["long_delay"]["duration_s"], 3),
                       "overlap_min": _num(a["long_delay"]["overlap_min"], 3),
                       "delay_rate_hz": _num(a["long_delay"]["delay_rate_hz"], 2)},
        "reset": {"overlap_after": _num(a["reset"]["overlap_after"], 3),
                  "rate_E_after_hz": _num(a["reset"]["rate_E_after_hz"], 3),
                  "resets": a["reset"]["resets"]},
        "capacity": cap, "P_max": p_max,
        "P_max_over_N_E": _num(p_max / n_e, 5) if p_max else None,
        "P_max_over_K_E": _num(p_max / round(net["epsilon"] * n_e), 4) if p_max else None,
        "alpha_c_binary": _num(alpha_c, 4), "alpha_c_binary_patterns": int(round(alpha_c * n_e)),
        "mean_field": {
            "background_hz": [_num(bg[0], 3), _num(bg[1], 3)],
            "delay_hz": [_num(de[0], 2), _num(de[1], 2) if de[1] is not None else None],
            "I_spontaneous_hz": [_num(mf["I_spontaneous_hz"][0], 3), _num(mf["I_spontaneous_hz"][1], 3)],
            "background_relative": _num(_rel(bg[0], bg[1]), 3),
            "delay_relative": _num(_rel(de[0], de[1]), 3) if de[1] is not None else None,
            "ablation": ablation,
            "phi_at_measured_delay_hz": _num(phi_at, 2),
            "gating_measured": _num(gate_m, 4), "gating_poisson": _num(gate_p, 4),
            "crossings": [[_num(c[0], 3), c[1]] for c in eff["crossings"]],
            "spontaneous_by_multiplicity": sorted([int(k), _num(v, 3)] for k, v in
                                                  mf["spontaneous_by_multiplicity"].items()),
            "delay_by_multiplicity": sorted([int(k), _num(v, 2)] for k, v in
                                            mf["delay_by_multiplicity"].items()),
            "open_loop_delay": None if not mf.get("open_loop_delay") else {
                "measured": [_num(v, 3) for v in mf["open_loop_delay"]["measured"]],
                **{k: {q: _num(v, 4 if q == "gating_S" else 3) for q, v in mf["open_loop_delay"][k].items()}
                   for k in ("renewal", "poisson")}},
            "inhibition_per_hz_mv": _num(_inhibition_per_hz(net, mem, a["lambda_mv"]), 3),
            "classes": {"background_hz": _num(mf["classes"]["spontaneous"]["E_hz"], 3),
                        "delay_hz": (_num(mf["classes"]["delay"]["S_hz"], 2)
                                     if mf["classes"]["delay"] else None)},
        },
        # the run's own facts (wall times): under "timing", which the fingerprints leave out
        "timing": {"jobs": [{"job": j["job"], "s": round(j["s"], 1), "max_rss_mb": round(j["max_rss_mb"])}
                            for j in jobs],
                   "data_jobs_s": round(data_s, 1),
                   "data_jobs_cpu": {k: round(v, 1) for k, v in sorted(cpu.items())},
                   "data_jobs_cpu_s": None if cpu_s is None else round(cpu_s, 1),
                   # judged on the jobs' CPU time (the work), not on wall times that grow with the
                   # machine's load; on 2 free cores the jobs run two at a time
                   "data_jobs_pass": bool((cpu_s if cpu_s is not None else data_s) <= DATA_JOBS_MAX_S)},
    }
    mfs = section["mean_field"]
    checks = {
        "patterns": mem["patterns"] >= P_MIN,
        "spontaneous_rate": sp["rate_E_hz"] <= BACKGROUND_MAX,
        "spontaneous_cv": sp["cv_isi"] >= CV_MIN,
        "spontaneous_quiet": (not sp["memory_activated"]) and sp["duration_s"] >= SPONT_DURATION_MIN,
        "cues": len(rows) >= CUES_MIN and len(retrieved) >= RETRIEVED_MIN * len(rows)
        and all(r["delay_s"] >= DELAY_MIN for r in rows),
        "delay_rates": bool(retrieved) and all(DELAY_RATE[0] <= r["delay_rate_hz"] <= DELAY_RATE[1]
                                               for r in retrieved),
        "long_delay": a["long_delay"]["duration_s"] >= LONG_DELAY_MIN
        and a["long_delay"]["overlap_min"] >= ACTIVE_OVERLAP,
        "reset": a["reset"]["overlap_after"] < assoc.RESET_OVERLAP_MAX
        and abs(a["reset"]["rate_E_after_hz"] - sp["rate_E_hz"]) <= RESET_RATE_TOL * sp["rate_E_hz"],
        "capacity": len(cap) >= 4 and p_max is not None and p_max >= P_MIN
        and min(c["retrieved_fraction"] for c in cap) < RETRIEVED_MIN,
        "mean_field_background": mfs["background_relative"] is not None
        and mfs["background_relative"] <= MEAN_FIELD_TOL_18,
        "mean_field_delay": mfs["delay_relative"] is not None and mfs["delay_relative"] <= MEAN_FIELD_TOL_18,
    }
    section["checks"] = checks
    section["retrieved"] = len(retrieved)
    section["retrieved_short"] = sum(r["retrieved"] for r in short)
    section["criteria"] = {
        "patterns_min": P_MIN, "background_max_hz": BACKGROUND_MAX, "cv_min": CV_MIN,
        "spontaneous_duration_min_s": SPONT_DURATION_MIN, "active_overlap": ACTIVE_OVERLAP,
        "cues_min": CUES_MIN, "retrieved_min": RETRIEVED_MIN, "delay_min_s": DELAY_MIN,
        "other_overlap_max": assoc.OTHER_OVERLAP_MAX, "delay_rate_hz": list(DELAY_RATE),
        "long_delay_min_s": LONG_DELAY_MIN, "reset_overlap_max": assoc.RESET_OVERLAP_MAX,
        "reset_rate_tolerance": RESET_RATE_TOL, "mean_field_tolerance": MEAN_FIELD_TOL_18,
        "data_jobs_max_s": DATA_JOBS_MAX_S, "overlap_rate_hz": settings["analysis"]["overlap_rate_hz"],
        "retrieved_fraction_for_P_max": assoc.RETRIEVED_FRACTION}
    return section


def reference_section(r: dict, settings: dict) -> dict:
    """Issue 6's keys, from the reference mode's run and the memory-free run."""
    sp = r["spontaneous"]
    spontaneous = {
        "rate_E_hz": _num(sp["rate_E_hz"], 3), "rate_I_hz": _num(sp["rate_I_hz"], 3),
        "cv_isi": _num(sp["cv_isi"], 3), "duration_s": _num(sp["duration_s"], 3),
        "memory_activated": bool(sp["max_overlap"] >= ACTIVE_OVERLAP),
        "max_overlap": _num(sp["max_overlap"], 3),
        "max_pattern_rate_hz": _num(sp["max_pattern_rate_hz"], 2)}
    spontaneous["pass"] = bool(
        spontaneous["rate_E_hz"] is not None and spontaneous["rate_E_hz"] <= SPONT_RATE_MAX
        and spontaneous["cv_isi"] is not None and spontaneous["cv_isi"] >= SPONT_CV_MIN
        and not spontaneous["memory_activated"] and sp["duration_s"] >= SPONT_DURATION_MIN_6)
    retrieval = []
    for row in r["retrieval"]:
        checks = {"cued_rate": row["cued_rate_min_hz"] >= CUED_RATE_MIN,
                  "other_rate": row["other_rate_hz"] <= OTHER_RATE_MAX,
                  "overlap": row["overlap"] >= OVERLAP_MIN,
                  "other_overlap": row["max_other_overlap"] <= OTHER_OVERLAP_MAX,
                  "delay": row["delay_s"] >= DELAY_MIN_6}
        retrieval.append({
            "pattern": row["pattern"], "delay_s": _num(row["delay_s"], 3),
            "cued_rate_hz": _num(row["cued_rate_hz"], 2),
            "cued_rate_min_hz": _num(row["cued_rate_min_hz"], 2),
            "other_rate_hz": _num(row["other_rate_hz"], 3), "overlap": _num(row["overlap"], 3),
            "max_other_overlap": _num(row["max_other_overlap"], 3),
            "min_overlap_t": _num(row["min_overlap"], 3),
            "max_other_overlap_t": _num(row["max_other_overlap_t"], 3),
            "rate_I_hz": _num(row["rate_I_hz"], 2), "overlap_rate_hz": _num(row["overlap_rate_hz"], 2),
            "rate_other_patterns_hz": _num(row["rate_other_patterns_hz"], 3),
            "rate_background_hz": _num(row["rate_background_hz"], 3),
            "checks": checks, "retrieved": all(checks.values())})
    free = r["memory_free"]
    rel = abs(free["rate_E_hz"] - free["predicted_rate_E_hz"]) / free["predicted_rate_E_hz"]
    mean_field = {"measured_rate_hz": _num(free["rate_E_hz"], 3),
                  "predicted_rate_hz": _num(free["predicted_rate_E_hz"], 3),
                  "measured_rate_I_hz": _num(free["rate_I_hz"], 3),
                  "predicted_rate_I_hz": _num(free["predicted_rate_I_hz"], 3),
                  "relative_difference": _num(rel, 4), "tolerance": MEAN_FIELD_TOL,
                  "cv_isi": _num(free["cv_isi"], 3), "duration_s": _num(free["duration_s"], 3),
                  "pass": bool(rel <= MEAN_FIELD_TOL)}
    sel = r["selective"]
    unstable = [c[0] for c in sel["crossings"] if c[1] == "unstable"]

    def mean(key):
        return float(np.mean([x[key] for x in r["retrieval"]])) if r["retrieval"] else None

    d = sel["delay"]
    selective = {
        "spontaneous": {
            "predicted_pattern_hz": _num(sel["spontaneous"]["S"], 3),
            "measured_pattern_hz": _num(sp["rate_patterns_hz"], 3),
            "predicted_background_hz": _num(sel["spontaneous"]["B"], 3),
            "measured_background_hz": _num(sp["rate_background_hz"], 3),
            "predicted_I_hz": _num(sel["spontaneous"]["I"], 3), "measured_I_hz": _num(sp["rate_I_hz"], 3),
            "max_eigenvalue": _num(sel["spontaneous"]["slope"], 3),
            "stable": bool(sel["spontaneous"]["slope"] < 1)},
        "delay": {
            "predicted_cued_hz": _num(d["S"], 2) if d else None,
            "measured_cued_hz": _num(mean("cued_rate_hz"), 2),
            "predicted_other_patterns_hz": _num(d["O"], 3) if d else None,
            "measured_other_patterns_hz": _num(mean("rate_other_patterns_hz"), 3),
            "predicted_background_hz": _num(d["B"], 3) if d else None,
            "measured_background_hz": _num(mean("rate_background_hz"), 3),
            "predicted_I_hz": _num(d["I"], 2) if d else None, "measured_I_hz": _num(mean("rate_I_hz"), 2),
            "max_eigenvalue": _num(d["slope"], 3) if d else None,
            "stable": bool(d and d["slope"] < 1)},
        "unstable_rate_hz": _num(unstable[0], 2) if unstable else None,
    }
    n_ret = sum(x["retrieved"] for x in retrieval)
    return {"spontaneous": spontaneous, "retrieval": retrieval, "mean_field": mean_field,
            "selective_mean_field": selective, "patterns_stored": len(retrieval),
            "patterns_retrieved": n_ret,
            "retrieval_pass": bool(n_ret == len(retrieval) and len(retrieval) >= PATTERNS_MIN),
            "criteria": {"spontaneous_rate_max_hz": SPONT_RATE_MAX, "spontaneous_cv_min": SPONT_CV_MIN,
                         "spontaneous_duration_min_s": SPONT_DURATION_MIN_6,
                         "active_overlap": ACTIVE_OVERLAP, "cued_rate_min_hz": CUED_RATE_MIN,
                         "other_rate_max_hz": OTHER_RATE_MAX, "overlap_min": OVERLAP_MIN,
                         "other_overlap_max": OTHER_OVERLAP_MAX, "delay_min_s": DELAY_MIN_6,
                         "patterns_min": PATTERNS_MIN, "mean_field_tolerance": MEAN_FIELD_TOL}}


def headlines(s: dict) -> list[dict]:
    a, c = s["associative"], s["associative"]["checks"]
    sec = "Acceptance (issue 18)"
    mf = a["mean_field"]
    out = [
        headline("stored random patterns P (P/N_E)", f"{a['patterns']} ({a['patterns'] / a['N_E']:.4f})",
                 None, f"≥ {P_MIN}", c["patterns"], sec),
        headline("spontaneous: mean E rate (Hz)", a["spontaneous"]["rate_E_hz"], None,
                 f"≤ {BACKGROUND_MAX:g} Hz", c["spontaneous_rate"], sec),
        headline("spontaneous: mean ISI CV (E)", a["spontaneous"]["cv_isi"], None, f"≥ {CV_MIN:g}",
                 c["spontaneous_cv"], sec),
        headline(f"spontaneous: largest m^μ(t) over {a['spontaneous']['duration_s']:g} s",
                 a["spontaneous"]["max_overlap"], None,
                 f"< {ACTIVE_OVERLAP:g} over ≥ {SPONT_DURATION_MIN:g} s", c["spontaneous_quiet"], sec),
        headline("cued patterns retrieved", f"{a['retrieved']} of {len(a['cues'])}", None,
                 f"≥ {100 * RETRIEVED_MIN:.0f} % of ≥ {CUES_MIN}", c["cues"], sec),
        headline("delay rate of the cued pattern (Hz, retrieved cues)",
                 f"{min(r['delay_rate_hz'] for r in a['cues'] if r['retrieved']):.1f}–"
                 f"{max(r['delay_rate_hz'] for r in a['cues'] if r['retrieved']):.1f}"
                 if a["retrieved"] else None, None, f"{DELAY_RATE[0]:g}–{DELAY_RATE[1]:g} Hz",
                 c["delay_rates"], sec),
        headline(f"long delay ({a['long_delay']['duration_s']:g} s): lowest m^μ(t)",
                 a["long_delay"]["overlap_min"], None, f"≥ {ACTIVE_OVERLAP:g}, ≥ {LONG_DELAY_MIN:g} s",
                 c["long_delay"], sec),
        headline("after the reset: largest |m^ν(t)|, E rate (Hz)",
                 f"{a['reset']['overlap_after']}, {a['reset']['rate_E_after_hz']}",
                 f"spontaneous {a['spontaneous']['rate_E_hz']} Hz",
                 f"< {assoc.RESET_OVERLAP_MAX:g}; ±{100 * RESET_RATE_TOL:.0f} %", c["reset"], sec),
        headline("P_max / N_E (retrieved ≥ 90 %)", a["P_max_over_N_E"],
                 f"α_c(a) = {a['alpha_c_binary']} (binary)", f"P_max ≥ {P_MIN}", c["capacity"], sec),
        headline("mean field: spontaneous E rate (Hz)", mf["background_hz"][0], mf["background_hz"][1],
                 f"±{100 * MEAN_FIELD_TOL_18:.0f} %", c["mean_field_background"], sec),
        headline("mean field: delay rate (Hz)", mf["delay_hz"][0], mf["delay_hz"][1],
                 f"±{100 * MEAN_FIELD_TOL_18:.0f} % (or the failing approximation measured)",
                 c["mean_field_delay"], sec),
    ]
    ol = mf.get("open_loop_delay")
    if ol and not c["mean_field_delay"]:
        rel = _rel(ol["measured"][0], ol["renewal"]["S_hz"])
        out.append(headline("mean field fed the measured delay state: cued pattern (Hz)",
                            ol["measured"][0], ol["renewal"]["S_hz"],
                            f"±{100 * MEAN_FIELD_TOL_18:.0f} % (where it fails: the rest and I, measured)",
                            rel is not None and rel <= MEAN_FIELD_TOL_18, sec))
    sp, cr, mfr = s["spontaneous"], s["criteria"], s["mean_field"]
    sec6 = "Reference mode: disjoint patterns (Amit & Brunel 1997, issue 6)"
    out += [
        headline("reference: spontaneous mean E rate (Hz)", sp["rate_E_hz"], None,
                 f"≤ {cr['spontaneous_rate_max_hz']:g} Hz",
                 sp["rate_E_hz"] is not None and sp["rate_E_hz"] <= cr["spontaneous_rate_max_hz"], sec6),
        headline("reference: patterns retrieved by a cue",
                 f"{s['patterns_retrieved']} of {s['patterns_stored']}",
                 None, f"all, ≥ {cr['patterns_min']} patterns", s["retrieval_pass"], sec6),
        headline("memory-free network: mean E rate (Hz) vs mean field", mfr["measured_rate_hz"],
                 mfr["predicted_rate_hz"], f"±{100 * mfr['tolerance']:g} %", mfr["pass"], sec6),
    ]
    return out


def spiking_report(an: xr.Dataset, config: dict, runtime: float, figures: dict, md_path: str,
                   json_path: str, benchmarks: list[str] | None = None) -> dict:
    settings = config["spiking"]
    net = settings["network"]
    jobs = benchmark_rows(benchmarks) if benchmarks else []
    for row, path in zip(jobs, benchmarks or []):  # "spiking_run:sequence": the rule, then the job
        row["job"] = f"{Path(path).parent.name}:{row['job']}"
    ref = reference_section(an.attrs["reference"], settings)
    sidecar = {
        **ref,
        "associative": associative_section(an.attrs["associative"], settings, jobs,
                                           an.attrs.get("cpu_seconds")),
        "N_E": net["N_E"], "N_I": net["N_I"],
        "overlap_rate_hz": settings["analysis"]["overlap_rate_hz"],
        "overlap_rate_spontaneous_hz": settings["analysis"]["overlap_rate_hz"],
        "run": provenance(an, config, runtime, "spiking"),
        "title": f"Spiking attractor memory: {net['N_E']} excitatory and {net['N_I']} inhibitory "
                 "integrate-and-fire neurons",
    }
    sidecar["headlines"] = headlines(sidecar)
    return render("spiking", sidecar, md_path, json_path, figures=figures, section="spiking",
                  settings=settings)
