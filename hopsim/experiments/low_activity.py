"""Low-activity Hopfield model: capacity α_c(a) and the overlap map F̂ (Gerstner week 6, §6.4;
Tsodyks & Feigel'man 1988).

Capacity: for each activity a, pattern sets of P_max sparse patterns (exactly round(aN) active
units each) are drawn per trial; the load α uses the first P = round(αN) of them (nested sets:
the weights grow pattern by pattern, so a whole α sweep costs one N² P_max product). Runs start
at stored patterns 0..starts−1 under async threshold dynamics with covariance weights (b = a).
A start is retrieved when its final overlap m = c Σ_j (ξ_j − a) σ_j is at least
`retrieved_overlap`, and α_c is where the retrieved fraction crosses ½ — the criterion and
definition of the binary capacity report. The threshold is θ*(a), the one that maximises the
theory's capacity under that same criterion (`load_grid`); the loads sit around that capacity.

Overlap map: parallel stochastic updates from states with overlap m(0) with pattern 0, beside the
iterates of m(t+1) = F̂(m(t)) (`dynamics.low_activity.overlap_map`).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import seeds
from ..config import n_patterns
from ..dynamics import low_activity as dyn
from ..dynamics.binary import CAPPED
from ..patterns import active_units, sparse_patterns
from ..progress import track
from ..theory import low_activity as theory
from .capacity import bootstrap_crossing

EXPERIMENT = "low_activity"


def load_grid(activity: float, threshold: float | str, fractions: list[float],
              retrieved_overlap: float, n: int) -> tuple[float, list[float]]:
    """(θ, loads): θ as given, or 'optimal' — θ*(a) that maximises the theory's capacity under the
    report's retrieval criterion (m ≥ retrieved_overlap); loads at `fractions` of that capacity
    α_c^theory(a, θ), rounded to 4 digits, one per distinct P."""
    a_eff = active_units(activity, n) / n
    if threshold == "optimal":
        theta = theory.optimal_threshold(a_eff, min_overlap=retrieved_overlap)[0]
    else:
        theta = float(threshold)
    ac = theory.critical_load(a_eff, theta, min_overlap=retrieved_overlap)[0]
    if not np.isfinite(ac):
        raise ValueError(f"low_activity.threshold = {threshold}: at a = {activity} the theory has "
                         f"no retrieval state with m ≥ {retrieved_overlap}; use 'optimal'")
    loads, seen = [], set()
    for f in sorted(fractions):
        al = round(f * ac, 4)
        if n_patterns(al, n) not in seen and n_patterns(al, n) >= 1:
            seen.add(n_patterns(al, n))
            loads.append(al)
    return theta, loads


def _patterns(seed: int, n: int, activity: float, trial: int, count: int) -> np.ndarray:
    key = seeds.spawn_key(EXPERIMENT, "patterns", n, seeds.value_key(activity), trial)
    return sparse_patterns(seeds.rng(seed, key), count, n, activity)


def capacity_runs(seed: int, n: int, activity: float, alphas: list[float], trials: int,
                  starts: int, threshold: float, max_sweeps: int, b: float | None = None,
                  progress: bool = False) -> xr.Dataset:
    """Async retrieval from stored patterns for one activity a over the loads `alphas` (ascending)."""
    a_eff = active_units(activity, n) / n  # the actual activity of every pattern
    b_eff = a_eff if b is None else b
    ps = [n_patterns(al, n) for al in alphas]
    if ps != sorted(ps) or ps[0] < 1:
        raise ValueError(f"loads must be ascending and store ≥ 1 pattern, got P = {ps}")
    shape = (len(alphas), trials, starts)
    final_m = np.full(shape, np.nan)
    final_q = np.full(shape, np.nan)
    sweeps = np.zeros(shape, dtype=np.int32)
    status = np.full(shape, -1, dtype=np.int8)
    for t in track(range(trials), f"low-activity capacity a={activity:g} N={n} (pattern set, "
                   f"{len(alphas)} loads each)", enabled=progress):
        x = _patterns(seed, n, activity, t, ps[-1])
        counts = np.zeros((n, n))
        usage = np.zeros(n)
        stored = 0
        for i, (al, p) in enumerate(zip(alphas, ps)):
            new_counts, new_usage = dyn.pattern_counts(x[stored:p])
            counts += new_counts
            usage += new_usage
            stored = p
            w = dyn.covariance_from_counts(counts, usage, p, a_eff, b_eff)
            s = min(starts, p)
            key = seeds.spawn_key(EXPERIMENT, "order", n, seeds.value_key(activity),
                                  seeds.value_key(al), t)
            final, sw, st, _ = dyn.relax_async(w, x[:s], seeds.stream_seeds(seed, key, s),
                                               threshold, max_sweeps)
            final_m[i, t, :s] = dyn.overlaps(x[:s], final, a_eff)[np.arange(s), np.arange(s)]
            final_q[i, t, :s] = final.mean(axis=1) / a_eff
            sweeps[i, t, :s], status[i, t, :s] = sw, st
    dims = ("alpha", "trial", "pattern")
    return xr.Dataset(
        {
            "final_overlap": (dims, final_m, {"long_name": "overlap m = c Σ_j (ξ_j − a) σ_j of "
                                              "the end state with its start pattern", "units": "1"}),
            "final_activity": (dims, final_q, {"long_name": "active fraction of the end state "
                                               "over the pattern's activity a", "units": "1"}),
            "sweeps": (dims, sweeps, {"long_name": "async sweeps taken", "units": "1"}),
            "status": (dims, status, {"long_name": "0 fixed point, 2 hit the sweep cap, "
                                      "−1 no such start (P < starts)"}),
        },
        coords={
            "activity": ((), activity, {"long_name": "nominal pattern activity a"}),
            "alpha": ("alpha", np.asarray(alphas, float), {"long_name": "nominal load α"}),
            "load": ("alpha", np.asarray(ps) / n, {"long_name": "actual load P/N"}),
            "n_patterns": ("alpha", np.asarray(ps), {"long_name": "stored patterns P"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "pattern": ("pattern", np.arange(starts), {"long_name": "start pattern μ"}),
        },
        attrs={"N": n, "activity_actual": a_eff, "b": b_eff, "threshold": threshold,
               "max_sweeps": max_sweeps},
    )


def analyse_capacity(runs: list[xr.Dataset], seed: int, retrieved_overlap: float,
                     n_boot: int, theory_points: int = 15) -> xr.Dataset:
    """Retrieved fraction vs α and α_c(a) with a bootstrap interval, beside the theory's α_c at
    the same θ and the Tsodyks–Feigel'man asymptote."""
    rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "bootstrap"))
    acts = [float(r["activity"]) for r in runs]
    rows = {k: [] for k in ("alpha_c", "ci_low", "ci_high", "theory", "theory_m", "capped",
                            "undefined")}
    curves = []
    for r in runs:
        valid = r["status"] >= 0
        hits = ((r["final_overlap"] >= retrieved_overlap) & valid).sum("pattern").values
        counts = valid.sum("pattern").values
        loads = r["load"].values
        frac = hits.sum(axis=1) / counts.sum(axis=1)
        est, lo, hi, undefined = bootstrap_crossing(loads, hits, counts, rng, n_boot)
        ac_th, m_th = theory.critical_load(float(r.attrs["activity_actual"]),
                                           float(r.attrs["threshold"]), float(r.attrs["b"]),
                                           retrieved_overlap)
        for k, v in zip(rows, (est, lo, hi, ac_th, m_th,
                               float((r["status"] == CAPPED).sum() / valid.sum()), undefined)):
            rows[k].append(v)
        curves.append((frac, r["final_overlap"].mean(["trial", "pattern"]).values,
                       r["final_activity"].mean(["trial", "pattern"]).values, loads))
    # α grids differ per activity: each curve on its own index ('point'), NaN-padded.
    idx = np.arange(max(c[0].size for c in curves))
    curve = np.full((4, len(runs), idx.size), np.nan)
    for i, c in enumerate(curves):
        for k in range(4):
            curve[k, i, :c[k].size] = c[k]
    n = runs[0].attrs["N"]
    grid = np.geomspace(0.01, 0.5, theory_points)
    curve_crit = [theory.optimal_threshold(a, min_overlap=retrieved_overlap)[1] for a in grid]
    curve_fold = [theory.optimal_threshold(a)[1] for a in grid]
    return xr.Dataset(
        {
            "retrieved_fraction": (("activity", "point"), curve[0],
                                   {"long_name": f"fraction of starts with final m ≥ "
                                                 f"{retrieved_overlap}", "units": "1"}),
            "mean_overlap": (("activity", "point"), curve[1],
                             {"long_name": "mean final overlap m", "units": "1"}),
            "mean_activity": (("activity", "point"), curve[2],
                              {"long_name": "mean active fraction of the end states over a",
                               "units": "1"}),
            "alpha_c": ("activity", rows["alpha_c"],
                        {"long_name": "α_c(a): load where the retrieved fraction crosses ½"}),
            "alpha_c_low": ("activity", rows["ci_low"], {"long_name": "α_c 2.5 % bootstrap"}),
            "alpha_c_high": ("activity", rows["ci_high"], {"long_name": "α_c 97.5 % bootstrap"}),
            "alpha_c_undefined": ("activity", rows["undefined"],
                                  {"long_name": "fraction of bootstrap replicates without a "
                                                "crossing of ½", "units": "1"}),
            "theory_alpha_c": ("activity", rows["theory"],
                               {"long_name": "α_c of the signal-to-noise theory at the same θ "
                                             "(theory.low_activity)"}),
            "theory_overlap_at_alpha_c": ("activity", rows["theory_m"],
                                          {"long_name": "theory's overlap at its α_c",
                                           "units": "1"}),
            "asymptote": ("activity", theory.tsodyks_feigelman(np.asarray(acts)),
                          {"long_name": "Tsodyks–Feigel'man 1/(2a ln(1/a))"}),
            "capped_fraction": ("activity", rows["capped"],
                                {"long_name": "fraction of runs stopped by the sweep cap",
                                 "units": "1"}),
            "threshold": ("activity", [float(r.attrs["threshold"]) for r in runs],
                          {"long_name": "threshold θ"}),
            "theory_curve": ("activity_grid", curve_crit,
                             {"long_name": f"theory α_c(a) with m ≥ {retrieved_overlap}, at the "
                                           "best θ for each a"}),
            "theory_curve_fold": ("activity_grid", curve_fold,
                                  {"long_name": "theory α_c(a) at the fold of the retrieval "
                                                "branch, at the best θ for each a"}),
        },
        coords={
            "activity": ("activity", acts, {"long_name": "pattern activity a"}),
            "point": ("point", idx, {"long_name": "index on each activity's load grid"}),
            "activity_grid": ("activity_grid", grid, {"long_name": "activity a (theory curves)"}),
            "load": (("activity", "point"), curve[3],
                     {"long_name": "actual load P/N"}),
        },
        attrs={"N": n, "retrieved_overlap": retrieved_overlap, "b": "a (covariance rule)"},
    )


def overlap_map_runs(seed: int, n: int, activity: float, alpha: float, b: float | None,
                     threshold: float, temperature: float, m0: list[float], steps: int,
                     trials: int) -> xr.Dataset:
    """Parallel stochastic updates from states with overlap m(0) with pattern 0, beside F̂'s
    iterates. A start has the activity a and, up to rounding to whole units, the overlap m(0):
    of the pattern's K active units round((m0 + (1 − m0) a) K) are on, of the others
    round((1 − m0) a (N − K)) (so p1 − p0 = m0), chosen at random."""
    a_eff = active_units(activity, n) / n
    b_eff = a_eff if b is None else b
    p = max(n_patterns(alpha, n), 1)
    sim = np.empty((len(m0), trials, steps + 1))
    for t in range(trials):
        x = _patterns(seed, n, activity, t, p)
        rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "noise", n, seeds.value_key(activity),
                                              seeds.value_key(b_eff), t))
        inside, outside = np.flatnonzero(x[0]), np.flatnonzero(x[0] == 0)
        start = np.zeros((len(m0), n), dtype=np.int8)
        for j, m in enumerate(m0):
            on_in = int(round((m + (1 - m) * a_eff) * inside.size))
            on_out = int(round((1 - m) * a_eff * outside.size))
            start[j, rng.choice(inside, on_in, replace=False)] = 1
            start[j, rng.choice(outside, on_out, replace=False)] = 1
        _, m = dyn.parallel_glauber(x, start, a_eff, b_eff, threshold, temperature, steps, rng)
        sim[:, t] = m[:, :, 0]
    iterates = np.empty((len(m0), steps + 1))
    iterates[:, 0] = m0
    for k in range(steps):
        iterates[:, k + 1] = dyn.overlap_map(iterates[:, k], b_eff, threshold, temperature)
    return xr.Dataset(
        {
            "simulated": (("m0", "trial", "step"), sim,
                          {"long_name": "overlap m(t) with pattern 0, parallel stochastic "
                                        "updates", "units": "1"}),
            "map_iterates": (("m0", "step"), iterates,
                             {"long_name": "iterates of m(t+1) = F̂(m(t))", "units": "1"}),
        },
        coords={
            "m0": ("m0", np.asarray(m0, float), {"long_name": "initial overlap m(0)"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "step": ("step", np.arange(steps + 1), {"long_name": "parallel update",
                                                    "units": "1"}),
        },
        attrs={"N": n, "activity": activity, "activity_actual": a_eff, "b": b_eff, "P": p,
               "threshold": threshold, "temperature": temperature},
    )
