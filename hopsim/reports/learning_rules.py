"""The learning-rules report (issue 8): perceptron α_c(κ) beside Gardner, the capacity of each
rule under one criterion, pseudo-inverse fixed points, decorrelation, the modern update, basins of
attraction per rule and κ, the three regimes of the modern update. Sidecar keys `perceptron`,
`alpha_c_by_rule`, `pseudo_inverse_fixed_points`, `modern`, `decorrelation`, `dense` are the
contract of issue 8, `basins`, `basin_half_points`, `modern_regimes` and `headlines` (one entry per
acceptance point, the shared contract) were added after it; the judgements are computed from the
data here and rendered by the template."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .common import _num, headline, provenance, render

TITLE = "Learning rules beyond Hebb: perceptron, Storkey, pseudo-inverse, decorrelation, modern Hopfield"
GARDNER_TOL = 0.10          # issue 8: α_c(κ) within 10 % of Gardner (κ = 0 and 0.5)
GARDNER_KAPPAS = (0.0, 0.5)
PERCEPTRON_N_MIN = 500      # issue 8: N ≥ 500
STORKEY_RATIO_MIN = 2.0     # issue 8: Storkey's α_c ≥ 2× Hebb's at N = 1000
RULES_N = 1000
PINV_LOADS = (0.5, 0.9)     # issue 8: every stored pattern a fixed point at α = 0.5 and 0.9
DECOR_HEBB_MAX = 0.5        # issue 8: plain Hebb retrieves < ½ of the biased patterns ...
DECOR_MIN = 0.9             # ... and the decorrelated rule ≥ 90 %
MODERN_MIN = 0.99           # issue 8: ≥ 99 % of trials retrieved (overlap ≥ 0.99) in one update
MODERN_CONDITIONS = {"N": 64, "P": 10000, "flip": 0.1}
DENSE_SLOPE_TOL = 0.3       # issue 8: log-log slope of P_c(N) within ±0.3 of n − 1 (n = 2, 3)
DENSE_DEGREES = (2, 3)
NOT_MEASURED: list[str] = []


def _k(x: float) -> str:
    return f"{x:g}"


def _basins(basins: xr.Dataset) -> tuple[dict, dict, dict]:
    """{curve: {flip: probability}}, {curve: half-point flip}, and the settings of the run."""
    prob = {str(c): {_k(f): _num(v, 4) for f, v in zip(basins["flip"].values,
                                                       basins["probability"].sel(curve=c).values)}
            for c in basins["curve"].values}
    half = {str(c): _num(basins["half_point"].sel(curve=c), 4) for c in basins["curve"].values}
    solved = {str(c): _num(v, 4) for c, v in zip(basins["curve"].values,
                                                  basins["solved_fraction"].values) if np.isfinite(v)}
    settings = {"N": int(basins.attrs["N"]), "alpha": float(basins.attrs["alpha"]),
                "loads": {str(c): _num(ld, 4) for c, ld in zip(basins["curve"].values,
                                                                basins["load"].values)},
                "trials": int(basins.attrs["trials"]),
                "cues_per_flip": {str(c): int(v) for c, v in zip(basins["curve"].values,
                                                                 basins["cues"].values)},
                "perceptron_solved_fraction": solved, "max_epochs": int(basins.attrs["max_epochs"]),
                "max_steps": int(basins.attrs["max_steps"]),
                "retrieved_overlap": float(basins.attrs["retrieved_overlap"])}
    return prob, half, settings


def _regimes(runs: xr.Dataset) -> dict:
    """Per β the fraction of cues in each regime, the median effective number of patterns and
    the mean overlap; per regime the β range (grid points where it holds the majority of cues)."""
    from ..experiments.learning_rules import modern_regimes

    reg = modern_regimes(runs)
    betas = reg["beta"].values
    by_beta = {}
    for k, b in enumerate(betas):
        by_beta[_k(b)] = {str(r): _num(reg["fraction"].values[i, k], 3)
                          for i, r in enumerate(reg["regime"].values)}
        by_beta[_k(b)].update(median_effective_patterns=_num(reg["median_effective_patterns"][k], 2),
                              mean_overlap=_num(reg["mean_overlap"][k], 4),
                              median_distance_to_cluster=_num(
                                  runs["distance_to_cluster"].median("trial")[k], 4),
                              median_distance_to_mean=_num(
                                  runs["distance_to_mean"].median("trial")[k], 4))
    ranges = {}
    for i, r in enumerate(reg["regime"].values):
        major = betas[reg["fraction"].values[i] > 0.5]
        ranges[str(r)] = [float(major.min()), float(major.max())] if major.size else None
    meta = reg["median_effective_patterns"].values[reg["fraction"].values[1] > 0.5]
    top = runs.isel(beta=-1)
    other = (top["effective_patterns"] < 2).values & (top["overlap"] < 0.99).values
    return {"N": int(runs.attrs["N"]), "P": int(runs.attrs["P"]),
            "clusters": int(runs.attrs["clusters"]), "cluster_size": int(runs.attrs["cluster_size"]),
            "within_flip": float(runs.attrs["within_flip"]), "cue_flip": float(runs.attrs["cue_flip"]),
            "cues": int(runs.sizes["trial"]), "max_updates": int(runs.attrs["max_updates"]),
            "converged_fraction": _num(runs["converged"].mean(), 4),
            # at the largest β: cues whose single-pattern fixed point is not the cued pattern
            "largest_beta": float(top["beta"]),
            "largest_beta_other_pattern_fraction": _num(other.mean(), 4),
            "largest_beta_other_pattern_overlaps": sorted({_num(v, 4) for v in top["overlap"].values[other]}),
            "beta_ranges": ranges,
            "metastable_effective_patterns": ([_num(meta.min(), 2), _num(meta.max(), 2)]
                                              if meta.size else None),
            "by_beta": by_beta}


def _headlines(perceptron, ratio, by_rule, pinv, decorrelation, modern, dense) -> list[dict]:
    """One entry per acceptance point of issue 8, from the numbers the report prints."""
    out = []
    tol = f"±{100 * GARDNER_TOL:.0f} %"
    for k in GARDNER_KAPPAS:
        r = perceptron.get(_k(k))
        if r:
            out.append(headline(f"perceptron α_c(κ = {_k(k)}), N = {r['N']}", r["alpha_c"],
                                 r["gardner"], tol, r["pass"], "Perceptron capacity α_c(κ)"))
    for a in PINV_LOADS:
        f = pinv.get(_k(a))
        out.append(headline(f"pseudo-inverse: stored patterns that are fixed points, α = {_k(a)}",
                             f, 1.0, "= 100 %", None if f is None else f == 1, "Capacity by rule"))
    out.append(headline("Storkey α_c / Hebb α_c, N = 1000",
                         ratio["estimate"] if ratio else None, None, f"≥ {STORKEY_RATIO_MIN:g}",
                         ratio["pass"] if ratio else None, "Capacity by rule"))
    d = decorrelation
    out.append(headline(f"biased patterns (b = {d['pattern_bias']}): retrieved by Hebb",
                         d["hebb_retrieved"], None, f"< {100 * DECOR_HEBB_MAX:.0f} %",
                         d["hebb_retrieved"] < DECOR_HEBB_MAX, "Decorrelated rule on biased patterns"))
    out.append(headline(f"biased patterns (b = {d['pattern_bias']}): retrieved by the decorrelated rule",
                         d["decorrelated_retrieved"], None, f"≥ {100 * DECOR_MIN:.0f} %",
                         d["decorrelated_retrieved"] >= DECOR_MIN,
                         "Decorrelated rule on biased patterns"))
    for n in DENSE_DEGREES:
        r = dense.get(str(n))
        if r:
            out.append(headline(f"dense memory n = {n}: slope of ln P_c vs ln N", r["slope"],
                                 r["expected"], f"±{DENSE_SLOPE_TOL}", r["pass"],
                                 "Dense associative memory"))
    out.append(headline(f"modern Hopfield N = {modern['N']}, P = {modern['P']}: one-update success "
                         f"at β = {modern['beta']:g}", modern["success_fraction"], None,
                         f"≥ {100 * MODERN_MIN:.0f} %", modern["pass"], "Modern Hopfield update"))
    return out


def learning_rules_report(perc: xr.Dataset, rules: xr.Dataset, dense: xr.Dataset, decor: xr.Dataset,
                          modern: xr.Dataset, basins: xr.Dataset, regimes: xr.Dataset, config: dict,
                          runtime: float, figures: dict, md_path: str, json_path: str) -> dict:
    n_perc, n_rules = int(perc.attrs["N"]), int(rules.attrs["N"])
    perceptron = {}
    for i, k in enumerate(perc["kappa"].values):
        row = perc.isel(kappa=i)
        est, g = _num(row["alpha_c"], 4), float(row["gardner"])
        rel = None if est is None else _num((est - g) / g, 4)
        perceptron[_k(k)] = {
            "alpha_c": est, "gardner": _num(g, 4), "N": n_perc, "epochs": int(perc.attrs["max_epochs"]),
            "trials": int(perc.attrs["trials"]), "relative_error": rel,
            "judged": float(k) in GARDNER_KAPPAS,
            "pass": rel is not None and abs(rel) <= GARDNER_TOL,
            "loads": [_num(x, 4) for x in row["load"].values if np.isfinite(x)],
            "solved_fraction": [_num(x, 4) for x, ld in zip(row["solved_fraction"].values,
                                                            row["load"].values) if np.isfinite(ld)],
            "retrieved_fraction": [_num(x, 4) for x, ld in zip(row["retrieved_fraction"].values,
                                                               row["load"].values) if np.isfinite(ld)],
            "fixed_point_fraction": [_num(x, 4) for x, ld in zip(row["fixed_point_fraction"].values,
                                                                 row["load"].values) if np.isfinite(ld)],
            "alpha_c_retrieved": _num(row["alpha_c_retrieved"], 4),
        }
        r = perceptron[_k(k)]
        r["retrieved_equals_fixed"] = r["retrieved_fraction"] == r["fixed_point_fraction"]

    by_rule = {}
    curves = {}
    for i, r in enumerate(rules["rule"].values):
        row = rules.isel(rule=i)
        ok = np.isfinite(row["load"].values)
        by_rule[str(r)] = {"estimate": _num(row["alpha_c"], 4), "N": n_rules,
                           "max_load": _num(row["max_load"], 4)}
        curves[str(r)] = {"loads": [_num(x, 4) for x in row["load"].values[ok]],
                          "retrieved": [_num(x, 4) for x in row["retrieved_fraction"].values[ok]],
                          "fixed": [_num(x, 4) for x in row["fixed_point_fraction"].values[ok]]}
    for k in GARDNER_KAPPAS:
        if _k(k) in perceptron:
            pk = perceptron[_k(k)]
            by_rule[f"perceptron_k{_k(k)}"] = {
                "estimate": pk["alpha_c_retrieved"], "N": n_perc,
                "max_load": max(pk["loads"]),
                "criterion": "the rule comparison's: ½-crossing of the fraction of stored patterns "
                             "whose sync run ends at m ≥ "
                             f"{rules.attrs['retrieved_overlap']}; weights learned with a cap of "
                             f"{perc.attrs['max_epochs']} epochs",
                "solved_fraction_crossing": pk["alpha_c"],
                "same_N_as_rules": n_perc == n_rules}
    ratio = None
    h, s = by_rule.get("hebb", {}).get("estimate"), by_rule.get("storkey", {}).get("estimate")
    if h and s:
        ratio = {"estimate": _num(s / h, 3), "required": STORKEY_RATIO_MIN, "N": n_rules,
                 "pass": s / h >= STORKEY_RATIO_MIN}

    pinv = {}
    if "pseudo_inverse" in curves:
        c = curves["pseudo_inverse"]
        for a in PINV_LOADS:
            hits = [f for ld, f in zip(c["loads"], c["fixed"]) if abs(ld - a) < 0.5 / n_rules + 1e-9]
            if hits:
                pinv[_k(a)] = hits[0]

    hebb_r = float((decor["final_overlap"].sel(rule="hebb") >= rules.attrs["retrieved_overlap"]).mean())
    dec_r = float((decor["final_overlap"].sel(rule="decorrelated")
                   >= rules.attrs["retrieved_overlap"]).mean())
    decorrelation = {"hebb_retrieved": _num(hebb_r, 4), "decorrelated_retrieved": _num(dec_r, 4),
                     "pattern_bias": float(decor.attrs["pattern_bias"]), "N": int(decor.attrs["N"]),
                     "alpha": float(decor.attrs["alpha"]), "P": int(decor.attrs["P"]),
                     "trials": int(decor.sizes["trial"]),
                     "pass": hebb_r < DECOR_HEBB_MAX and dec_r >= DECOR_MIN}

    mc = config["learning_rules"]["modern"]
    succ = (modern["overlap"] >= mc["success_overlap"]).mean("trial")
    beta = float(mc["beta_reported"])
    at = [j for j, b in enumerate(modern["beta"].values) if abs(b - beta) < 1e-12]
    sf = _num(succ.values[at[0]], 4) if at else None
    good = [float(b) for b, f in zip(modern["beta"].values, succ.values) if f >= MODERN_MIN]
    modern_out = {"N": int(modern.attrs["N"]), "P": int(modern.attrs["P"]),
                  "flip": float(modern.attrs["flip"]), "beta": beta, "success_fraction": sf,
                  "success_overlap": mc["success_overlap"], "cues": int(modern.sizes["trial"]),
                  "smallest_beta_passing": min(good) if good else None,
                  "by_beta": {_k(b): _num(f, 4) for b, f in zip(modern["beta"].values, succ.values)},
                  "pass": sf is not None and sf >= MODERN_MIN}

    dense_out = {}
    for i, d in enumerate(dense["degree"].values):
        slope = _num(dense["slope"].isel(degree=i), 3)
        ran = dense["measured"].isel(degree=i).values
        pc = dense["critical_patterns"].isel(degree=i).values[ran]
        dense_out[str(int(d))] = {
            "slope": slope, "expected": int(d) - 1, "N": [int(n) for n in dense["N"].values[ran]],
            "critical_patterns": [_num(x, 2) for x in pc], "judged": int(d) in DENSE_DEGREES,
            "pass": slope is not None and abs(slope - (int(d) - 1)) <= DENSE_SLOPE_TOL}

    basin_prob, basin_half, basin_settings = _basins(basins)
    regimes_out = _regimes(regimes)
    conditions = (n_perc >= PERCEPTRON_N_MIN and n_rules == RULES_N
                  and all(modern_out[k] == v for k, v in MODERN_CONDITIONS.items()))
    sidecar = {
        "title": TITLE,
        "perceptron": perceptron,
        "alpha_c_by_rule": by_rule,
        "storkey_over_hebb": ratio,
        "pseudo_inverse_fixed_points": pinv,
        "decorrelation": decorrelation,
        "modern": modern_out,
        "dense": dense_out,
        "dense_settings": {k: v for k, v in config["learning_rules"]["dense"].items() if k != "runs"},
        "not_measured": NOT_MEASURED,
        "rule_curves": curves,
        "retrieved_overlap": rules.attrs["retrieved_overlap"],
        "rules_max_steps": int(rules.attrs["max_steps"]),
        "rules_trials": int(rules.attrs["trials"]),
        "tolerances": {"gardner_relative": GARDNER_TOL, "storkey_over_hebb_min": STORKEY_RATIO_MIN,
                       "decorrelation_hebb_max": DECOR_HEBB_MAX, "decorrelation_min": DECOR_MIN,
                       "modern_min": MODERN_MIN, "dense_slope": DENSE_SLOPE_TOL},
        "conditions_met": conditions,
        "conditions": {"perceptron_N_min": PERCEPTRON_N_MIN, "rules_N": RULES_N,
                       "modern": MODERN_CONDITIONS},
        "basins": basin_prob,
        "basin_half_points": basin_half,
        "basin_settings": basin_settings,
        "modern_regimes": regimes_out,
        "headlines": _headlines(perceptron, ratio, by_rule, pinv, decorrelation, modern_out,
                                dense_out),
        "run": provenance(perc, config, runtime, "learning_rules"),
    }
    return render("learning_rules", sidecar, md_path, json_path,
                  figures=figures,
                  section="learning_rules", settings=config["learning_rules"],
                  gardner_kappas=[_k(k) for k in GARDNER_KAPPAS])
