"""The ring-attractor report: spectrum, ring of fixed points, bump vs the analytic solution, speed
calibration, path integration, diffusion vs N, drift from heterogeneous weights. Sidecar keys
`spectrum`, `bump`, `speed_calibration`, `tracking`, `diffusion` (and their named fields) are the
contract of issue 7; the judgements are computed from the data here, rendered by the template."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr

from .. import numerics
from ..theory import ring as theory
from .common import _num, benchmark_rows, bound_text, headline, provenance, render, roundoff

# Tolerances and conditions of issue 7, stated once.
SPECTRUM_REL_TOL = 1e-9      # the two top eigenvalues equal N/2 within this, relative
SPECTRUM_REST_TOL = 1e-9     # every other |λ| below this × N
FIXED_POINT_TOL = 1e-9       # g = 1: max |v(T) − v(0)| / max |v(0)| of every a cos(θ − φ)
HOLD_MIN_S = 10.0            # the bump holds at least this long without input …
DRIFT_MAX_DEG = 5.0          # … drifting less than this
WIDTH_TOL_DEG = 5.0          # width against the analytic threshold-linear solution
DT_WIDTH_TOL_DEG = 0.5       # halving dt changes the width by less than this (our check)
R2_MIN = 0.99                # bump speed linear in the turning signal
TRACK_MIN_S = 60.0           # trajectory length …
TRACK_SPEED_DEG_S = 180.0    # … with angular speeds up to this
RMS_MAX_DEG = 10.0           # noise-free RMS tracking error
N_SPAN_MIN = 8.0             # diffusion sizes span at least this factor
SLOPE_TOL = 0.15             # log-log slope of D(N) within this of −1 (our tolerance)


def _wrap_deg(x):
    return (np.asarray(x) + 180.0) % 360.0 - 180.0


def _decay_times(off: xr.DataArray, floor: float = 1e-8) -> list[float]:
    """Time constant (ms) of the decay of each row's off-ring norm (amplitude, time): least
    squares of its logarithm while it stays above `floor` × its start (then round-off rules)."""
    t = off["time"].values
    out = []
    for row in off.values:
        rel = row / row[0]
        keep = rel > floor
        out.append(-1000.0 / numerics.linear_fit(t[keep], np.log(rel[keep]))[1])
    return out


def headlines(s: dict) -> list[dict]:
    """The acceptance table of the report, as the study-wide headlines (judged only when the
    runs meet the issue's conditions)."""
    sp, lin, b, cal, tr, d = (s[k] for k in ("spectrum", "linear", "bump", "speed_calibration",
                                              "tracking", "diffusion"))
    met, sec = s["conditions_met"], "Acceptance (issue 7)"

    def h(name, measured, theory_value, tolerance, passed):
        return headline(name, measured, theory_value, tolerance, passed if met else None, sec)

    return [
        h(f"spectrum, N = {sp['N']}: two largest eigenvalues, max relative error from N/2",
          bound_text(sp["top_two_max_rel_error"]), 0, f"≤ {sp['tolerance_top_two_rel']:g}",
          sp["top_two_max_rel_error"] <= sp["tolerance_top_two_rel"]),
        h("spectrum: largest |λ| of the others", bound_text(sp["max_abs_rest"]), 0,
          f"≤ {sp['tolerance_rest']:g} (10⁻⁹ N)", sp["max_abs_rest"] <= sp["tolerance_rest"]),
        h("linear ring, g = 1: max relative change of a cos(θ − φ)",
          bound_text(lin["fixed_point_max_relative_change"]), 0, f"≤ {lin['fixed_point_tolerance']:g}",
          lin["pass"]),
        h(f"bump drift without input over {b['duration_s']:g} s (°)", b["drift_deg"], 0,
          f"< {b['tolerances']['drift_deg']:g}° over ≥ {b['tolerances']['hold_min_s']:g} s",
          b["pass_hold"]),
        h("bump width (°)", b["width_deg"], b["width_theory_deg"],
          f"±{b['tolerances']['width_deg']:g}°", b["pass_width"]),
        h("bump speed linear in the turning signal: R²", cal["r2"], 1, f"≥ {cal['r2_min']:g}",
          cal["pass"]),
        h(f"path integration over {tr['duration_s']:g} s, noise-free: RMS error (°)",
          tr["rms_error_deg"], 0, f"≤ {tr['rms_max_deg']:g}°", tr["pass"]),
        headline(f"path integration with rate noise σ = {tr['noise_hz']:g} Hz: RMS error (°)",
                 tr["rms_error_noisy_deg"], tr["noisy_rms_expected_deg"], "reported (theory √(D T))",
                 None, sec),
        h("diffusion coefficient falls with N (deg²/s)", " → ".join(str(x) for x in d["D"]),
          " → ".join(str(x) for x in d["D_theory_scheme"]), "decreasing", d["falls_with_N"]),
        h("log-log slope of D(N)", d["loglog_slope"], d["expected_slope"],
          f"±{d['slope_tolerance']:g} (ours)", d["pass"]),
    ]


def ring_report(data: dict[str, xr.Dataset], config: dict, benchmark_files: list[str],
                figures: dict, md_path: str, json_path: str) -> dict:
    """Render reports/ring.md and its sidecar from the six stores (linear, bump, calibration,
    tracking, diffusion, heterogeneity) and the data jobs' benchmark files."""
    benchmarks = [{**r, "job": f"{Path(p).parent.name}/{r['job']}"}
                  for p, r in zip(benchmark_files, benchmark_rows(benchmark_files))]
    lin, b, cal = data["linear"], data["bump"], data["calibration"]
    tr, dif, het = data["tracking"], data["diffusion"], data["heterogeneity"]
    cfg = config["ring"]

    n = int(lin.attrs["N"])
    lam = lin["eigenvalue"].values
    top = lam[:2]
    rel = float(np.max(np.abs(top - n / 2)) / (n / 2))
    rest = float(np.max(np.abs(lam[2:]))) if n > 2 else 0.0
    g1 = lin.sel(gain=1.0) if 1.0 in lin["gain"].values else None
    heights = []
    for i, g in enumerate(lin["gain"].values):
        h = lin["height"].isel(gain=i)
        ratio = (h.isel(time=-1) / h.isel(time=0)).values
        expect = float(theory.linear_height(1.0, g, lin["time"].values[-1], lin.attrs["tau_s"]))
        heights.append({"gain": float(g), "final_over_initial_min": _num(ratio.min(), 6),
                        "final_over_initial_max": _num(ratio.max(), 6),
                        "theory": _num(expect, 6),
                        "max_rel_deviation": roundoff(np.max(np.abs(ratio / expect - 1)))})
    off = lin["off_ring_norm"]
    kept = (lin["perturbed_height"].isel(time=-1) / lin["amplitude"]).values
    linear = {
        "N": n, "duration_s": _num(lin["time"].values[-1], 4),
        "fixed_point_max_relative_change": None if g1 is None else
        roundoff(g1["max_relative_change"].max()),
        "fixed_point_tolerance": FIXED_POINT_TOL,
        "phases": int(lin.sizes["phase"]), "amplitudes_hz": [float(a) for a in lin["amplitude"].values],
        "heights": heights,
        "perturbed_off_ring_tau_ms": [_num(x, 4) for x in _decay_times(off)],
        "tau_ms": lin.attrs["tau_s"] * 1000,
        "perturbed_height_kept": [_num(x, 4) for x in kept],
        "perturbation": lin.attrs["perturbation"],
    }
    linear["pass"] = (linear["fixed_point_max_relative_change"] is not None
                      and linear["fixed_point_max_relative_change"] <= FIXED_POINT_TOL
                      and all(h["max_rel_deviation"] <= 1e-6 for h in heights))
    spectrum = {"N": n, "top_two": [float(x) for x in top], "expected": n / 2,
                "max_abs_rest": roundoff(rest),
                "top_two_max_rel_error": roundoff(rel),
                "tolerance_top_two_rel": SPECTRUM_REL_TOL,
                "tolerance_rest": SPECTRUM_REST_TOL * n,
                "eigenvector_max_deviation": roundoff(lin.attrs["eigenvector_deviation"]),
                "pass": rel <= SPECTRUM_REL_TOL and rest <= SPECTRUM_REST_TOL * n}

    hold = b["hold_heading"].values
    drift = float(hold[-1] - hold[0])
    width_err = np.abs(b["width"] - b["theory_width"]).values
    peak_rel = np.abs(b["peak"] / b["theory_peak"] - 1).values
    dt_change = np.abs(b["width_half_dt"] - b["width"]).values
    bump = {
        "duration_s": _num(b["time"].values[-1], 3), "drift_deg": _num(drift, 4),
        "width_deg": _num(b.attrs["width_end_deg"], 3),
        "width_theory_deg": _num(b.attrs["theory_width_deg"], 3),
        "width_error_deg": _num(abs(b.attrs["width_end_deg"] - b.attrs["theory_width_deg"]), 4),
        "peak_hz": _num(b.attrs["peak_end_hz"], 3), "peak_theory_hz": _num(b.attrs["theory_peak_hz"], 3),
        "amplitude_theory_hz": _num(b.attrs["theory_amplitude_hz"], 3),
        "N": int(b.attrs["N"]), "heading_deg": b.attrs["heading_deg"],
        "lattice_spacing_deg": 360 / int(b.attrs["N"]),
        "sweep": {"excitation": [float(x) for x in b["excitation"].values],
                  "inhibition": [float(x) for x in b["inhibition"].values],
                  "width_deg": [[_num(x, 3) for x in row] for row in b["width"].values],
                  "width_theory_deg": [[_num(x, 3) for x in row] for row in b["theory_width"].values],
                  "peak_hz": [[_num(x, 3) for x in row] for row in b["peak"].values],
                  "peak_theory_hz": [[_num(x, 3) for x in row] for row in b["theory_peak"].values],
                  "max_width_error_deg": _num(width_err.max(), 4),
                  "max_peak_rel_error": _num(peak_rel.max(), 5)},
        "dt_halving_max_width_change_deg": roundoff(dt_change.max()),
        "dt_halving_tolerance_deg": DT_WIDTH_TOL_DEG,
        "relaxed_peaks_hz": [_num(x, 3) for x in b["relax_peak"].isel(time_relax=-1).values],
        "height_factors": [float(x) for x in b["factor"].values],
        "tolerances": {"drift_deg": DRIFT_MAX_DEG, "width_deg": WIDTH_TOL_DEG,
                       "hold_min_s": HOLD_MIN_S},
    }
    bump["pass_hold"] = abs(drift) < DRIFT_MAX_DEG and bump["duration_s"] >= HOLD_MIN_S
    bump["pass_width"] = (bump["width_error_deg"] <= WIDTH_TOL_DEG
                          and bump["sweep"]["max_width_error_deg"] <= WIDTH_TOL_DEG)
    bump["pass_dt"] = bool(dt_change.max() < DT_WIDTH_TOL_DEG)

    speeds = cal["speed"].values
    calib = {"slope": _num(cal.attrs["slope_deg_s"], 4), "slope_units": "deg/s per unit γ",
             "intercept_deg_s": _num(cal.attrs["intercept_deg_s"], 6),
             "r2": float(f"{cal.attrs['r2']:.10f}"),
             "range": [_num(speeds.min(), 2), _num(speeds.max(), 2)], "range_units": "deg/s",
             "gamma_range": [_num(cal["gamma"].values.min(), 5), _num(cal["gamma"].values.max(), 5)],
             "points": int(cal.sizes["gamma"]),
             "slope_theory": _num(cal.attrs["theory_slope_deg_s"], 4),
             "slope_theory_scheme": _num(cal.attrs["theory_slope_scheme_deg_s"], 4),
             "slope_rel_error_vs_scheme": float(
                 f"{cal.attrs['slope_deg_s'] / cal.attrs['theory_slope_scheme_deg_s'] - 1:.3g}"),
             "max_abs_residual_deg_s": _num(cal.attrs["max_abs_residual_deg_s"], 5),
             "r2_min": R2_MIN}
    calib["pass"] = calib["r2"] >= R2_MIN

    err = tr["error"].values  # (time, run)
    rms = np.sqrt(np.mean(err**2, axis=0))
    noisy_pooled = float(np.sqrt(np.mean(err[:, 1:] ** 2)))
    tb = theory.bump(b.attrs["excitation_J_E"], b.attrs["inhibition_J_I"], b.attrs["drive_I0_hz"])
    d_track = float(theory.diffusion_coefficient(tr.attrs["N"], tr.attrs["sigma_hz"],
                                                 tr.attrs["tau_s"], b.attrs["excitation_J_E"],
                                                 tb["amplitude"])) \
        * theory.scheme_noise_factor(tr.attrs["tau_s"], tr.attrs["dt_s"]) * math.degrees(1) ** 2
    duration = float(tr["time"].values[-1])
    tracking = {"duration_s": _num(duration, 3),
                "max_speed_deg_s": _num(tr.attrs["max_abs_angular_velocity_deg_s"], 2),
                "speed_bound_deg_s": tr.attrs["max_speed_deg_s"],
                "rms_error_deg": _num(rms[0], 4), "rms_error_noisy_deg": _num(noisy_pooled, 3),
                "rms_error_noisy_trials_deg": [_num(x, 3) for x in rms[1:]],
                "max_abs_error_deg": _num(np.abs(err[:, 0]).max(), 4),
                "noise_hz": tr.attrs["sigma_hz"], "N": int(tr.attrs["N"]),
                "correlation_s": tr.attrs["correlation_s"],
                "noisy_rms_expected_deg": _num(math.sqrt(d_track * duration), 2),
                "D_theory_deg2_s": _num(d_track, 3),
                "within_calibrated_range": bool(tr.attrs["max_abs_angular_velocity_deg_s"]
                                                <= max(abs(speeds.min()), speeds.max())),
                "rms_max_deg": RMS_MAX_DEG}
    tracking["pass"] = tracking["rms_error_deg"] <= RMS_MAX_DEG

    ns = [int(x) for x in dif["N"].values]
    ds = dif["D"].values
    slope = dif.attrs["loglog_slope"]
    diffusion = {"N": ns, "D": [_num(x, 4) for x in ds], "D_units": "deg²/s",
                 "D_low": [_num(x, 4) for x in dif["D_low"].values],
                 "D_high": [_num(x, 4) for x in dif["D_high"].values],
                 "D_theory": [_num(x, 4) for x in dif["theory_D"].values],
                 "D_theory_scheme": [_num(x, 4) for x in dif["theory_D_scheme"].values],
                 "D_over_theory_scheme": [_num(x, 3) for x in ds / dif["theory_D_scheme"].values],
                 "theory_inside_ci": [bool(lo <= t <= hi) for lo, t, hi in zip(
                     dif["D_low"].values, dif["theory_D_scheme"].values, dif["D_high"].values)],
                 "loglog_slope": _num(slope, 4),
                 "loglog_slope_ci": [_num(dif.attrs["loglog_slope_low"], 4),
                                     _num(dif.attrs["loglog_slope_high"], 4)],
                 "expected_slope": -1.0, "slope_tolerance": SLOPE_TOL,
                 "falls_with_N": bool(np.all(np.diff(ds) < 0)),
                 "noise_hz": dif.attrs["sigma_hz"], "trials": dif.attrs["trials"],
                 "duration_s": dif.attrs["duration_s"], "fit_from_s": dif.attrs["fit_from_s"],
                 "max_lag_s": dif.attrs["max_lag_s"]}
    diffusion["pass"] = bool(diffusion["falls_with_N"] and abs(slope + 1) <= SLOPE_TOL)

    moved = np.abs(het["heading"].isel(time=-1) - het["heading"].isel(time=0))
    pred = np.abs(het["theory_displacement"])
    grid, field = het["heading_grid"].values, het["theory_drift_per_epsilon"].values
    crossings = int(np.sum((field > 0) & (np.roll(field, -1) <= 0)))
    heterogeneity = {"epsilon": [float(x) for x in het["epsilon"].values],
                     "duration_s": het.attrs["duration_s"], "starts": int(het.sizes["start"]),
                     "mean_drift_deg": [_num(x, 3) for x in moved.mean("start").values],
                     "max_drift_deg": [_num(x, 3) for x in moved.max("start").values],
                     "theory_mean_drift_deg": [_num(x, 3) for x in pred.mean("start").values],
                     "rms_drift_speed_per_epsilon_deg_s": _num(np.sqrt(np.mean(field**2)), 3),
                     "stable_points": crossings, "N": int(het.attrs["N"]),
                     "grid_points": int(grid.size)}

    conditions = {"hold_s": bump["duration_s"] >= HOLD_MIN_S,
                  "tracking_s": duration >= TRACK_MIN_S - 1e-9,
                  "tracking_speed": tr.attrs["max_speed_deg_s"] >= TRACK_SPEED_DEG_S,
                  "diffusion_span": max(ns) / min(ns) >= N_SPAN_MIN}
    total = sum(r["s"] for r in benchmarks)
    sidecar = {
        "spectrum": spectrum, "linear": linear, "bump": bump, "speed_calibration": calib,
        "tracking": tracking, "diffusion": diffusion, "heterogeneity": heterogeneity,
        "conditions_met": all(conditions.values()), "conditions": conditions,
        "model": {"tau_ms": cfg["tau_ms"], "dt_ms": cfg["dt_ms"], **cfg["network"],
                  "noise_hz": cfg["noise_hz"]},
        "timing": {"jobs": [{**r, "s": round(r["s"], 2)} for r in benchmarks],
                   "total_s": round(total, 1)},
        "run": provenance(tr, config, total, "ring"),
        "title": "Ring attractor for head direction: spectrum, a stable bump, path integration",
    }
    sidecar["headlines"] = headlines(sidecar)
    return render("ring", sidecar, md_path, json_path,
                  figures=figures,
                  section="ring", limits={"hold": HOLD_MIN_S, "track_s": TRACK_MIN_S,
                                          "track_speed": TRACK_SPEED_DEG_S, "span": N_SPAN_MIN})
