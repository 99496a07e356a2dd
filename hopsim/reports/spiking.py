"""The spiking report: spontaneous state, delay activity after a cue to every stored pattern, the
memory-free network's rate beside the mean field. Sidecar keys `spontaneous`, `retrieval` and
`mean_field` are the contract of issue 6; every judgement is computed here from the data, against
the tolerances below, and rendered by templates/spiking.md.j2."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .common import _num, headline, provenance, render

# Issue 6, spontaneous state
SPONT_RATE_MAX = 5.0        # mean E rate (Hz)
SPONT_CV_MIN = 0.5          # mean ISI CV of the E neurons
SPONT_DURATION_MIN = 1.0    # s without a cue
ACTIVE_OVERLAP = 0.5        # a memory counts as active when some m^μ(t) reaches this
# Issue 6, retrieval
CUED_RATE_MIN = 20.0        # Hz, the cued pattern through the delay (lowest sliding window)
OTHER_RATE_MAX = 5.0        # Hz, E neurons outside the cued pattern, mean over the delay
OVERLAP_MIN = 0.5           # m^μ of the cued pattern over the delay
OTHER_OVERLAP_MAX = 0.1     # every other |m^ν| over the delay
DELAY_MIN = 1.0             # s
PATTERNS_MIN = 5            # stored patterns, each retrieved
# Issue 6, mean field
MEAN_FIELD_TOL = 0.15       # |measured − predicted| / predicted, memory-free E rate


def headlines(s: dict) -> list[dict]:
    """The acceptance table of the report, as the study-wide headlines."""
    sp, c, mf, sec = s["spontaneous"], s["criteria"], s["mean_field"], "Acceptance (issue 6)"
    return [
        headline("spontaneous: mean E rate (Hz)", sp["rate_E_hz"], None,
                 f"≤ {c['spontaneous_rate_max_hz']:g} Hz",
                 sp["rate_E_hz"] is not None and sp["rate_E_hz"] <= c["spontaneous_rate_max_hz"], sec),
        headline("spontaneous: mean ISI CV (E)", sp["cv_isi"], None, f"≥ {c['spontaneous_cv_min']:g}",
                 sp["cv_isi"] is not None and sp["cv_isi"] >= c["spontaneous_cv_min"], sec),
        headline(f"spontaneous: largest m^μ(t) over {sp['duration_s']:g} s", sp["max_overlap"], None,
                 f"< {c['active_overlap']:g} over ≥ {c['spontaneous_duration_min_s']:g} s",
                 not sp["memory_activated"]
                 and sp["duration_s"] >= c["spontaneous_duration_min_s"], sec),
        headline("patterns retrieved by a cue (delay activity)",
                 f"{s['patterns_retrieved']} of {s['patterns_stored']}", None,
                 f"all, ≥ {c['patterns_min']} patterns", s["retrieval_pass"], sec),
        headline("memory-free network: mean E rate (Hz) vs mean field", mf["measured_rate_hz"],
                 mf["predicted_rate_hz"], f"±{100 * mf['tolerance']:g} %", mf["pass"], sec),
    ]


def spiking_report(an: xr.Dataset, config: dict, runtime: float, figures: dict, md_path: str,
                   json_path: str) -> dict:
    sp = an.attrs["spontaneous"]
    spontaneous = {
        "rate_E_hz": _num(sp["rate_E_hz"], 3), "rate_I_hz": _num(sp["rate_I_hz"], 3),
        "cv_isi": _num(sp["cv_isi"], 3), "duration_s": _num(sp["duration_s"], 3),
        "memory_activated": bool(sp["max_overlap"] >= ACTIVE_OVERLAP),
        "max_overlap": _num(sp["max_overlap"], 3),
        "max_pattern_rate_hz": _num(sp["max_pattern_rate_hz"], 2),
    }
    spontaneous["pass"] = bool(
        spontaneous["rate_E_hz"] is not None and spontaneous["rate_E_hz"] <= SPONT_RATE_MAX
        and spontaneous["cv_isi"] is not None and spontaneous["cv_isi"] >= SPONT_CV_MIN
        and not spontaneous["memory_activated"] and sp["duration_s"] >= SPONT_DURATION_MIN)

    retrieval = []
    for k, mu in enumerate(an["cue"].values):
        row = {key: float(an[key].values[k]) for key in
               ("delay_s", "cued_rate_hz", "cued_rate_min_hz", "other_rate_hz", "overlap",
                "max_other_overlap", "rate_I_hz", "min_overlap", "max_other_overlap_t")}
        checks = {"cued_rate": row["cued_rate_min_hz"] >= CUED_RATE_MIN,
                  "other_rate": row["other_rate_hz"] <= OTHER_RATE_MAX,
                  "overlap": row["overlap"] >= OVERLAP_MIN,
                  "other_overlap": row["max_other_overlap"] <= OTHER_OVERLAP_MAX,
                  "delay": row["delay_s"] >= DELAY_MIN}
        retrieval.append({
            "pattern": int(mu), "delay_s": _num(row["delay_s"], 3),
            "cued_rate_hz": _num(row["cued_rate_hz"], 2),
            "cued_rate_min_hz": _num(row["cued_rate_min_hz"], 2),
            "other_rate_hz": _num(row["other_rate_hz"], 3), "overlap": _num(row["overlap"], 3),
            "max_other_overlap": _num(row["max_other_overlap"], 3),
            "min_overlap_t": _num(row["min_overlap"], 3),
            "max_other_overlap_t": _num(row["max_other_overlap_t"], 3),
            "rate_I_hz": _num(row["rate_I_hz"], 2),
            "overlap_rate_hz": _num(float(an["overlap_rate_hz"].values[k]), 2),
            "rate_other_patterns_hz": _num(float(an["rate_other_patterns_hz"].values[k]), 3),
            "rate_background_hz": _num(float(an["rate_background_hz"].values[k]), 3),
            "checks": checks, "retrieved": all(checks.values())})
    n_retrieved = sum(r["retrieved"] for r in retrieval)

    free, pred = an.attrs["memory_free"], an.attrs["mean_field"]
    rel = abs(free["rate_E_hz"] - pred["rate_E_hz"]) / pred["rate_E_hz"]
    mean_field = {"measured_rate_hz": _num(free["rate_E_hz"], 3),
                  "predicted_rate_hz": _num(pred["rate_E_hz"], 3),
                  "measured_rate_I_hz": _num(free["rate_I_hz"], 3),
                  "predicted_rate_I_hz": _num(pred["rate_I_hz"], 3),
                  "relative_difference": _num(rel, 4), "tolerance": MEAN_FIELD_TOL,
                  "cv_isi": _num(free["cv_isi"], 3), "duration_s": _num(free["duration_s"], 3),
                  "pass": bool(rel <= MEAN_FIELD_TOL)}

    selective = {}
    smf = an.attrs.get("selective_mean_field") or {}
    if smf:
        nu, phi = np.asarray(smf["effective_nu"]), np.asarray(smf["effective_phi"])
        d = phi - nu
        cross = [float(nu[i]) for i in range(len(nu) - 1)
                 if np.isfinite(d[i]) and np.isfinite(d[i + 1]) and d[i] < 0 <= d[i + 1]]
        sp_mf, de_mf = smf["spontaneous"], smf["delay"]

        def mean(key):
            return float(np.mean([r[key] for r in retrieval])) if retrieval else None

        selective = {
            "spontaneous": {
                "predicted_pattern_hz": _num(sp_mf["rate_S_hz"], 3),
                "measured_pattern_hz": _num(sp.get("rate_patterns_hz"), 3),
                "predicted_background_hz": _num(sp_mf["rate_B_hz"], 3),
                "measured_background_hz": _num(sp.get("rate_background_hz"), 3),
                "predicted_I_hz": _num(sp_mf["rate_I_hz"], 3), "measured_I_hz": _num(sp["rate_I_hz"], 3),
                "max_eigenvalue": _num(sp_mf["max_eigenvalue"], 3), "stable": sp_mf["stable"]},
            "delay": {
                "predicted_cued_hz": _num(de_mf["rate_S_hz"], 2),
                "measured_cued_hz": _num(mean("cued_rate_hz"), 2),
                "predicted_other_patterns_hz": _num(de_mf["rate_O_hz"], 3),
                "measured_other_patterns_hz": _num(float(np.mean(an["rate_other_patterns_hz"].values)), 3),
                "predicted_background_hz": _num(de_mf["rate_B_hz"], 3),
                "measured_background_hz": _num(float(np.mean(an["rate_background_hz"].values)), 3),
                "predicted_I_hz": _num(de_mf["rate_I_hz"], 2), "measured_I_hz": _num(mean("rate_I_hz"), 2),
                "max_eigenvalue": _num(de_mf["max_eigenvalue"], 3), "stable": de_mf["stable"]},
            "unstable_rate_hz": _num(cross[0], 2) if cross else None,
        }

    settings = config["spiking"]
    net = settings["network"]
    sidecar = {
        "spontaneous": spontaneous,
        "retrieval": retrieval,
        "mean_field": mean_field,
        "selective_mean_field": selective,
        "patterns_stored": len(retrieval),
        "patterns_retrieved": n_retrieved,
        "retrieval_pass": bool(n_retrieved == len(retrieval) and len(retrieval) >= PATTERNS_MIN),
        "criteria": {"spontaneous_rate_max_hz": SPONT_RATE_MAX, "spontaneous_cv_min": SPONT_CV_MIN,
                     "spontaneous_duration_min_s": SPONT_DURATION_MIN,
                     "active_overlap": ACTIVE_OVERLAP, "cued_rate_min_hz": CUED_RATE_MIN,
                     "other_rate_max_hz": OTHER_RATE_MAX, "overlap_min": OVERLAP_MIN,
                     "other_overlap_max": OTHER_OVERLAP_MAX, "delay_min_s": DELAY_MIN,
                     "patterns_min": PATTERNS_MIN, "mean_field_tolerance": MEAN_FIELD_TOL},
        "N_E": net["N_E"], "N_I": net["N_I"],
        "overlap_rate_hz": settings["analysis"]["overlap_rate_hz"],
        "overlap_rate_spontaneous_hz": float(an.attrs["spontaneous"].get("overlap_rate_hz", 20.0)),
        "run": provenance(an, config, runtime, "spiking"),
        "title": f"Spiking attractor memory: {net['N_E'] + net['N_I']} integrate-and-fire neurons, "
                 "separate E and I",
    }
    sidecar["headlines"] = headlines(sidecar)
    return render("spiking", sidecar, md_path, json_path,
                  figures=figures,
                  section="spiking", settings=settings)
