"""Learning rules beyond Hebb (issue 8): the perceptron's capacity α_c(κ) against Gardner, the
capacity of Hebb, Storkey and the pseudo-inverse under one retrieval criterion, the decorrelated
rule on biased patterns, one-step retrieval of the modern Hopfield update at P ≫ N, basins of
attraction per rule and κ, and the modern update's three fixed-point regimes.

Perceptron (`perceptron_runs`): one job per (κ, α): P = round(αN) random ±1 patterns per pattern
set, every neuron a free perceptron (`learning.perceptron`, batch rule with normalised margin,
epoch cap); `analyse_perceptron` gives the solved fraction of neurons vs α and its ½-crossing
(`capacity.crossing`) beside Gardner's α_c(κ). A finite cap leaves neurons unsolved that a longer
run would solve (the epochs needed diverge at α_c), so the crossing lies below α_c(κ).

Rule comparison (`rule_runs`): per rule, nested pattern sets (the first P of N patterns drawn per
set, the same sets for every rule and load grid), weights at each load, synchronous dynamics
S ← sgn(W S) from every stored pattern; a pattern is retrieved when the end state has overlap
m ≥ `retrieved_overlap` with it; α_c is the ½-crossing of the retrieved fraction (the criterion
of the Storkey measurement in `hopsim.learning.storkey`). The pseudo-inverse run also records the
fraction of stored patterns that are exact fixed points.

Decorrelation (`decorrelation_runs`): biased ±1 patterns, Pr{+1} = (1 + b)/2, Hebb against the
decorrelated (mean-subtracted) rule, same dynamics and criterion.

Modern Hopfield (`modern_runs`): N units, P ≫ N patterns, cues with a fraction of bits flipped,
one update ξ ← Xᵀ softmax(β X ξ); success when the overlap (1/N) ξ_new·x^target ≥ `success_overlap`.

Basins (`basins_runs`): at one N and load, every rule (and the perceptron at each κ, and the
pseudo-inverse at extra loads) started from cues with a fraction f of a stored pattern's bits
flipped, the same patterns and cues for every rule; the dynamics and criterion of the rule
comparison; `analyse_basins` gives the retrieval probability vs f and where it falls below ½.

Modern regimes (`modern_regime_runs`): clustered patterns, the modern update iterated to its fixed
point at each β; `modern_regimes` sorts the fixed points into the global average, metastable
(subset) averages and single patterns by the softmax's effective number of patterns.

Seeds: SeedSequence(seed, (learning_rules, purpose, study, N, …, trial)); `study` separates the
parts, and no key contains a job index, so a result does not depend on how jobs are split.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import numerics, seeds
from ..config import n_patterns
from ..dynamics import binary
from ..learning import dense, hebb, perceptron, pseudo_inverse, storkey
from ..patterns import flip_bits, random_patterns
from ..progress import track
from ..theory.gardner import gardner_capacity
from .capacity import crossing

EXPERIMENT = "learning_rules"
STUDY = {"perceptron": 1, "rules": 2, "decorrelation": 3, "modern": 4, "dense": 5, "basins": 6,
         "modern_regimes": 7}
RULES = ("hebb", "storkey", "pseudo_inverse")


def _rng(purpose: str, study: str, seed: int, *parts) -> np.random.Generator:
    return seeds.rng(seed, seeds.spawn_key(EXPERIMENT, purpose, STUDY[study], *parts))


# --------------------------------------------------------------------------- perceptron

def perceptron_runs(seed: int, n: int, kappa: float, alpha: float, trials: int,
                    max_epochs: int, max_steps: int, progress: bool = False) -> xr.Dataset:
    """Free perceptron learning at one (κ, α): per pattern set, which neurons are solved, the
    epochs they took and their smallest stability Δ_i^μ; and, for the rule comparison's
    criterion, the end overlap of sync dynamics (≤ max_steps) from every stored pattern."""
    solved = np.zeros((trials, n), dtype=bool)
    epochs = np.zeros((trials, n), dtype=np.int32)
    stab = np.zeros((trials, n))
    p = n_patterns(alpha, n)
    final_m = np.zeros((trials, p))
    fixed = np.zeros((trials, p), dtype=bool)
    for t in track(range(trials), f"perceptron κ={kappa:g} α={alpha:g} N={n} (pattern sets)",
                   enabled=progress):
        rng = _rng("patterns", "perceptron", seed, n, seeds.value_key(kappa),
                   seeds.value_key(alpha), t)
        x = random_patterns(rng, p, n)
        w, res = perceptron.perceptron_weights(x, kappa, max_epochs=max_epochs)
        solved[t], epochs[t], stab[t] = res.solved, res.epochs, res.min_stability
        final_m[t], _, fixed[t] = _retrieve(w, x, max_steps)
    dims = ("kappa", "alpha", "trial", "neuron")
    pdims = ("kappa", "alpha", "trial", "pattern")
    return xr.Dataset(
        {
            "solved": (dims, solved[None, None], {"long_name": "every pattern has Δ_i^μ > κ"}),
            "epochs": (dims, epochs[None, None], {"long_name": "epochs in which the row was "
                                                  "updated", "units": "1"}),
            "min_stability": (dims, stab[None, None], {"long_name": "min_μ Δ_i^μ = ξ_i h_i / ‖w_i‖",
                                                       "units": "1"}),
            "final_overlap": (pdims, final_m[None, None], {"long_name": "overlap m of the end state "
                                                           "of sync dynamics with its start pattern",
                                                           "units": "1"}),
            "fixed_point": (pdims, fixed[None, None], {"long_name": "the stored pattern is a fixed "
                                                       "point of sgn(W S)"}),
        },
        coords={
            "kappa": ("kappa", [float(kappa)], {"long_name": "required stability κ"}),
            "alpha": ("alpha", [float(alpha)], {"long_name": "nominal load α"}),
            "load": ("alpha", [p / n], {"long_name": "actual load P/N"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "neuron": ("neuron", np.arange(n), {"long_name": "neuron i"}),
            "pattern": ("pattern", np.arange(p), {"long_name": "stored pattern μ"}),
        },
        attrs={"N": n, "max_epochs": max_epochs, "P": p, "max_steps": max_steps},
    )


def analyse_perceptron(runs: list[xr.Dataset], retrieved_overlap: float) -> xr.Dataset:
    """Solved fraction vs α per κ, its ½-crossing α_c(κ), Gardner's α_c(κ), and the mean epochs;
    beside them the rule comparison's criterion (fraction of stored patterns whose sync run ends
    at m ≥ retrieved_overlap, its ½-crossing) and the fraction of exact fixed points.
    Each κ has its own load grid: loads on an index ('point') per κ, NaN-padded."""
    kappas = sorted({float(r["kappa"].values[0]) for r in runs})
    by_k = {k: sorted((r for r in runs if float(r["kappa"].values[0]) == k),
                      key=lambda r: float(r["load"].values[0])) for k in kappas}
    idx = np.arange(max(len(v) for v in by_k.values()))
    frac, epochs, loads, ret, fixed = (np.full((len(kappas), idx.size), np.nan) for _ in range(5))
    est, est_ret = [], []
    for i, k in enumerate(kappas):
        for j, r in enumerate(by_k[k]):
            frac[i, j] = float(r["solved"].mean())
            epochs[i, j] = float(r["epochs"].mean())
            loads[i, j] = float(r["load"].values[0])
            ret[i, j] = float((r["final_overlap"] >= retrieved_overlap).mean())
            fixed[i, j] = float(r["fixed_point"].mean())
        n_k = len(by_k[k])
        est.append(crossing(loads[i, :n_k], frac[i, :n_k]))
        est_ret.append(crossing(loads[i, :n_k], ret[i, :n_k]))
    return xr.Dataset(
        {
            "solved_fraction": (("kappa", "point"), frac,
                                {"long_name": "fraction of neurons solved within the epoch cap",
                                 "units": "1"}),
            "mean_epochs": (("kappa", "point"), epochs,
                            {"long_name": "mean epochs per neuron", "units": "1"}),
            "alpha_c": ("kappa", est, {"long_name": "α where the solved fraction crosses ½ "
                                                    "(NaN: no crossing on the grid)"}),
            "retrieved_fraction": (("kappa", "point"), ret,
                                   {"long_name": f"fraction of stored patterns retrieved with "
                                                 f"m ≥ {retrieved_overlap} by sync dynamics",
                                    "units": "1"}),
            "fixed_point_fraction": (("kappa", "point"), fixed,
                                     {"long_name": "fraction of stored patterns that are fixed "
                                                   "points", "units": "1"}),
            "alpha_c_retrieved": ("kappa", est_ret,
                                  {"long_name": "α where the retrieved fraction crosses ½ (the rule "
                                                "comparison's criterion; NaN: no crossing)"}),
            "gardner": ("kappa", gardner_capacity(np.asarray(kappas, float)),
                        {"long_name": "Gardner α_c(κ) = 1/∫_{−κ}^∞ Dt (t + κ)²"}),
        },
        coords={"kappa": ("kappa", kappas, {"long_name": "required stability κ"}),
                "point": ("point", idx, {"long_name": "index on each κ's load grid"}),
                "load": (("kappa", "point"), loads, {"long_name": "actual load P/N"})},
        attrs={"N": int(runs[0].attrs["N"]), "max_epochs": int(runs[0].attrs["max_epochs"]),
               "trials": int(runs[0].sizes["trial"]), "retrieved_overlap": retrieved_overlap,
               "max_steps": int(runs[0].attrs["max_steps"])},
    )


# --------------------------------------------------------------------------- rule comparison

def rule_weights(rule: str, x: np.ndarray) -> np.ndarray:
    """Weights of one of RULES (or the decorrelated rule) for the patterns x (rows)."""
    if rule == "hebb":
        return hebb.hebbian_sum(x)
    if rule == "storkey":
        return storkey.storkey_weights(x)
    if rule == "pseudo_inverse":
        return pseudo_inverse.pseudo_inverse_weights(x)
    if rule == "decorrelated":
        return hebb.decorrelated_weights(x)
    raise ValueError(f"rule must be one of {RULES + ('decorrelated',)}, got {rule!r}")


def _retrieve(w: np.ndarray, x: np.ndarray, max_steps: int):
    """Sync dynamics from every stored pattern: final overlaps, status, and exact fixed points."""
    rel = binary.relax_sync(w, x, max_steps)
    m = (rel.states.astype(np.float64) * x).mean(axis=1)
    return m, rel.status, binary.is_fixed_point(w, x)


def rule_runs(seed: int, n: int, rule: str, alphas: list[float], trials: int,
              max_steps: int, progress: bool = False) -> xr.Dataset:
    """One rule over the loads `alphas` (ascending): final overlap of sync dynamics started at
    each stored pattern, its status, and whether the pattern is an exact fixed point."""
    ps = [n_patterns(a, n) for a in alphas]
    if ps != sorted(ps) or ps[0] < 1 or ps[-1] > n:
        raise ValueError(f"loads must be ascending and store 1 ≤ P ≤ N patterns, got P = {ps}")
    shape = (len(alphas), trials, ps[-1])
    final_m = np.full(shape, np.nan)
    status = np.full(shape, -1, dtype=np.int8)
    fixed = np.zeros(shape, dtype=bool)
    for t in track(range(trials), f"{rule} N={n} (pattern sets)", enabled=progress):
        # N patterns per set whatever the grid: a load's patterns (the first P) do not depend
        # on the other loads or rules, so no result depends on how the sweep is split.
        x = random_patterns(_rng("patterns", "rules", seed, n, t), n, n)
        w, stored = None, 0
        for i, p in enumerate(ps):
            if rule == "storkey":  # incremental: add the patterns of this load only
                if p > stored:
                    w, stored = storkey.storkey_weights(x[stored:p], w), p
            else:
                w = rule_weights(rule, x[:p])
            m, st, fx = _retrieve(w, x[:p], max_steps)
            final_m[i, t, :p], status[i, t, :p], fixed[i, t, :p] = m, st, fx
    dims = ("rule", "alpha", "trial", "pattern")
    return xr.Dataset(
        {
            "final_overlap": (dims, final_m[None], {"long_name": "overlap m of the end state of "
                                                    "sync dynamics with its start pattern",
                                                    "units": "1"}),
            "status": (dims, status[None], {"long_name": "0 fixed point, 1 two-cycle, 2 step "
                                            "cap, −1 no such pattern (μ ≥ P)"}),
            "fixed_point": (dims, fixed[None], {"long_name": "the stored pattern is a fixed "
                                                "point of sgn(W S)"}),
        },
        coords={
            "rule": ("rule", [rule], {"long_name": "learning rule"}),
            "alpha": ("alpha", np.asarray(alphas, float), {"long_name": "nominal load α"}),
            "load": ("alpha", np.asarray(ps) / n, {"long_name": "actual load P/N"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "pattern": ("pattern", np.arange(ps[-1]), {"long_name": "stored pattern μ"}),
        },
        attrs={"N": n, "max_steps": max_steps},
    )


def analyse_rules(runs: list[xr.Dataset], retrieved_overlap: float) -> xr.Dataset:
    """Retrieved fraction vs α and α_c (½-crossing) per rule; fixed-point fraction per load.
    Loads differ per rule: each rule on its own index ('point'), NaN-padded."""
    rules = [str(r["rule"].values[0]) for r in runs]
    idx = np.arange(max(r.sizes["alpha"] for r in runs))
    frac = np.full((len(runs), idx.size), np.nan)
    fixed = np.full_like(frac, np.nan)
    loads = np.full_like(frac, np.nan)
    est = []
    for k, r in enumerate(runs):
        r = r.isel(rule=0)
        valid = (r["status"] >= 0).sum(["trial", "pattern"]).values
        hits = ((r["final_overlap"] >= retrieved_overlap) & (r["status"] >= 0)).sum(["trial", "pattern"])
        f = hits.values / valid
        a = r.sizes["alpha"]
        frac[k, :a], loads[k, :a] = f, r["load"].values
        fixed[k, :a] = (r["fixed_point"] & (r["status"] >= 0)).sum(["trial", "pattern"]).values / valid
        est.append(crossing(r["load"].values, f))
    return xr.Dataset(
        {
            "retrieved_fraction": (("rule", "point"), frac,
                                   {"long_name": f"fraction of stored patterns retrieved with "
                                                 f"m ≥ {retrieved_overlap}", "units": "1"}),
            "fixed_point_fraction": (("rule", "point"), fixed,
                                     {"long_name": "fraction of stored patterns that are fixed "
                                                   "points", "units": "1"}),
            "alpha_c": ("rule", est, {"long_name": "α where the retrieved fraction crosses ½ "
                                                   "(NaN: no crossing on the grid)"}),
            "max_load": ("rule", np.nanmax(loads, axis=1), {"long_name": "largest load tested"}),
        },
        coords={"rule": ("rule", rules, {"long_name": "learning rule"}),
                "point": ("point", idx, {"long_name": "index on each rule's load grid"}),
                "load": (("rule", "point"), loads, {"long_name": "actual load P/N"})},
        attrs={"N": int(runs[0].attrs["N"]), "retrieved_overlap": retrieved_overlap,
               "max_steps": int(runs[0].attrs["max_steps"]),
               "trials": int(runs[0].sizes["trial"])},
    )


# --------------------------------------------------------------------------- basins

def basin_curves(kappas: list[float], pinv_alphas: list[float]) -> list[tuple[str, str, float]]:
    """(label, rule, κ) of every basin curve at the common load, then the pseudo-inverse's extra
    loads (label 'pseudo_inverse_a<α>'); κ is NaN for the rules without one."""
    out = [(r, r, np.nan) for r in RULES]
    out += [(f"perceptron_k{k:g}", "perceptron", float(k)) for k in kappas]
    return out + [(f"pseudo_inverse_a{a:g}", "pseudo_inverse", np.nan) for a in pinv_alphas]


def basins_runs(seed: int, n: int, alpha: float, kappas: list[float], flips: list[float],
                trials: int, starts: int, max_steps: int, max_epochs: int,
                pinv_alphas: list[float] = (), progress: bool = False) -> xr.Dataset:
    """Basins of attraction: sync dynamics (as in `rule_runs`) from cues = stored patterns
    0..starts−1 with a fraction `flip` of their bits flipped, for Hebb, Storkey, the
    pseudo-inverse and the free perceptron at each κ, all at load α (the same pattern sets and
    the same cues for every rule), and for the pseudo-inverse at the loads `pinv_alphas` too
    (nested: the first P patterns of the same sets, the same cues)."""
    curves = basin_curves(kappas, pinv_alphas)
    loads = [alpha] * (len(curves) - len(pinv_alphas)) + list(pinv_alphas)
    ps = [n_patterns(a, n) for a in loads]
    final_m = np.full((len(curves), len(flips), trials, starts), np.nan)
    status = np.full(final_m.shape, -1, dtype=np.int8)
    solved = np.full((len(curves), trials), np.nan)
    for t in track(range(trials), f"basins N={n} α={alpha:g} (pattern sets)", enabled=progress):
        x = random_patterns(_rng("patterns", "basins", seed, n, t), n, n)
        cues = np.concatenate([flip_bits(x[:starts], int(round(f * n)),
                                         _rng("cue", "basins", seed, n, seeds.value_key(f), t))
                               for f in flips])
        for c, ((_, rule, kappa), p) in enumerate(zip(curves, ps)):
            s = min(starts, p)
            if rule == "perceptron":
                w, res = perceptron.perceptron_weights(x[:p], kappa, max_epochs=max_epochs)
                solved[c, t] = res.solved_fraction
            else:
                w = rule_weights(rule, x[:p])
            cue = cues.reshape(len(flips), starts, n)[:, :s].reshape(-1, n)
            rel = binary.relax_sync(w, cue, max_steps)
            m = (rel.states.astype(np.float64).reshape(len(flips), s, n) * x[:s]).mean(axis=2)
            final_m[c, :, t, :s] = m
            status[c, :, t, :s] = rel.status.reshape(len(flips), s)
    dims = ("curve", "flip", "trial", "pattern")
    return xr.Dataset(
        {
            "final_overlap": (dims, final_m, {"long_name": "overlap m of the end state of sync "
                                              "dynamics from the cue with the cued pattern",
                                              "units": "1"}),
            "status": (dims, status, {"long_name": "0 fixed point, 1 two-cycle, 2 step cap, "
                                      "−1 no such pattern"}),
            "solved_fraction": (("curve", "trial"), solved,
                                {"long_name": "perceptron: fraction of neurons solved (NaN: "
                                              "other rules)", "units": "1"}),
        },
        coords={
            "curve": ("curve", [c[0] for c in curves], {"long_name": "rule (and κ or load)"}),
            "rule": ("curve", [c[1] for c in curves], {"long_name": "learning rule"}),
            "kappa": ("curve", [c[2] for c in curves], {"long_name": "perceptron stability κ"}),
            "alpha": ("curve", np.asarray(loads, float), {"long_name": "nominal load α"}),
            "load": ("curve", np.asarray(ps) / n, {"long_name": "actual load P/N"}),
            "flip": ("flip", np.asarray(flips, float), {"long_name": "fraction of the cue's bits "
                                                        "flipped", "units": "1"}),
            "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
            "pattern": ("pattern", np.arange(starts), {"long_name": "cued pattern μ"}),
        },
        attrs={"N": n, "alpha": alpha, "max_steps": max_steps, "max_epochs": max_epochs},
    )


def analyse_basins(runs: xr.Dataset, retrieved_overlap: float) -> xr.Dataset:
    """Retrieval probability (end overlap ≥ retrieved_overlap) vs flip fraction per curve and
    the flip fraction where it first falls below ½ (linear interpolation; NaN when it never
    does on the grid, or is below ½ already at the first flip)."""
    valid = runs["status"] >= 0
    prob = ((runs["final_overlap"] >= retrieved_overlap) & valid).sum(["trial", "pattern"]) / \
        valid.sum(["trial", "pattern"])
    flips = runs["flip"].values
    half = [crossing(flips, prob.values[c]) for c in range(runs.sizes["curve"])]
    out = xr.Dataset(
        {
            "probability": (("curve", "flip"), prob.values,
                            {"long_name": f"fraction of cues retrieved with m ≥ {retrieved_overlap}",
                             "units": "1"}),
            "half_point": ("curve", half, {"long_name": "flip fraction where the retrieval "
                                                        "probability falls below ½", "units": "1"}),
            "solved_fraction": runs["solved_fraction"].mean("trial"),
            "cues": ("curve", valid.isel(flip=0).sum(["trial", "pattern"]).values,
                     {"long_name": "cues per flip fraction"}),
        },
        coords={k: runs[k] for k in ("curve", "rule", "kappa", "alpha", "load", "flip")},
        attrs={**runs.attrs, "retrieved_overlap": retrieved_overlap,
               "trials": int(runs.sizes["trial"])},
    )
    out["solved_fraction"].attrs = runs["solved_fraction"].attrs
    return out


# --------------------------------------------------------------------------- decorrelation

def decorrelation_runs(seed: int, n: int, alpha: float, bias: float, trials: int,
                       max_steps: int) -> xr.Dataset:
    """Biased patterns: Hebb and the decorrelated rule, sync dynamics from every stored pattern."""
    p = n_patterns(alpha, n)
    rules = ("hebb", "decorrelated")
    final_m = np.zeros((2, trials, p))
    for t in range(trials):
        x = hebb.biased_patterns(_rng("patterns", "decorrelation", seed, n,
                                      seeds.value_key(bias), t), p, n, bias)
        for k, rule in enumerate(rules):
            final_m[k, t] = _retrieve(rule_weights(rule, x), x, max_steps)[0]
    return xr.Dataset(
        {"final_overlap": (("rule", "trial", "pattern"), final_m,
                           {"long_name": "overlap m of the end state with its start pattern",
                            "units": "1"})},
        coords={"rule": ("rule", list(rules), {"long_name": "learning rule"}),
                "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
                "pattern": ("pattern", np.arange(p), {"long_name": "stored pattern μ"})},
        attrs={"N": n, "alpha": alpha, "P": p, "pattern_bias": bias, "max_steps": max_steps},
    )


# --------------------------------------------------------------------------- modern Hopfield

def modern_runs(seed: int, n: int, p: int, flip: float, betas: list[float],
                cues: int) -> xr.Dataset:
    """One modern update of `cues` cues (a fraction `flip` of a random stored pattern's bits
    flipped) at each β: overlap (1/N) ξ_new·x^target per cue."""
    rng = _rng("patterns", "modern", seed, n, p)
    x = random_patterns(rng, p, n)
    crng = _rng("cue", "modern", seed, n, p, seeds.value_key(flip))
    targets = crng.choice(p, cues, replace=False)
    c = flip_bits(x[targets], int(round(flip * n)), crng)
    want = x[targets].astype(np.float64)
    m = np.stack([(dense.modern_update(x, c, b) * want).mean(axis=1) for b in betas])
    return xr.Dataset(
        {"overlap": (("beta", "trial"), m, {"long_name": "overlap (1/N) ξ_new·x^target after "
                                            "one update", "units": "1"})},
        coords={"beta": ("beta", np.asarray(betas, float), {"long_name": "inverse temperature β"}),
                "trial": ("trial", np.arange(cues), {"long_name": "cue"})},
        attrs={"N": n, "P": p, "flip": flip, "flipped_bits": int(round(flip * n))},
    )


def modern_regime_runs(seed: int, n: int, clusters: int, size: int, within_flip: float,
                       cue_flip: float, betas: list[float], cues: int,
                       max_updates: int) -> xr.Dataset:
    """The three regimes of the modern update (Ramsauer et al. 2020) on clustered patterns
    (`dense.clustered_patterns`, P = clusters·size): from each cue (a stored pattern with a
    fraction `cue_flip` of its bits flipped) the update is iterated to its fixed point
    (`dense.modern_fixed_point`) at each β; recorded per cue: the overlap with the cued
    pattern, the effective number of patterns 1/Σ_μ p_μ² of the softmax at the fixed point, and
    the RMS distances to the mean of all patterns and to the mean of the cue's cluster."""
    x = dense.clustered_patterns(_rng("patterns", "modern_regimes", seed, n, clusters, size,
                                      seeds.value_key(within_flip)), clusters, size, n, within_flip)
    p = len(x)
    crng = _rng("cue", "modern_regimes", seed, n, clusters, size, seeds.value_key(cue_flip))
    targets = crng.choice(p, cues, replace=False)
    c = flip_bits(x[targets], int(round(cue_flip * n)), crng)
    xf = x.astype(np.float64)
    want = xf[targets]
    cluster_mean = xf.reshape(clusters, size, n).mean(axis=1)[targets // size]
    shape = (len(betas), cues)
    m, n_eff, d_all, d_clu, upd = (np.zeros(shape) for _ in range(5))
    conv = np.zeros(shape, dtype=bool)
    for k, b in enumerate(betas):
        s, upd[k], conv[k] = dense.modern_fixed_point(x, c, b, max_updates=max_updates)
        m[k] = (s * want).mean(axis=1)
        n_eff[k] = 1.0 / (dense.modern_weights(x, s, b) ** 2).sum(axis=1)
        d_all[k] = np.sqrt(((s - xf.mean(axis=0)) ** 2).mean(axis=1))
        d_clu[k] = np.sqrt(((s - cluster_mean) ** 2).mean(axis=1))
    dims = ("beta", "trial")
    return xr.Dataset(
        {
            "overlap": (dims, m, {"long_name": "overlap (1/N) ξ*·x^target of the fixed point with "
                                  "the cued pattern", "units": "1"}),
            "effective_patterns": (dims, n_eff, {"long_name": "effective number of patterns 1/Σ_μ p_μ² "
                                                 "of softmax(β X ξ*)", "units": "1"}),
            "distance_to_mean": (dims, d_all, {"long_name": "RMS distance of ξ* to the mean of all "
                                               "patterns", "units": "1"}),
            "distance_to_cluster": (dims, d_clu, {"long_name": "RMS distance of ξ* to the mean of "
                                                  "the cue's cluster", "units": "1"}),
            "updates": (dims, upd.astype(np.int32), {"long_name": "updates to the fixed point",
                                                     "units": "1"}),
            "converged": (dims, conv, {"long_name": "reached max |Δξ| ≤ 1e-8 within the cap"}),
        },
        coords={"beta": ("beta", np.asarray(betas, float), {"long_name": "inverse temperature β"}),
                "trial": ("trial", np.arange(cues), {"long_name": "cue"})},
        attrs={"N": n, "P": p, "clusters": clusters, "cluster_size": size,
               "within_flip": within_flip, "cue_flip": cue_flip, "max_updates": max_updates},
    )


def modern_regimes(runs: xr.Dataset) -> xr.Dataset:
    """Classify each cue's fixed point by the effective number of patterns n_eff it averages:
    'global' (n_eff > P/2: ≈ the mean of all patterns), 'single' (n_eff < 2: one pattern carries
    most of the weight), 'metastable' in between (an average over a subset); per β the fraction
    of cues in each and the median n_eff."""
    ne = runs["effective_patterns"]
    p = runs.attrs["P"]
    frac = xr.concat([(ne > p / 2).mean("trial"), ((ne >= 2) & (ne <= p / 2)).mean("trial"),
                      (ne < 2).mean("trial")], dim="regime")
    return xr.Dataset(
        {"fraction": (("regime", "beta"), frac.values,
                      {"long_name": "fraction of cues whose fixed point is in the regime",
                       "units": "1"}),
         "median_effective_patterns": ne.median("trial").assign_attrs(
             long_name="median over cues of the effective number of patterns 1/Σ_μ p_μ²", units="1"),
         "mean_overlap": runs["overlap"].mean("trial").assign_attrs(
             long_name="mean overlap of the fixed point with the cued pattern", units="1")},
        coords={"regime": ("regime", ["global", "metastable", "single"],
                           {"long_name": "global average, metastable subset average, single pattern"}),
                "beta": runs["beta"]},
        attrs=dict(runs.attrs),
    )


# --------------------------------------------------------------------------- dense memory

def dense_runs(seed: int, n: int, degree: int, loads: list[float], trials: int, starts: int,
               max_steps: int, progress: bool = False) -> xr.Dataset:
    """Krotov–Hopfield dense memory F(x) = xⁿ at one (n, N): sync dynamics from stored patterns
    0..starts−1 at P = round(λ N^{n−1}) for each reduced load λ in `loads`; final overlap with
    the start pattern. The capacity P_c(N) grows like N^{n−1}, so λ_c is N-independent."""
    ps = [max(1, int(lam * n ** (degree - 1) + 0.5)) for lam in loads]
    if ps != sorted(ps):
        raise ValueError(f"loads must be ascending, got P = {ps}")
    final_m = np.full((len(loads), trials, starts), np.nan)
    for t in track(range(trials), f"dense n={degree} N={n} (pattern sets)", enabled=progress):
        for i, p in enumerate(ps):
            x = random_patterns(_rng("patterns", "dense", seed, n, degree, p, t), p, n)
            s = min(starts, p)
            end, _, _ = dense.dense_relax(x, x[:s], degree, mode="sync", max_sweeps=max_steps)
            final_m[i, t, :s] = (end.astype(np.float64) * x[:s]).mean(axis=1)
    return xr.Dataset(
        {"final_overlap": (("degree", "N", "load", "trial", "pattern"), final_m[None, None],
                           {"long_name": "overlap m of the end state of sync dense dynamics with "
                                         "its start pattern", "units": "1"})},
        coords={"degree": ("degree", [degree], {"long_name": "interaction degree n of F(x) = xⁿ"}),
                "N": ("N", [n], {"long_name": "network size N"}),
                "load": ("load", np.asarray(loads, float),
                         {"long_name": "reduced load λ = P / N^{n−1}"}),
                "n_patterns": (("N", "load"), np.asarray([ps]), {"long_name": "stored patterns P"}),
                "trial": ("trial", np.arange(trials), {"long_name": "pattern set"}),
                "pattern": ("pattern", np.arange(starts), {"long_name": "start pattern μ"})},
        attrs={"max_steps": max_steps},
    )


def analyse_dense(runs: list[xr.Dataset], retrieved_overlap: float) -> xr.Dataset:
    """Per (n, N): the retrieved fraction vs P and its ½-crossing P_c; per n: the slope of
    ln P_c against ln N (least squares), expected n − 1."""
    degrees = sorted({int(r["degree"].values[0]) for r in runs})
    sizes = sorted({int(n) for r in runs for n in r["N"].values})
    pc = np.full((len(degrees), len(sizes)), np.nan)
    ran = np.zeros((len(degrees), len(sizes)), dtype=bool)
    slope = np.full(len(degrees), np.nan)
    for r in runs:  # each run: one degree, one or more N
        d = int(r["degree"].values[0])
        for j, n in enumerate(r["N"].values):
            m = r["final_overlap"].isel(degree=0, N=j)
            valid = np.isfinite(m)
            frac = ((m >= retrieved_overlap) & valid).sum(["trial", "pattern"]) / \
                valid.sum(["trial", "pattern"])
            p = r["n_patterns"].values[j].astype(float)
            pc[degrees.index(d), sizes.index(int(n))] = crossing(p, frac.values)
            ran[degrees.index(d), sizes.index(int(n))] = True
    for i in range(len(degrees)):
        ok = np.isfinite(pc[i])
        if ok.sum() >= 2:
            slope[i] = numerics.linear_fit(np.log(np.asarray(sizes)[ok]), np.log(pc[i][ok]))[1]
    return xr.Dataset(
        {"critical_patterns": (("degree", "N"), pc,
                               {"long_name": f"P where the fraction retrieved (m ≥ {retrieved_overlap}) "
                                             "crosses ½"}),
         "measured": (("degree", "N"), ran, {"long_name": "this (n, N) was run"}),
         "slope": ("degree", slope, {"long_name": "least-squares slope of ln P_c vs ln N"}),
         "expected_slope": ("degree", np.asarray(degrees, float) - 1,
                            {"long_name": "n − 1 (Krotov & Hopfield)"})},
        coords={"degree": ("degree", degrees, {"long_name": "interaction degree n"}),
                "N": ("N", sizes, {"long_name": "network size N"})},
        attrs={"retrieved_overlap": retrieved_overlap},
    )
