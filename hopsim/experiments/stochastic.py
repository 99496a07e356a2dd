"""Stochastic (Glauber) Hopfield model at temperature T: stationary retrieval overlap and the
overlap map (Gerstner week 6, section 6.2, exercise 1; Amit, Gutfreund & Sompolinsky 1987).

`stationary` runs async Glauber dynamics from stored patterns and averages the overlap with the
start pattern over the sweeps after a burn-in, per run; the theory beside it is the
replica-symmetric m(α, T) (`theory.ags_state`), at α → 0 the mean-field m = tanh(m/T).
`overlap_map` runs parallel updates from m(0) and records m(t) beside the iterates of
m(t+1) = tanh(m(t)/T). Pattern sets are drawn per (N, α, trial) from the seed.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import seeds, theory
from ..config import n_patterns
from ..dynamics import glauber
from ..patterns import flip_bits, random_pattern_columns

EXPERIMENT = "stochastic"


def _columns(seed: int, n: int, alpha: float, trial: int) -> np.ndarray:
    key = seeds.spawn_key(EXPERIMENT, "patterns", n, seeds.value_key(alpha), trial)
    return random_pattern_columns(seeds.rng(seed, key), max(n_patterns(alpha, n), 1), n)


def stationary(seed: int, n: int, alphas: list[float], temperatures: list[float], trials: int,
               starts: int, sweeps: int, burn_in: int) -> xr.Dataset:
    """Time-averaged overlap ⟨m⟩ over sweeps burn_in+1 … sweeps of async Glauber runs started
    at stored patterns 0..starts−1, for each (α, T, trial, start), with the RS theory."""
    if not 0 <= burn_in < sweeps:
        raise ValueError(f"burn_in must lie in [0, sweeps), got {burn_in} with sweeps = {sweeps}")
    shape = (len(alphas), len(temperatures), trials, starts)
    mean = np.full(shape, np.nan)
    trace = np.full(shape + (sweeps + 1,), np.nan, dtype=np.float32)
    for i, a in enumerate(alphas):
        for t in range(trials):
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
            "step": ("step", np.arange(sweeps + 1), {"long_name": "async sweep", "units": "sweeps"}),
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
            rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "noise", *key))
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
            "step": ("step", np.arange(steps + 1), {"long_name": "parallel update", "units": "steps"}),
        },
        attrs={"N": n, "alpha": alpha, "P": max(n_patterns(alpha, n), 1), "m0": m0},
    )
