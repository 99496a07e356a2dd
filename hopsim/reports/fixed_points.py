"""The fixed-point report: where async and sync dynamics end, energies, mixtures against AGS.
Numbers and judgements are computed here into the sidecar; templates/fixed_points.md.j2 renders
them."""

from __future__ import annotations

import xarray as xr

from .. import theory
from ..measures import CLASSES
from .common import _num, headline, provenance, render

# Acceptance of issue 2, and the loads it names.
FIXED_LOAD = 0.05           # every stored pattern a fixed point here; 3-mixture starts judged here
HIGH_LOAD = 0.2             # most starts from stored patterns end away from them here
MIXTURE_LOAD = 0.02         # below AGS's 3-mixture limit (α ≈ 0.03): where mixtures are stable
MIXTURE_OVERLAP_TOL = 0.05  # "overlaps near ½" of the issue, as a number (ours)
ACCEPTANCE = "Acceptance (issue 2)"


def fixed_point_headlines(sidecar: dict) -> list[dict]:
    """Issue 2's acceptance of the fixed-point report, from the sidecar's own numbers, at the
    loads it names where they were run."""
    loads, out = sidecar["by_load"], []
    half = sidecar["theory"]["mixture3_overlap"]
    low = loads.get(f"{FIXED_LOAD:g}")
    if low is not None:
        out.append(headline(f"stored patterns that are fixed points, α = {FIXED_LOAD:g}",
                            f"{low['stored_fixed_points']}/{low['stored_patterns']}", None, "all",
                            low["stored_fixed_points"] == low["stored_patterns"], ACCEPTANCE))
    for a, why in ((FIXED_LOAD, ""), (MIXTURE_LOAD, ", below AGS's limit ≈ 0.03")):
        e = loads.get(f"{a:g}")
        if e is None:
            continue
        mix = e["conditions"]["async/mixture3"]
        m = mix["member_overlap"]["mean"]
        out.append(headline(f"3-mixture starts, α = {a:g}{why}: mean |m| with their patterns "
                            f"({mix['counts']['mixture']}/{mix['runs']} end as mixtures)",
                            m if m is not None else "none", half, f"±{MIXTURE_OVERLAP_TOL}",
                            m is not None and abs(m - half) <= MIXTURE_OVERLAP_TOL, ACCEPTANCE))
    high = loads.get(f"{HIGH_LOAD:g}")
    if high is not None:
        pat = high["conditions"]["async/pattern"]
        out.append(headline(f"starts from stored patterns still at them, α = {HIGH_LOAD:g} (async)",
                            f"{pat['counts']['pattern']}/{pat['runs']}", None, "< ½ (most end away)",
                            pat["counts"]["pattern"] < pat["runs"] / 2, ACCEPTANCE))
    out.append(headline("async sweeps in which the energy rose", sidecar["async_energy_rises_total"],
                        0, "= 0", sidecar["async_energy_rises_total"] == 0, ACCEPTANCE))
    top = list(loads)[-1]
    ub = loads[top]["unstable_bits"]
    out.append(headline(f"unstable-bit fraction, α = {top} (theory: finite N and P)", ub["measured"],
                        ub["predicted_finite"], "reported", None, ACCEPTANCE))
    return out


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
               "runtime_seconds": round(runtime, 1),
               "title": "Fixed points and energy landscape of the binary Hopfield model",
               "async_runs": int(an["runs"].sel(dynamics="async").sum()),
               "async_fixed_points_verified":
                   int(an["fixed_points_verified"].sel(dynamics="async").sum()),
               "sync_runs": int(an["runs"].sel(dynamics="sync").sum()),
               "sync_two_cycles": int(an["two_cycles"].sel(dynamics="sync").sum()),
               "run": provenance(an, config, runtime, "fixed_points"),
               "acceptance_section": ACCEPTANCE}
    sidecar["headlines"] = fixed_point_headlines(sidecar)
    # Said plainly where the data disagree with the expectation, and why.
    failed = [h for h in sidecar["headlines"] if h["passed"] is False
              and h["name"].startswith(f"3-mixture starts, α = {FIXED_LOAD:g}:")]
    sidecar["mixture_failure"] = f"{FIXED_LOAD:g}" if failed else None
    sidecar["mixture_control"] = f"{MIXTURE_LOAD:g}" if f"{MIXTURE_LOAD:g}" in per_load else None
    return render("fixed_points", sidecar, md_path, json_path, section="fixed_points",
                  classes=list(CLASSES), figures=figures)
