"""Stochastic (Glauber) Hopfield model at temperature T: stationary retrieval overlap and the
overlap map (Gerstner week 6, section 6.2, exercise 1; Amit, Gutfreund & Sompolinsky 1987).

`stationary` runs async Glauber dynamics from stored patterns and averages the overlap with the
start pattern over the sweeps after a burn-in, per run; the theory beside it is the
replica-symmetric m(α, T) (`theory.ags_state`), at α → 0 the mean-field m = tanh(m/T).
`overlap_map` runs parallel updates from m(0) and records m(t) beside the iterates of
m(t+1) = tanh(m(t)/T). `graded_response` finds the fixed points of the deterministic
S_i = tanh(β h_i), which obey the same m = tanh(βm) at low load. `analyse_map` turns
`stationary` runs on an (α, T) grid into the retrieval map: the fraction of runs that still
retrieve their pattern at the end of the run, and the temperature where that fraction falls
below ½ beside the AGS boundary T_M(α). Pattern sets are drawn per (N, α, trial) from the seed,
so a result does not depend on which job computes it.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import numerics, seeds, theory
from ..config import n_patterns
from ..dynamics import glauber
from ..patterns import flip_bits, random_pattern_columns
from ..progress import track

EXPERIMENT = "stochastic"


def _columns(seed: int, n: int, alpha: float, trial: int) -> np.ndarray:
    key = seeds.spawn_key(EXPERIMENT, "patterns", n, seeds.value_key(alpha), trial)
    return random_pattern_columns(seeds.rng(seed, key), max(n_patterns(alpha, n), 1), n)


def stationary(seed: int, n: int, alphas: list[float], temperatures: list[float], trials: int,
               starts: int, sweeps: int, burn_in: int, progress: bool = False) -> xr.Dataset:
    """Time-averaged overlap ⟨m⟩ over sweeps burn_in+1 … sweeps of async Glauber runs started
    at stored patterns 0..starts−1, for each (α, T, trial, start), with the RS theory."""
    if not 0 <= burn_in < sweeps:
        raise ValueError(f"burn_in must lie in [0, sweeps), got {burn_in} with sweeps = {sweeps}")
    shape = (len(alphas), len(temperatures), trials, starts)
    mean = np.full(shape, np.nan)
    trace = np.full(shape + (sweeps + 1,), np.nan, dtype=np.float32)
    jobs = [(i, t) for i in range(len(alphas)) for t in range(trials)]
    for i, t in track(jobs, f"stochastic stationary N={n} (α, pattern set)", enabled=progress):
        a = alphas[i]
        cols = _columns(seed, n, a, t)
        s = min(starts, cols.shape[1])
        start = np.ascontiguousarray(cols[:, :s].T)
        for j, temp in enumerate(temperatures):
            key = (n, seeds.value_key(a), t, seeds.value_key(temp))
            order = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "order", *key), s)
            noise = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "noise", *key), s)
            _, m = glauber.glauber_async(cols, start, order, noise, temp, sweeps,
                                         record=range(s))
            own = m[np.arange(s), :, np.arange(s)]  # overlap of each run with its pattern
            trace[i, j, t, :s] = own
            mean[i, j, t, :s] = own[:, burn_in + 1:].mean(axis=1)
    rs = np.array([[theory.ags_state(a, temp)[0] if temp > 0 else theory.ags_overlap(a)
                    for temp in temperatures] for a in alphas])
    dims = ("alpha", "temperature", "trial", "pattern")
    return xr.Dataset(
        {
            "mean_overlap": (dims, mean, {"long_name": f"overlap with the start pattern, averaged "
                                          f"over sweeps {burn_in + 1}–{sweeps}", "units": "1"}),
            "overlap": (dims + ("step",), trace, {"long_name": "overlap with the start pattern "
                                                  "after each async sweep", "units": "1"}),
            "theory": (("alpha", "temperature"), rs,
                       {"long_name": "replica-symmetric retrieval overlap m(α, T) (AGS 1987)",
                        "units": "1"}),
        },
        coords={
            "alpha": ("alpha", np.asarray(alphas, float), {"long_name": "nominal load α"}),
            "temperature": ("temperature", np.asarray(temperatures, float),
                            {"long_name": "temperature T = 1/β", "units": "1"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "pattern": ("pattern", np.arange(starts), {"long_name": "start pattern μ"}),
            "step": ("step", np.arange(sweeps + 1), {"long_name": "async sweep", "units": "1"}),
            "n_patterns": ("alpha", [max(n_patterns(a, n), 1) for a in alphas],
                           {"long_name": "stored patterns P"}),
        },
        attrs={"N": n, "burn_in": burn_in},
    )


def overlap_map(seed: int, n: int, alpha: float, temperatures: list[float], m0: float,
                steps: int, trials: int) -> xr.Dataset:
    """Parallel Glauber updates from a state with overlap m0 with pattern 0 (a fraction
    (1 − m0)/2 of its bits flipped): simulated m(t) per trial beside the map's iterates."""
    sim = np.empty((len(temperatures), trials, steps + 1))
    iterates = np.empty((len(temperatures), steps + 1))
    for j, temp in enumerate(temperatures):
        iterates[j, 0] = m0
        for k in range(steps):
            iterates[j, k + 1] = np.tanh(iterates[j, k] / temp) if temp > 0 else np.sign(iterates[j, k])
        for t in range(trials):
            x = np.ascontiguousarray(_columns(seed, n, alpha, t).T)
            key = (n, seeds.value_key(alpha), t, seeds.value_key(temp))
            rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "map_noise", *key))
            start = flip_bits(x[:1], int(round((1 - m0) / 2 * n)), rng)
            _, m = glauber.glauber_parallel(x, start, rng, temp, steps)
            sim[j, t] = m[0, :, 0]
    return xr.Dataset(
        {
            "simulated": (("temperature", "trial", "step"), sim,
                          {"long_name": "overlap m(t) with pattern 0, parallel Glauber updates",
                           "units": "1"}),
            "map_iterates": (("temperature", "step"), iterates,
                    {"long_name": "iterates of m(t+1) = tanh(m(t)/T)", "units": "1"}),
        },
        coords={
            "temperature": ("temperature", np.asarray(temperatures, float),
                            {"long_name": "temperature T = 1/β", "units": "1"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "step": ("step", np.arange(steps + 1), {"long_name": "parallel update", "units": "1"}),
        },
        attrs={"N": n, "alpha": alpha, "P": max(n_patterns(alpha, n), 1), "m0": m0},
    )


def graded_response(seed: int, n: int, alpha: float, temperatures: list[float], trials: int,
                    steps: int) -> xr.Dataset:
    """Deterministic graded-response units S_i ← tanh(β h_i) in parallel from stored pattern 0 of
    each pattern set: the overlap after `steps` steps (the fixed point, once `change` is ~0)
    beside the mean-field solution m = tanh(m/T). T = 0 (no graded response) gives NaN.
    Also the length of the overlap vector (m_1 … m_P) and the largest eigenvalue of W: where the
    end state leaves pattern 0 near T_c it turns toward W's top eigenvector."""
    final = np.full((len(temperatures), trials), np.nan)
    norm = np.full((len(temperatures), trials), np.nan)
    change = np.full((len(temperatures), trials), np.nan)
    top = np.empty(trials)
    for t in range(trials):
        x = np.ascontiguousarray(_columns(seed, n, alpha, t).T)
        p = x.shape[0]
        xf = x.astype(np.float64)
        # W = (1/N) Xᵀ X − (P/N) I shares its nonzero spectrum with (1/N) X Xᵀ − P/N.
        top[t] = numerics.eigh(xf @ xf.T / n)[0][0] - p / n  # integer Gram matrix: exact product
        for j, temp in enumerate(temperatures):
            if temp <= 0:
                continue
            _, m = glauber.graded_response(x, xf[:1], temp, steps, record=range(p))
            final[j, t] = m[0, -1, 0]
            norm[j, t] = numerics.norm(m[0, -1])
            change[j, t] = np.abs(m[0, -1] - m[0, -2]).max()
    return xr.Dataset(
        {
            "overlap": (("temperature", "trial"), final,
                        {"long_name": f"overlap with pattern 0 after {steps} parallel "
                                      "graded-response steps S ← tanh(βh)", "units": "1"}),
            "overlap_norm": (("temperature", "trial"), norm,
                             {"long_name": "length (Σ_μ m_μ²)^½ of the overlap vector at the end",
                              "units": "1"}),
            "change": (("temperature", "trial"), change,
                       {"long_name": "largest |m_μ(last step) − m_μ(step before)|: 0 at a fixed "
                                     "point", "units": "1"}),
            "top_eigenvalue": ("trial", top, {"long_name": "largest eigenvalue of W (w_ii = 0)",
                                              "units": "1"}),
            "meanfield": ("temperature", [theory.meanfield_overlap(tp) for tp in temperatures],
                          {"long_name": "largest solution of m = tanh(m/T) (α → 0)",
                           "units": "1"}),
        },
        coords={
            "temperature": ("temperature", np.asarray(temperatures, float),
                            {"long_name": "temperature T = 1/β", "units": "1"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
        },
        attrs={"N": n, "alpha": alpha, "P": max(n_patterns(alpha, n), 1), "steps": steps},
    )


def retrieved(overlap: xr.DataArray, window: int, threshold: float) -> tuple[xr.DataArray, xr.DataArray]:
    """(still retrieving, valid run) per run: a run retrieves its pattern at the end when its
    overlap with it, averaged over the last `window` sweeps, is at least `threshold`."""
    if not 1 <= window < overlap.sizes["step"]:
        raise ValueError(f"window must lie in [1, {overlap.sizes['step'] - 1}], got {window}")
    late = overlap.isel(step=slice(-window, None)).mean("step")
    valid = late.notnull()
    return (late >= threshold) & valid, valid


def crossing_temperature(temperatures, fraction, level: float = 0.5) -> tuple[float, float, float]:
    """(T where `fraction` first falls below `level` along increasing T, by linear
    interpolation; the grid temperatures bracketing it). NaN if it never falls below `level`
    (or is below it already at the lowest T)."""
    temps, frac = np.asarray(temperatures, float), np.asarray(fraction, float)
    for k in range(1, len(temps)):
        if frac[k - 1] >= level > frac[k]:
            f0, f1 = frac[k - 1], frac[k]
            est = temps[k - 1] + (f0 - level) / (f0 - f1) * (temps[k] - temps[k - 1])
            return float(est), float(temps[k - 1]), float(temps[k])
        if frac[k - 1] < level:
            break
    return float("nan"), float("nan"), float("nan")


def analyse_map(parts: list[xr.Dataset], window: int, retrieved_overlap: float) -> xr.Dataset:
    """The (α, T) retrieval map from `stationary` runs (one dataset per α or several α each):
    per (α, T) the fraction of runs still retrieving at the end (`retrieved`), the mean and sd
    over runs of the time-averaged overlap, the RS theory; per α the measured boundary
    temperature (fraction = ½) with its grid bracket, beside T_M(α) of AGS."""
    runs = xr.concat(sorted(parts, key=lambda d: float(d.alpha[0])), dim="alpha",
                     data_vars="minimal", coords="different", compat="equals")
    hit, valid = retrieved(runs["overlap"], window, retrieved_overlap)
    count = hit.sum(["trial", "pattern"])
    total = valid.sum(["trial", "pattern"])
    fraction = count / total
    temps = runs["temperature"].values
    cross = np.array([crossing_temperature(temps, fraction.sel(alpha=a).values)
                      for a in runs["alpha"].values])
    t_m = np.array([theory.retrieval_boundary(float(a)) for a in runs["alpha"].values])
    at = ("alpha", "temperature")
    per_alpha = lambda v, name: ("alpha", v, {"long_name": name, "units": "1"})  # noqa: E731
    n = int(parts[0].attrs["N"])
    ds = xr.Dataset(
        {
            "retrieved_fraction": (at, fraction.transpose(*at).values,
                                   {"long_name": f"fraction of runs whose overlap averaged over "
                                                 f"the last {window} sweeps is ≥ {retrieved_overlap}",
                                    "units": "1"}),
            "retrieved": (at, count.transpose(*at).values,
                          {"long_name": "runs still retrieving at the end", "units": "1"}),
            "runs": (at, total.transpose(*at).values, {"long_name": "runs", "units": "1"}),
            "mean_overlap": (at, runs["mean_overlap"].mean(["trial", "pattern"]).transpose(*at).values,
                             {"long_name": "time-averaged overlap, mean over runs",
                              "units": "1"}),
            "sd_overlap": (at, runs["mean_overlap"].std(["trial", "pattern"], ddof=1)
                           .transpose(*at).values,
                           {"long_name": "time-averaged overlap, sd over runs", "units": "1"}),
            "theory": runs["theory"].transpose(*at),
            "boundary_temperature": per_alpha(cross[:, 0], "measured boundary: T where the "
                                              "retrieved fraction first falls below ½"),
            "boundary_low": per_alpha(cross[:, 1], "grid temperature below the crossing"),
            "boundary_high": per_alpha(cross[:, 2], "grid temperature above the crossing"),
            "T_M": per_alpha(t_m, "AGS retrieval boundary T_M(α): largest T with an RS "
                             "retrieval solution"),
        },
        coords={"alpha": runs["alpha"], "temperature": runs["temperature"],
                "n_patterns": runs["n_patterns"]},
        attrs={"N": n, "window": window, "retrieved_overlap": retrieved_overlap,
               "burn_in": int(parts[0].attrs["burn_in"]), "sweeps": runs.sizes["step"] - 1,
               "runs_per_point": int(runs.sizes["trial"] * runs.sizes["pattern"])},
    )
    return ds
