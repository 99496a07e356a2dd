"""Storage capacity of the binary Hopfield model (Amit, Gutfreund & Sompolinsky 1985).

Chain: patterns (N, α chunk) → Hebbian weights (temporary) → async retrieval from each stored
pattern and from noisy cues → gathered overlaps → analysis: fraction retrieved and mean final
overlap vs α, α_c(N) where the retrieved fraction crosses ½ (bootstrap interval), and the
extrapolation of α_c(N) to N → ∞.

Large networks (`retrieve_large`) never form W: each job regenerates its pattern sets from the
seed as bits and runs the same async dynamics from them (`dynamics.bitpacked`: N·⌈P/64⌉·8 bytes
instead of 2N² for the int16 weights); the pattern sets and update orders are those of the
small-N path, so both give identical results where they overlap.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import learning, numerics, seeds, theory
from ..config import n_patterns
from ..dynamics import binary, bitpacked
from ..patterns import (
    REPACK_BLOCK_WORDS,
    flip_bits,
    random_pattern_bits,
    random_pattern_columns,
    random_patterns,
    unpack_patterns,
)
from ..progress import track

EXPERIMENT = "capacity"


def alpha_chunks(alphas: list[float], per_job: int) -> list[list[float]]:
    """Split the α grid into consecutive chunks, one job each."""
    return [list(alphas[i:i + per_job]) for i in range(0, len(alphas), per_job)]


def make_patterns(seed: int, n: int, alphas: list[float], trials: int) -> xr.Dataset:
    """Random ±1 pattern sets for each α and trial; the pattern axis is padded with 0 to max P."""
    ps = [n_patterns(a, n) for a in alphas]
    x = np.zeros((len(alphas), trials, max(ps), n), dtype=np.int8)
    for i, (a, p) in enumerate(zip(alphas, ps)):
        for t in range(trials):
            key = seeds.spawn_key(EXPERIMENT, "patterns", n, seeds.value_key(a), t)
            x[i, t, :p] = random_patterns(seeds.rng(seed, key), p, n)
    return xr.Dataset(
        {"patterns": (("alpha", "trial", "pattern", "neuron"), x,
                      {"long_name": "stored pattern ξ_i^μ (0 = padding beyond P)", "units": "1"})},
        coords={
            "alpha": ("alpha", np.asarray(alphas, float), {"long_name": "nominal load α"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "n_patterns": ("alpha", np.asarray(ps), {"long_name": "stored patterns P = round(αN)"}),
            "load": ("alpha", np.asarray(ps) / n, {"long_name": "actual load P/N"}),
        },
        attrs={"N": n},
    )


def _pattern_rng(seed: int, n: int, alpha: float, trial: int) -> np.random.Generator:
    return seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "patterns", n, seeds.value_key(alpha), trial))


def pattern_columns(seed: int, n: int, alpha: float, trial: int) -> np.ndarray:
    """The pattern set of `make_patterns` for one (N, α, trial), neuron-major (N, P) int8: the
    layout of the int8 kernel (`binary.relax_async_hebbian`, the reference of the bit kernel)."""
    return random_pattern_columns(_pattern_rng(seed, n, alpha, trial), n_patterns(alpha, n), n)


def pattern_bits(seed: int, n: int, alpha: float, trial: int) -> np.ndarray:
    """The same pattern set as bits (N, ⌈P/64⌉) uint64, the layout `retrieve_large` runs on."""
    return random_pattern_bits(_pattern_rng(seed, n, alpha, trial), n_patterns(alpha, n), n)


def learn(patterns: xr.Dataset) -> xr.Dataset:
    """Hebbian sums C = N·w for each (α, trial), int16 with zero diagonal."""
    x = patterns["patterns"].values
    n_a, n_t, _, n = x.shape
    c = np.empty((n_a, n_t, n, n), dtype=np.int16)
    for i, p in enumerate(patterns["n_patterns"].values):
        for t in range(n_t):
            c[i, t] = learning.hebbian_sum(x[i, t, :p])
    return xr.Dataset(
        {"hebb_sum": (("alpha", "trial", "neuron", "neuron_pre"), c,
                      {"long_name": "N·w_ij = Σ_μ ξ_i^μ ξ_j^μ (w_ii = 0)", "units": "1",
                       "weight_scale": f"w = hebb_sum / N, N = {n}"})},
        coords={k: patterns.coords[k] for k in ("alpha", "trial", "n_patterns", "load")},
        attrs={"N": n},
    )


def retrieve(
    patterns: xr.Dataset,
    weights: xr.Dataset,
    seed: int,
    cue_noise: list[float],
    starts_per_trial: int,
    max_sweeps: int,
    progress: bool = False,
) -> xr.Dataset:
    """Async dynamics from patterns 0..S−1 (and their noisy cues); final overlap with the target."""
    x = patterns["patterns"].values
    n = x.shape[-1]
    alphas = patterns["alpha"].values
    ps = patterns["n_patterns"].values
    n_starts = min(starts_per_trial, int(ps.max()))
    shape = (len(alphas), x.shape[1], len(cue_noise), n_starts)
    final = np.full(shape, np.nan, dtype=np.float32)
    sweeps = np.zeros(shape, dtype=np.int32)
    status = np.full(shape, -1, dtype=np.int8)
    jobs = [(i, t, j) for i in range(len(alphas)) for t in range(x.shape[1])
            for j in range(len(cue_noise))]
    for i, t, j in track(jobs, f"capacity retrieval N={n} (α, set, cue noise)", enabled=progress):
        a, f = alphas[i], cue_noise[j]
        s = min(n_starts, int(ps[i]))
        target = x[i, t, :s]
        key = (n, seeds.value_key(a), t, seeds.value_key(f))
        cue = flip_bits(target, int(f * n + 0.5), seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "cue", *key)))
        order = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "order", *key), s)
        # Hebbian sums are symmetric; first fields from the patterns cost O(NP), not O(N²).
        r = binary.relax_async(weights["hebb_sum"].values[i, t], cue, order, max_sweeps,
                               initial_fields=binary.fields_from_patterns(x[i, t, :ps[i]], cue),
                               symmetric=True)
        final[i, t, j, :s] = np.einsum("sn,sn->s", r.states.astype(np.int32), target) / n
        sweeps[i, t, j, :s] = r.steps
        status[i, t, j, :s] = r.status
    return _retrieval_dataset(final, sweeps, status, alphas, patterns["trial"].values, cue_noise,
                              ps, n)


def retrieve_large(
    seed: int,
    n: int,
    alphas: list[float],
    trials: list[int],
    starts: int,
    max_sweeps: int,
    lost_overlap: float = 0.0,
    progress: bool = False,
) -> xr.Dataset:
    """Async dynamics from stored patterns 0..S−1 of each (α, trial) set, W never formed.

    Same pattern sets, update orders and result layout as `retrieve` with cue_noise = [0].
    `lost_overlap` > 0 stops a run once its overlap with its pattern falls below it (status
    LOST, `final_overlap` the overlap then): above α_c such runs would otherwise take hundreds of
    sweeps to settle at m ≈ 0.25, and they end unretrieved either way (tested).
    """
    n_starts = min(starts, max(n_patterns(a, n) for a in alphas))
    shape = (len(alphas), len(trials), 1, n_starts)
    final = np.full(shape, np.nan, dtype=np.float32)
    sweeps = np.zeros(shape, dtype=np.int32)
    status = np.full(shape, -1, dtype=np.int8)
    jobs = [(i, j) for i in range(len(alphas)) for j in range(len(trials))]
    for i, j in track(jobs, f"capacity retrieval N={n} (α, set)", enabled=progress):
        a, t = alphas[i], trials[j]
        p = n_patterns(a, n)
        bits = pattern_bits(seed, n, a, t)
        s = min(n_starts, p)
        target = unpack_patterns(bits, np.arange(s))
        key = (n, seeds.value_key(a), t, seeds.value_key(0.0))
        order = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "order", *key), s)
        r = bitpacked.relax_async_hebbian_bits(bits, p, target, order, max_sweeps,
                                               targets=np.arange(s), lost_below=lost_overlap or None)
        final[i, j, 0, :s] = np.einsum("sn,sn->s", r.states.astype(np.int32), target) / n
        sweeps[i, j, 0, :s] = r.steps
        status[i, j, 0, :s] = r.status
        del bits
    ps = np.array([n_patterns(a, n) for a in alphas])
    return _retrieval_dataset(final, sweeps, status, alphas, trials, [0.0], ps, n)


# Multiply-adds per second and core of the int8 and float kernels, for the time limits of the
# workflow's other jobs (hopsim.runtimes): about 6·10^9 measured on the 2-core AMD EPYC
# dev machine; the cap is a bound, not a guess of the typical time.
MULTIPLY_ADDS_PER_SECOND = 2e9
# Cost model of a `retrieve_large` job (the bit kernel), for the scheduler (SLURM's mem and time
# limits). Memory: the pattern bits (N·⌈P/64⌉·8 bytes); the draw's repacking temporaries (under
# eight arrays of one block); per start its state, target, overlaps and energy row; per thread
# the kernel's scratch (update order, +1 counts, planes, outlier list). Time: a visit of a unit
# counts as P multiply-adds (the int8 kernel's work), and the bit kernel does at least 5·10^9 of
# those per second and core (measured on one core at N = 10^5: about 55·10^9 with AVX-512
# VPOPCNTDQ on the dev machine, 28·10^9 compiled for AVX2, 11·10^9 for baseline x86-64 without a
# popcount instruction; the planes grow by one per factor 4 in N).
BIT_MULTIPLY_ADDS_PER_SECOND = 5e9
BASE_MEMORY_MB = 500  # interpreter, numba, xarray


def retrieval_threads(n: int) -> int:
    """Threads of one (N, α chunk) retrieval job: large networks use both cores (numba threads
    over states); small ones run side by side."""
    return 2 if n >= 2000 else 1


def large_threads(n: int) -> int:
    """Threads of one large-N job: numba threads share out the starts of a set from N = 10 000;
    smaller networks run side by side instead."""
    return 2 if n >= 10_000 else 1


# Sweeps a start is given time for (when max_sweeps is larger): runs end at a fixed point or,
# above α_c, once they have lost their pattern (lost_overlap). A job's time is the sum of its
# starts' sweeps shared over its threads, so the budget is for the mean start, not the slowest.
# Measured, the slowest start took 88 sweeps at N ≤ 10^5, 255 at 2·10^5, 435 at 5·10^5 and 721
# at 10^6, where the point's 10 starts summed 2661 (mean 266): to fit the time this budget gives
# that job (475 min on 2 threads), a core needs 6.6·10^9 multiply-adds/s, which even baseline
# x86-64 exceeds (the point ran at 4.0·10^10 per core-second, reports/capacity_large.md).
# Budgeting every start at the cap of 1000 would ask a cluster for 39 h per N = 10^6 job.
SWEEP_BUDGET = 200


def large_job_resources(n: int, p: int, starts: int, trials: int, max_sweeps: int,
                        threads: int) -> dict:
    """mem_mb and runtime (minutes) of one `retrieve_large` job: its peak memory, and the time
    for every start to run min(max_sweeps, SWEEP_BUDGET) sweeps at the rate above."""
    s = min(starts, p)
    bits = 8 * n * -(-p // 64)  # exact: no margin on the bulk of the memory
    other = (8 * 8 * max(REPACK_BLOCK_WORDS, p) + s * (6 * n + 4 * p + 8 * (max_sweeps + 1))
             + min(threads, s) * (12 * n + 16 * p))
    work = trials * s * n * p * (min(max_sweeps, SWEEP_BUDGET) + 1)
    seconds = work / (BIT_MULTIPLY_ADDS_PER_SECOND * min(threads, s))
    return {"mem_mb": BASE_MEMORY_MB + int((bits + 1.25 * other) / 1e6) + 1,
            "runtime": 5 + int(seconds / 60) + 1}


def large_alphas(large: dict, n: int) -> list[float]:
    """The loads run at N = n: its own grid from `alpha_by_N` if it has one, else `alpha`."""
    by_n = {int(k): v for k, v in large.get("alpha_by_N", {}).items()}  # JSON configs: str keys
    return list(by_n.get(int(n), large["alpha"]))


def large_job_trials(large: dict, n: int, first: int) -> list[int]:
    """Pattern sets (trials) of the large-N job of N = n whose first set is `first`: each N's
    `trials` split into jobs of `trials_per_job` (config section `capacity_large`)."""
    i = large["N"].index(n)
    return list(range(first, min(first + large["trials_per_job"][i], large["trials"][i])))


def large_job_request(large: dict, n: int, alpha: float, first: int) -> dict:
    """mem_mb and runtime of that job at load α (`large_job_resources` of its N, P, starts,
    pattern sets and sweep cap)."""
    i = large["N"].index(n)
    return large_job_resources(n, n_patterns(alpha, n), large["starts"][i],
                               len(large_job_trials(large, n, first)), large["max_sweeps"], large_threads(n))


def large_point_request(large: dict) -> dict:
    """mem_mb and runtime of the `point` job: one pattern set at N, α, `starts` starts."""
    pt = large["point"]
    return large_job_resources(pt["N"], n_patterns(pt["alpha"], pt["N"]), pt["starts"], 1,
                               large["max_sweeps"], large_threads(pt["N"]))


def large_plan(large: dict) -> list[dict]:
    """Every retrieval job of a `capacity_large` section with its request: N, α, first pattern
    set, threads, mem_mb and runtime (minutes), from the cost model above."""
    jobs = []
    for i, n in enumerate(large["N"]):
        for a in large_alphas(large, n):
            for first in range(0, large["trials"][i], large["trials_per_job"][i]):
                jobs.append({"N": n, "alpha": a, "first_set": first, "threads": large_threads(n),
                             **large_job_request(large, n, a, first)})
    return jobs


def _retrieval_dataset(final, sweeps, status, alphas, trials, cue_noise, ps, n) -> xr.Dataset:
    dims = ("alpha", "trial", "cue_noise", "pattern")
    return xr.Dataset(
        {
            "final_overlap": (dims, final, {"long_name": "final overlap m with the target pattern",
                                            "units": "1"}),
            "sweeps": (dims, sweeps, {"long_name": "async sweeps until a sweep changed nothing",
                                      "units": "1"}),
            "status": (dims, status, {"long_name": "end of run",
                                      "flag_values": "0 fixed point, 2 sweep cap, 3 lost (overlap with the "
                                                     "target fell below lost_overlap: stopped), "
                                                     "-1 no start"}),
        },
        coords={
            "alpha": ("alpha", np.asarray(alphas, float), {"long_name": "nominal load α"}),
            "trial": ("trial", np.asarray(trials, int), {"long_name": "pattern set"}),
            "n_patterns": ("alpha", np.asarray(ps), {"long_name": "stored patterns P = round(αN)"}),
            "load": ("alpha", np.asarray(ps) / n, {"long_name": "actual load P/N"}),
            "cue_noise": ("cue_noise", np.asarray(cue_noise, float),
                          {"long_name": "fraction of cue bits flipped"}),
            "pattern": ("pattern", np.arange(final.shape[-1]),
                        {"long_name": "index μ of the target pattern (one start each)"}),
        },
        attrs={"N": n},
    )


# Padding where N or α chunks hold fewer starts: status −1 marks "no start" for the analysis.
_GATHER_FILL = {"final_overlap": np.nan, "sweeps": 0, "status": -1, "n_patterns": 0,
                "load": np.nan}


def gather(parts: list[xr.Dataset]) -> xr.Dataset:
    """Combine retrieval chunks of all (N, α chunk, trial chunk) into one dataset with an N
    dimension."""
    by_block: dict[tuple, list[xr.Dataset]] = {}
    for ds in parts:  # jobs that split the trials of one (N, α chunk) are joined first
        by_block.setdefault((int(ds.attrs["N"]), tuple(ds.alpha.values)), []).append(ds)
    by_n: dict[int, list[xr.Dataset]] = {}
    for (n, _), block in by_block.items():
        ds = xr.concat(sorted(block, key=lambda d: int(d.trial[0])), dim="trial",
                       data_vars="all", coords="minimal", compat="override", join="outer",
                       fill_value=_GATHER_FILL) if len(block) > 1 else block[0]
        by_n.setdefault(n, []).append(ds)
    per_n = []
    for n in sorted(by_n):
        ds = xr.concat(sorted(by_n[n], key=lambda d: float(d.alpha[0])), dim="alpha",
                       data_vars="all", coords="minimal", compat="override", join="outer",
                       fill_value=_GATHER_FILL)
        # P depends on N: make it a variable so that it gains the N dimension.
        ds = ds.reset_coords(["n_patterns", "load"]).expand_dims(N=[n])
        per_n.append(ds.assign_coords(N=("N", [n], {"long_name": "neurons N"})))
    out = xr.concat(per_n, dim="N", join="outer", fill_value=_GATHER_FILL, data_vars="all",
                    coords="minimal", compat="override")
    out["load"] = out["n_patterns"] / out["N"]
    out["load"].attrs = {"long_name": "actual load P/N"}
    out.attrs = {}
    return out.set_coords(["n_patterns", "load"])


def retrieved_by_trial(gathered: xr.Dataset, threshold: float) -> tuple[xr.DataArray, xr.DataArray]:
    """(number retrieved, number of starts) per (N, α, cue_noise, trial)."""
    valid = gathered["status"] >= 0
    hits = ((gathered["final_overlap"] >= threshold) & valid).sum("pattern")
    return hits, valid.sum("pattern")


def _per_run(flag: xr.DataArray, counts: xr.DataArray) -> np.ndarray:
    """Fraction of the runs with `flag` per (N, α, cue_noise); NaN where a load was not run at
    an N (a narrower grid there)."""
    runs = counts.sum("trial")
    return (flag.sum(["trial", "pattern"]) / runs.where(runs > 0)).transpose("N", "alpha", "cue_noise").values


def crossing(load: np.ndarray, fraction: np.ndarray, level: float = 0.5) -> float:
    """Load where `fraction` first falls below `level`, by linear interpolation; NaN if never.
    Loads that are NaN (not run at this N: a narrower grid) are skipped."""
    ok = np.isfinite(load)
    load, fraction = load[ok], fraction[ok]
    above = fraction >= level
    for k in range(1, len(load)):
        if above[k - 1] and not above[k]:
            f0, f1 = fraction[k - 1], fraction[k]
            return float(load[k - 1] + (f0 - level) / (f0 - f1) * (load[k] - load[k - 1]))
    return float("nan")


def resample_sets(hits: np.ndarray, counts: np.ndarray, sets: np.ndarray,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One replicate of the two-stage bootstrap: the pattern sets `sets` (indices on the last
    axis, the independent unit) resampled with replacement for each leading index, then the
    starts within each drawn set as binomial counts around its fraction. With many sets the
    second stage adds a little (it is part of the spread between sets already: conservative);
    with the few sets of large N it is most of the spread there is. Returns (hits, counts)
    summed over the drawn sets."""
    pick = sets[rng.integers(0, sets.size, size=hits.shape[:-1] + (sets.size,))]
    hb, cb = np.take_along_axis(hits, pick, -1), np.take_along_axis(counts, pick, -1)
    hb = rng.binomial(cb, np.divide(hb, cb, out=np.zeros(hb.shape), where=cb > 0))
    return hb.sum(-1), cb.sum(-1)


def bootstrap_crossing(loads: np.ndarray, hits: np.ndarray, counts: np.ndarray,
                       rng: np.random.Generator, n_boot: int) -> tuple[float, float, float, float]:
    """α_c = crossing of ½ by the retrieved fraction over `loads`, with a 95 % interval from
    `resample_sets`. hits, counts: (load, set). Returns (estimate, low, high, fraction of
    replicates without a crossing)."""
    sets = np.flatnonzero(counts.sum(axis=0) > 0)
    boot = np.full(n_boot, np.nan)
    for k in range(n_boot):
        hb, cb = resample_sets(hits, counts, sets, rng)
        boot[k] = crossing(loads, hb / np.maximum(cb, 1))
    est = crossing(loads, hits.sum(1) / np.maximum(counts.sum(1), 1))
    if np.all(np.isnan(boot)):
        return est, np.nan, np.nan, 1.0
    lo, hi = np.nanpercentile(boot, [2.5, 97.5])
    return est, float(lo), float(hi), float(np.isnan(boot).mean())


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float]:
    """Weighted least squares y = a + b x; returns (a, b)."""
    return numerics.linear_fit(x, y, w)


SCALINGS = {"inverse_sqrt": ("N^(-1/2)", lambda n: n ** -0.5), "inverse": ("1/N", lambda n: 1.0 / n)}


def analyse(
    gathered: xr.Dataset,
    seed: int,
    threshold: float,
    n_boot: int,
    extrapolation: str,
    fits_up_to: tuple[int, ...] = (),
) -> xr.Dataset:
    """Retrieved fraction, mean overlap, α_c(N) with bootstrap intervals, and α_c(∞); with
    `fits_up_to`, both scalings' fits also on the sizes up to each of those N (does α_c(∞)
    move as larger sizes come in?)."""
    hits, counts = retrieved_by_trial(gathered, threshold)
    frac = hits.sum("trial") / counts.sum("trial")
    mean_m = gathered["final_overlap"].mean(["trial", "pattern"])
    ns, cues = gathered["N"].values, gathered["cue_noise"].values
    h = hits.transpose("N", "alpha", "cue_noise", "trial").values
    c = counts.transpose("N", "alpha", "cue_noise", "trial").values
    # A load not run at some N (its narrower grid, `alpha_by_N`) has no starts: NaN, skipped.
    loads = np.where(c.sum(axis=(2, 3)) > 0, gathered["load"].transpose("N", "alpha").values, np.nan)

    # Two-stage bootstrap (`resample_sets`) among the pattern sets run at each N, from a stream
    # of each N's own: an N's interval does not depend on which other sizes the study runs.
    rngs = [seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "bootstrap", int(n))) for n in ns]
    sets = [np.flatnonzero(c[i].sum(axis=(0, 1)) > 0) for i in range(len(ns))]
    boot_ac = np.full((n_boot, len(ns), len(cues)), np.nan)
    for b in range(n_boot):
        for i, valid in enumerate(sets):
            hb, cb = resample_sets(h[i], c[i], valid, rngs[i])
            fb = hb / np.maximum(cb, 1)
            for j in range(len(cues)):
                boot_ac[b, i, j] = crossing(loads[i], fb[:, j])
    f = frac.transpose("N", "alpha", "cue_noise").values
    ac = np.array([[crossing(loads[i], f[i, :, j]) for j in range(len(cues))]
                   for i in range(len(ns))])
    lo, hi = np.nanpercentile(boot_ac, [2.5, 97.5], axis=0)
    sd = np.nanstd(boot_ac, axis=0)

    # Finite-size extrapolation α_c(N) = a + b·x(N), weighted by the bootstrap variance.
    label, xfun = SCALINGS[extrapolation]
    x = xfun(ns.astype(float))
    ext = np.full((len(cues), 3), np.nan)
    slope = np.full(len(cues), np.nan)
    for j in range(len(cues)):
        ok = np.isfinite(ac[:, j])
        if ok.sum() < 2:
            continue
        w = 1.0 / np.maximum(sd[ok, j], 1e-4) ** 2
        ext[j, 0], slope[j] = _fit(x[ok], ac[ok, j], w)
        reps = [_fit(x[ok], boot_ac[b, ok, j], w)[0] for b in range(n_boot)
                if np.all(np.isfinite(boot_ac[b, ok, j]))]
        if reps:
            ext[j, 1:] = np.percentile(reps, [2.5, 97.5])
    # Both scalings' weighted χ² per degree of freedom, so the report can say which fits better.
    chi2 = np.full((len(SCALINGS), len(cues)), np.nan)
    intercepts = np.full((len(SCALINGS), len(cues)), np.nan)
    for i, (_, f) in enumerate(SCALINGS.values()):
        xs = f(ns.astype(float))
        for j in range(len(cues)):
            ok = np.isfinite(ac[:, j])
            if ok.sum() < 3:
                continue
            w = 1.0 / np.maximum(sd[ok, j], 1e-4) ** 2
            a, b = _fit(xs[ok], ac[ok, j], w)
            intercepts[i, j] = a
            chi2[i, j] = np.sum(w * (ac[ok, j] - a - b * xs[ok]) ** 2) / (ok.sum() - 2)
    upto = _fits_up_to(ns, ac, sd, boot_ac, fits_up_to)

    alpha_c_inf, m_c = theory.ags_critical_load()
    return xr.Dataset(
        {
            "retrieved_fraction": (("N", "alpha", "cue_noise"),
                                   frac.transpose("N", "alpha", "cue_noise").values,
                                   {"long_name": f"fraction of starts with final m ≥ {threshold}",
                                    "units": "1"}),
            "mean_overlap": (("N", "alpha", "cue_noise"),
                             mean_m.transpose("N", "alpha", "cue_noise").values,
                             {"long_name": "mean final overlap m", "units": "1"}),
            "capped_fraction": (("N", "alpha", "cue_noise"),
                                _per_run(gathered["status"] == binary.CAPPED, counts),
                                {"long_name": "fraction of runs stopped by the sweep cap",
                                 "units": "1"}),
            "lost_fraction": (("N", "alpha", "cue_noise"),
                              _per_run(gathered["status"] == binary.LOST, counts),
                              {"long_name": "fraction of runs stopped when their overlap fell "
                                            "below lost_overlap", "units": "1"}),
            "alpha_c": (("N", "cue_noise"), ac,
                        {"long_name": "α_c(N): load where the retrieved fraction crosses ½"}),
            "alpha_c_low": (("N", "cue_noise"), lo, {"long_name": "α_c(N) 2.5 % bootstrap"}),
            "alpha_c_undefined": (("N", "cue_noise"), np.isnan(boot_ac).mean(axis=0),
                                  {"long_name": "fraction of bootstrap replicates without a "
                                                "crossing of ½ (left out of the interval)",
                                   "units": "1"}),
            "alpha_c_high": (("N", "cue_noise"), hi, {"long_name": "α_c(N) 97.5 % bootstrap"}),
            "alpha_c_extrapolated": (("cue_noise", "bound"), ext,
                                     {"long_name": f"α_c(∞) from α_c(N) = a + b·{label}"}),
            "extrapolation_slope": (("cue_noise",), slope, {"long_name": f"b in a + b·{label}"}),
            "scaling_intercept": (("scaling", "cue_noise"), intercepts,
                                  {"long_name": "a of the weighted fit α_c(N) = a + b·x(N)"}),
            "scaling_chi2": (("scaling", "cue_noise"), chi2,
                             {"long_name": "χ² per degree of freedom of that fit"}),
            "n_starts": (("N", "alpha", "cue_noise"),
                         counts.sum("trial").transpose("N", "alpha", "cue_noise").values,
                         {"long_name": "retrieval starts", "units": "1"}),
        },
        coords={
            "N": gathered.coords["N"], "alpha": gathered.coords["alpha"],
            "cue_noise": gathered.coords["cue_noise"],
            "load": (("N", "alpha"), loads, {"long_name": "actual load P/N"}),
            "bound": ("bound", ["estimate", "ci_low", "ci_high"],
                      {"long_name": "estimate and 95 % bootstrap interval"}),
            "scaling": ("scaling", [SCALINGS[k][0] for k in SCALINGS],
                        {"long_name": "finite-size scaling variable x(N)"}),
        },
        attrs={"extrapolation": f"alpha_c(N) = a + b*{label}", "scaling_choice": extrapolation,
               "retrieved_overlap": threshold, "ags_alpha_c": alpha_c_inf, "ags_overlap_at_alpha_c": m_c},
    ).merge(upto)


def _fits_up_to(ns: np.ndarray, ac: np.ndarray, sd: np.ndarray, boot_ac: np.ndarray,
                up_to: tuple[int, ...]) -> xr.Dataset:
    """Both scalings' weighted fits α_c(N) = a + b·x(N) on the sizes N ≤ n_max, for each n_max
    in `up_to` (at least 3 sizes): intercept with its bootstrap interval, and χ² per degree of
    freedom. Empty when `up_to` is."""
    if not up_to:
        return xr.Dataset()
    out = np.full((len(up_to), len(SCALINGS), ac.shape[1], 3), np.nan)
    chi2 = np.full(out.shape[:3], np.nan)
    for u, n_max in enumerate(up_to):
        for i, (_, f) in enumerate(SCALINGS.values()):
            xs = f(ns.astype(float))
            for j in range(ac.shape[1]):
                ok = np.isfinite(ac[:, j]) & (ns <= n_max)
                if ok.sum() < 3:
                    continue
                w = 1.0 / np.maximum(sd[ok, j], 1e-4) ** 2
                a, b = _fit(xs[ok], ac[ok, j], w)
                chi2[u, i, j] = np.sum(w * (ac[ok, j] - a - b * xs[ok]) ** 2) / (ok.sum() - 2)
                reps = [_fit(xs[ok], rep[ok, j], w)[0] for rep in boot_ac
                        if np.all(np.isfinite(rep[ok, j]))]
                out[u, i, j] = [a, *(np.percentile(reps, [2.5, 97.5]) if reps else (np.nan,) * 2)]
    dims = ("up_to_N", "scaling", "cue_noise")
    return xr.Dataset(
        {"fit_up_to_intercept": (dims + ("bound",), out,
                                 {"long_name": "α_c(∞) = a of the weighted fit a + b·x(N) on the "
                                               "sizes N ≤ up_to_N, with its 95 % bootstrap interval"}),
         "fit_up_to_chi2": (dims, chi2, {"long_name": "χ² per degree of freedom of that fit"})},
        coords={"up_to_N": ("up_to_N", np.asarray(up_to, np.int64),
                            {"long_name": "largest size in the fit"})})
