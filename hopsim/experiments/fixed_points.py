"""Fixed points and the energy landscape of the binary Hopfield model (Hopfield 1982; Amit,
Gutfreund & Sompolinsky 1985).

Chain: patterns per load → Hebbian weights → async and sync runs from random states, noisy
patterns and symmetric 3-mixtures → classification of the end states, energy trajectories,
fixed-point checks, sync 2-cycles, and the fraction of unstable bits in the stored patterns
against the one-step prediction ½ erfc(1/sqrt(2α)).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import learning, measures, seeds, theory
from ..config import n_patterns
from ..dynamics import binary
from ..patterns import flip_bits, mixture_states, random_patterns
from ..progress import track

EXPERIMENT = "fixed_points"
CONDITIONS = ("random", "pattern", "noisy_pattern", "mixture3")
DYNAMICS = ("async", "sync")


def make_patterns(seed: int, n: int, alpha: float, trials: int) -> xr.Dataset:
    p = n_patterns(alpha, n)
    x = np.stack([random_patterns(seeds.rng(seed, seeds.spawn_key(
        EXPERIMENT, "patterns", n, seeds.value_key(alpha), t)), p, n) for t in range(trials)])
    return xr.Dataset(
        {"patterns": (("trial", "pattern", "neuron"), x,
                      {"long_name": "stored pattern ξ_i^μ", "units": "1"})},
        coords={"trial": ("trial", np.arange(trials), {"long_name": "pattern set"})},
        attrs={"N": n, "alpha": alpha, "n_patterns": p, "load": p / n},
    )


def learn(patterns: xr.Dataset) -> xr.Dataset:
    x = patterns["patterns"].values
    c = np.stack([learning.hebbian_sum(xt) for xt in x])
    n = x.shape[-1]
    return xr.Dataset(
        {"hebb_sum": (("trial", "neuron", "neuron_pre"), c,
                      {"long_name": "N·w_ij = Σ_μ ξ_i^μ ξ_j^μ (w_ii = 0)", "units": "1",
                       "weight_scale": f"w = hebb_sum / N, N = {n}"})},
        coords={"trial": patterns.coords["trial"]},
        attrs=dict(patterns.attrs),
    )


def start_states(seed: int, x: np.ndarray, alpha: float, trial: int, n_starts: int,
                 noisy_flip: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starts (condition, start, neuron) and the patterns each was built from (condition, start,
    3; −1 where unused).

    random: uniform ±1 states; pattern: stored pattern μ = start mod P; noisy_pattern: the same
    pattern with round(fN) bits flipped; mixture3: sgn(ξ^a + ξ^b + ξ^c) for a random triple of
    distinct patterns.
    """
    p, n = x.shape
    key = (n, seeds.value_key(alpha), trial)
    rand = random_patterns(seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "random_start", *key)),
                           n_starts, n)
    target = np.arange(n_starts) % p
    noisy = flip_bits(x[target], int(noisy_flip * n + 0.5),
                      seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "cue", *key)))
    g = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "mixture", *key))
    members = np.stack([g.choice(p, size=3, replace=False) for _ in range(n_starts)])
    mix = mixture_states(x, members)
    starts = np.stack([rand, x[target], noisy, mix])
    member_idx = np.full((len(CONDITIONS), n_starts, 3), -1, dtype=np.int32)
    member_idx[1, :, 0] = target
    member_idx[2, :, 0] = target
    member_idx[3] = members
    return starts, member_idx


def run(patterns: xr.Dataset, weights: xr.Dataset, dynamics: str, seed: int, n_starts: int,
        noisy_flip: float, max_sweeps: int, max_steps: int, classify_kw: dict,
        progress: bool = False) -> xr.Dataset:
    """Run one kind of dynamics from every start of every pattern set; classify the end states."""
    if dynamics not in DYNAMICS:
        raise ValueError(f"dynamics must be one of {DYNAMICS}, got {dynamics!r}")
    alpha, n = float(patterns.attrs["alpha"]), int(patterns.attrs["N"])
    x_all, c_all = patterns["patterns"].values, weights["hebb_sum"].values
    n_t, p = x_all.shape[:2]
    cap = max_sweeps if dynamics == "async" else max_steps
    shape = (n_t, len(CONDITIONS), n_starts)
    out = {
        "final_overlaps": np.empty(shape + (p,), np.float32),
        "members": np.empty(shape + (3,), np.int32),
        "class": np.empty(shape, np.int8),
        "mixture_order": np.empty(shape, np.int8),
        "status": np.empty(shape, np.int8),
        "steps": np.empty(shape, np.int32),
        "flips": np.empty(shape, np.int64),
        "energy": np.empty(shape + (cap + 1,), np.float64),
        "is_fixed_point": np.empty(shape, bool),
        "final_state": np.empty(shape + (n,), np.int8),
    }
    # With P < starts, stored-pattern starts repeat; only the first P are distinct runs.
    distinct = np.ones(shape, bool)
    distinct[:, CONDITIONS.index("pattern"), p:] = False
    for t in track(range(n_t), f"fixed points {dynamics} N={n} α={alpha:g} (pattern set)",
                   enabled=progress):
        x, c = x_all[t], c_all[t]
        starts, members = start_states(seed, x, alpha, t, n_starts, noisy_flip)
        flat = starts.reshape(-1, n)
        if dynamics == "async":
            order = seeds.stream_seeds(seed, seeds.spawn_key(
                EXPERIMENT, "order", n, seeds.value_key(alpha), t), flat.shape[0])
            r = binary.relax_async(c, flat, order, max_sweeps)
        else:
            r = binary.relax_sync(c, flat, max_steps)
        m = measures.overlaps(x, r.states)
        cls, mix_order = measures.classify(m, **classify_kw)
        k = (len(CONDITIONS), n_starts)
        out["final_overlaps"][t] = m.reshape(k + (p,))
        out["members"][t] = members
        out["class"][t] = cls.reshape(k)
        out["mixture_order"][t] = mix_order.reshape(k)
        out["status"][t] = r.status.reshape(k)
        out["steps"][t] = r.steps.reshape(k)
        out["flips"][t] = r.flips.reshape(k)
        out["energy"][t] = (r.energy / n**2).reshape(k + (cap + 1,))  # E/N with w = C/N
        out["is_fixed_point"][t] = binary.is_fixed_point(c, r.states).reshape(k)
        out["final_state"][t] = r.states.reshape(k + (n,))
    d = ("trial", "condition", "start")
    unit = "sweeps" if dynamics == "async" else "steps"
    return xr.Dataset(
        {
            "final_overlaps": (d + ("pattern",), out["final_overlaps"],
                               {"long_name": "overlap m_μ of the end state with each pattern",
                                "units": "1"}),
            "members": (d + ("member",), out["members"],
                        {"long_name": "patterns the start was built from (−1: none)"}),
            "class": (d, out["class"], {"long_name": "class of the end state",
                                        "flag_values": ", ".join(
                                            f"{i} {c}" for i, c in enumerate(measures.CLASSES))}),
            "mixture_order": (d, out["mixture_order"],
                              {"long_name": "number of patterns in a symmetric mixture (0: none)"}),
            "status": (d, out["status"], {"long_name": "end of run", "flag_values":
                                          "0 fixed point, 1 two-cycle, 2 cap"}),
            "steps": (d, out["steps"], {"long_name": f"{dynamics} {unit} taken", "units": "1"}),
            "flips": (d, out["flips"], {"long_name": "unit flips", "units": "1"}),
            "energy": (d + ("step",), out["energy"],
                       {"long_name": f"energy per neuron E/N after each {unit[:-1]} "
                                     "(NaN after the end)", "units": "1"}),
            "is_fixed_point": (d, out["is_fixed_point"],
                               {"long_name": "sgn(W S) leaves the end state unchanged"}),
            "final_state": (d + ("neuron",), out["final_state"],
                            {"long_name": "end state S_i", "units": "1"}),
            "distinct": (d, distinct, {"long_name": "start is not a repeat of an earlier one "
                                                    "(stored-pattern starts when P < starts)"}),
        },
        coords={
            "trial": patterns.coords["trial"],
            "condition": ("condition", np.array(CONDITIONS, dtype=object),
                          {"long_name": "kind of start state"}),
            "start": ("start", np.arange(n_starts), {"long_name": "start index"}),
            "member": ("member", np.arange(3), {"long_name": "pattern of a mixture start"}),
            "step": ("step", np.arange(cap + 1), {"long_name": f"{dynamics} {unit[:-1]}",
                                                 "units": "1"}),
        },
        attrs={"N": n, "alpha": alpha, "n_patterns": p, "load": p / n, "dynamics": dynamics},
    )


def unstable_bits(patterns: xr.Dataset, weights: xr.Dataset) -> tuple[int, int, int]:
    """(unstable bits, total bits, stored patterns that are fixed points): ξ_i^μ h_i(ξ^μ) < 0."""
    bad = fixed = 0
    x_all = patterns["patterns"].values
    for x, c in zip(x_all, weights["hebb_sum"].values):
        unstable = x * binary.fields(c, x) < 0
        bad += int(unstable.sum())
        fixed += int((~unstable.any(axis=1)).sum())
    return bad, x_all.size, fixed


def analyse(runs: list[xr.Dataset], patterns: list[xr.Dataset],
            weights: list[xr.Dataset]) -> xr.Dataset:
    """Class counts, mean energy per class, fixed-point checks and unstable-bit fractions."""
    alphas = sorted({float(r.attrs["alpha"]) for r in runs})
    classes = list(measures.CLASSES)
    shp = (len(alphas), len(DYNAMICS), len(CONDITIONS))
    counts = np.zeros(shp + (len(classes),), np.int64)
    e_mean = np.full(shp + (len(classes),), np.nan)
    fixed_ok = np.zeros(shp, np.int64)
    n_runs = np.zeros(shp, np.int64)
    cycles = np.zeros(shp, np.int64)
    capped = np.zeros(shp, np.int64)
    rises = np.zeros(shp, np.int64)
    mix_member = np.full(shp + (2,), np.nan)  # mean, std of |m| with the 3 members, mixture3 starts
    mix_energy = np.full(shp, np.nan)
    for r in runs:
        i, d = alphas.index(float(r.attrs["alpha"])), DYNAMICS.index(r.attrs["dynamics"])
        for j, cond in enumerate(CONDITIONS):
            rc = r.sel(condition=cond)
            keep = rc["distinct"].values  # a repeated stored-pattern start is not a new run
            cls = rc["class"].values[keep]
            last = np.take_along_axis(rc["energy"].values, rc["steps"].values[..., None],
                                      -1)[..., 0][keep]
            n_runs[i, d, j] = cls.size
            for k in range(len(classes)):
                counts[i, d, j, k] = (cls == k).sum()
                if (cls == k).any():
                    e_mean[i, d, j, k] = last[cls == k].mean()
            fixed_ok[i, d, j] = int(rc["is_fixed_point"].values[keep].sum())
            status = rc["status"].values[keep]
            cycles[i, d, j] = int((status == binary.TWO_CYCLE).sum())
            capped[i, d, j] = int((status == binary.CAPPED).sum())
            rises[i, d, j] = int((np.diff(rc["energy"].values[keep], axis=-1) > 1e-12).sum())
            if cond == "mixture3":
                mem = rc["members"].values[keep]
                m_mem = np.take_along_axis(rc["final_overlaps"].values[keep], mem, -1)
                mix_member[i, d, j] = np.abs(m_mem).mean(), np.abs(m_mem).std()
                mix_energy[i, d, j] = last.mean()
    bad = np.zeros(len(alphas), np.int64)
    total = np.zeros(len(alphas), np.int64)
    stored_fixed = np.zeros(len(alphas), np.int64)
    stored = np.zeros(len(alphas), np.int64)
    loads = np.zeros(len(alphas))
    for p, w in zip(patterns, weights):
        i = alphas.index(float(p.attrs["alpha"]))
        bad[i], total[i], stored_fixed[i] = unstable_bits(p, w)
        stored[i] = p["patterns"].shape[0] * p["patterns"].shape[1]
        loads[i] = p.attrs["load"]
    dd = ("alpha", "dynamics", "condition")
    n = int(runs[0].attrs["N"])
    return xr.Dataset(
        {
            "count": (dd + ("class",), counts, {"long_name": "end states per class", "units": "1"}),
            "mean_energy": (dd + ("class",), e_mean,
                            {"long_name": "mean final energy per neuron E/N", "units": "1"}),
            "runs": (dd, n_runs, {"long_name": "runs", "units": "1"}),
            "fixed_points_verified": (dd, fixed_ok,
                                      {"long_name": "end states that sgn(W S) leaves unchanged"}),
            "two_cycles": (dd, cycles, {"long_name": "runs ending in a 2-cycle"}),
            "capped": (dd, capped, {"long_name": "runs stopped by the cap"}),
            "energy_rises": (dd, rises, {"long_name": "sweeps/steps where the energy rose"}),
            "mixture_member_overlap": (dd + ("stat",), mix_member,
                                       {"long_name": "|m| of the end state with the 3 patterns of "
                                                     "a mixture start (mean, std)"}),
            "mixture_final_energy": (dd, mix_energy,
                                     {"long_name": "mean final E/N from mixture starts"}),
            "unstable_bits": ("alpha", bad, {"long_name": "stored bits with ξ_i h_i < 0"}),
            "pattern_bits": ("alpha", total, {"long_name": "stored bits examined"}),
            "stored_patterns": ("alpha", stored, {"long_name": "stored patterns examined"}),
            "stored_fixed_points": ("alpha", stored_fixed,
                                    {"long_name": "stored patterns that are fixed points"}),
            "unstable_fraction": ("alpha", bad / total,
                                  {"long_name": "measured fraction of unstable stored bits"}),
            "unstable_predicted": ("alpha", theory.one_step_error(loads),
                                   {"long_name": "½ erfc(1/sqrt(2α)) at the actual load (N → ∞)"}),
            "unstable_predicted_finite": ("alpha", np.array(
                [theory.one_step_error_finite(n, int(round(a * n))) for a in loads]),
                {"long_name": "½ erfc(sqrt((N−1)/(2(P−1)))): the same at finite N and P"}),
        },
        coords={
            "alpha": ("alpha", alphas, {"long_name": "nominal load α"}),
            "load": ("alpha", loads, {"long_name": "actual load P/N"}),
            "dynamics": ("dynamics", np.array(DYNAMICS, dtype=object),
                         {"long_name": "update scheme"}),
            "condition": ("condition", np.array(CONDITIONS, dtype=object),
                          {"long_name": "kind of start state"}),
            "class": ("class", np.array(classes, dtype=object),
                      {"long_name": "class of the end state (see hopsim.measures)"}),
            "stat": ("stat", np.array(["mean", "std"], dtype=object),
                     {"long_name": "statistic over runs"}),
        },
        attrs={"N": n, "pattern_energy_theory": -0.5,
               "mixture3_energy_theory": -3 / 8, "mixture3_overlap_theory": 0.5},
    )
