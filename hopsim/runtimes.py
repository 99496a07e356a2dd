"""Time limit of every data job of the study (Snakemake's `runtime`, minutes), from the config alone.

The companion of `hopsim.resources` (memory): the workflow's rules request these with their
wildcards, and a cluster's scheduler kills a job that outlives its limit, so each is a bound, not
a forecast: 3× the job's worst-case work at a conservative speed, plus 5 minutes of start-up.
Work is counted in multiply-adds at `experiments.capacity.MULTIPLY_ADDS_PER_SECOND` per thread;
the ring and spiking simulations count time steps instead. Rules whose limit is a constant
(gather, analysis, figures, reports, and a few small data steps) keep it in their rule file; the
large-N capacity job's cost model is `experiments.capacity.large_job_resources`.
"""

from __future__ import annotations

import math

from .config import n_patterns
from .experiments.capacity import MULTIPLY_ADDS_PER_SECOND
from .resources import spiking_duration_ms


def minutes(multiply_adds: float, threads: int = 1) -> int:
    """Time limit of a job doing this many multiply-adds: 3× their time at the conservative
    per-thread rate, plus 5 minutes of start-up."""
    return 5 + math.ceil(3 * multiply_adds / (MULTIPLY_ADDS_PER_SECOND * threads) / 60)


# --------------------------------------------------------------------------- capacity

def _capacity_minutes(cap: dict, n: int, alphas: list[float], per_set, threads: int = 1) -> int:
    """A (N, α chunk) job: `per_set(n, P)` multiply-adds for each of its pattern sets."""
    sets = [n_patterns(a, n) for a in alphas] * cap["trials"]
    return minutes(sum(per_set(n, p) for p in sets), threads)


def capacity_patterns(cap: dict, n: int, alphas: list[float]) -> int:
    return _capacity_minutes(cap, n, alphas, lambda n, p: n * p)


def capacity_weights(cap: dict, n: int, alphas: list[float]) -> int:
    return _capacity_minutes(cap, n, alphas, lambda n, p: n * n * p)


def capacity_retrieval(cap: dict, n: int, alphas: list[float], threads: int) -> int:
    """Per pattern set and cue level, each start: first fields N·P, about N·(f + 0.1) flips of
    O(N) each (f the cue noise; a stored pattern loses a few % of its bits above α_c), and up
    to 100 sweeps of N visits."""
    def work(n, p):
        starts = min(cap["starts_per_trial"], p)
        return sum(starts * (n * p + n * n * (f + 0.1) + 100 * n) for f in cap["cue_noise"])

    return _capacity_minutes(cap, n, alphas, work, threads)


# --------------------------------------------------------------------------- fixed points

def fixed_points_patterns(fp: dict, alpha: float) -> int:
    return minutes(fp["trials"] * fp["N"] * n_patterns(alpha, fp["N"]))


def fixed_points_weights(fp: dict, alpha: float) -> int:
    return minutes(fp["trials"] * fp["N"] ** 2 * n_patterns(alpha, fp["N"]))


def fixed_points_run(fp: dict, dynamics: str) -> int:
    """Every start (3 kinds per pattern set) at the step cap, N² per state and step: a bound."""
    cap = fp["max_sweeps"] if dynamics == "async" else fp["max_steps"]
    return minutes(fp["trials"] * 3 * fp["starts_per_condition"] * cap * fp["N"] ** 2)


# --------------------------------------------------------------------------- stochastic

def _glauber_work(n: int, p: int, runs: int, sweeps: int) -> int:
    """Async Glauber: every visit reads P overlaps, and up to half the visits flip (P more)."""
    return runs * sweeps * n * (2 * p + 50)


def stochastic_low_load(st: dict) -> int:
    low = st["low_load"]
    return minutes(_glauber_work(low["N"], n_patterns(low["alpha"], low["N"]),
                                 low["trials"] * low["starts"] * len(low["temperature"]), low["sweeps"]))


def stochastic_graded_response(st: dict) -> int:
    low = st["low_load"]
    return minutes(4 * low["trials"] * len(low["temperature"]) * low["graded_steps"]
                   * low["N"] * n_patterns(low["alpha"], low["N"]))


def stochastic_overlap_map(st: dict) -> int:
    om = st["overlap_map"]
    return minutes(4 * om["trials"] * len(om["temperature"]) * om["steps"]
                   * om["N"] * n_patterns(om["alpha"], om["N"]))


def stochastic_map(st: dict, alpha: float) -> int:
    sm = st["retrieval_map"]
    runs = sm["trials"] * sm["starts"] * len(sm["temperature"])
    return minutes(_glauber_work(sm["N"], n_patterns(alpha, sm["N"]), runs, sm["sweeps"]))


# --------------------------------------------------------------------------- low activity

def low_activity_capacity(la: dict, activity: float) -> int:
    """Weights N² P_max per set, and each start's flips at O(N) each (at most N per sweep)."""
    n, p_max = la["N"], 3 * la["N"] / (2 * activity)  # generous P_max bound
    return minutes(la["trials"] * (n * n * p_max + len(la["load_fractions"]) * la["starts"] * 5 * n * n))


# --------------------------------------------------------------------------- ring

def _ring_minutes(ring: dict, seconds: float, rows: int, n: int, dense: bool = False) -> int:
    """A ring job simulating `seconds` of `rows` networks of n neurons: 3× a conservative
    per-step cost (50 µs of numpy overhead plus the field: O(N) per row from the projections,
    O(N²) for a dense matrix), plus 5 minutes of start-up."""
    steps = seconds / (ring["dt_ms"] / 1000)
    per_step = 5e-5 + rows * n * (n if dense else 50) * 2e-9
    return 5 + math.ceil(3 * steps * per_step / 60)


def ring_linear(ring: dict) -> int:
    lin = ring["linear"]
    return _ring_minutes(ring, lin["duration_s"], 10 * lin["phases"], lin["N"])


def ring_bump(ring: dict) -> int:
    bump = ring["bump"]
    return _ring_minutes(ring, bump["hold_s"] + 5, 2 * len(bump["excitation"]) * len(bump["inhibition"]),
                         ring["network"]["N"])


def ring_calibration(ring: dict) -> int:
    cal = ring["calibration"]
    return _ring_minutes(ring, 2 + cal["settle_s"] + cal["measure_s"], cal["points"], ring["network"]["N"])


def ring_tracking(ring: dict) -> int:
    tr = ring["tracking"]
    return _ring_minutes(ring, 2 * tr["duration_s"], tr["noisy_trials"], ring["network"]["N"])


def ring_diffusion(ring: dict, n: int) -> int:
    dif = ring["diffusion"]
    return _ring_minutes(ring, dif["duration_s"], 3 * dif["trials"], n)


def ring_heterogeneity(ring: dict) -> int:
    het = ring["heterogeneity"]
    return _ring_minutes(ring, het["duration_s"] * len(het["epsilon"]), het["starts"], ring["network"]["N"],
                         dense=True)


# --------------------------------------------------------------------------- spiking

def spiking_run(sp: dict, run: str) -> int:
    """At a conservative 1 µs of CPU per neuron and simulated millisecond (measured 0.32 at
    dt = 0.25 ms and a 1 Hz background), × 3, + 5."""
    net = sp["network"]
    n = net["N_E"] + net["N_I"]
    steps_per_ms = 0.25 / net["dt_ms"]
    return 5 + math.ceil(3 * n * spiking_duration_ms(sp, run) * steps_per_ms * 1e-6 / 60)


# --------------------------------------------------------------------------- learning rules

def learning_rules_perceptron(lr: dict, alpha: float) -> int:
    """Batch perceptron: ≤ 2 N² P multiply-adds per epoch, every epoch near α_c."""
    perc = lr["perceptron"]
    n = perc["N"]
    return minutes(perc["trials"] * perc["max_epochs"] * 2 * n * n * alpha * n)


def learning_rules_rule(lr: dict) -> int:
    """Storkey: ~3 N² per pattern, nested; the others an N² P product (or an SVD) per load."""
    return minutes(lr["rules"]["trials"] * 10 * lr["rules"]["N"] ** 3)


def learning_rules_dense(lr: dict, run: dict) -> int:
    """Sync steps of `starts` states over every N of one degree's `run`: the (states, P, N)
    tensor, ~10 flops an entry."""
    dense = lr["dense"]
    return minutes(sum(dense["trials"] * len(run["loads"]) * dense["max_steps"] * 10
                       * dense["starts"] * max(run["loads"]) * n ** int(run["degree"]) for n in run["N"]))


def learning_rules_basins(lr: dict) -> int:
    """Sync steps of every cue (flips × starts × sets per rule and load), N² each."""
    bas = lr["basins"]
    return minutes(bas["trials"] * len(bas["flips"]) * bas["starts"] * lr["rules"]["max_steps"]
                   * (6 + len(bas["kappa"])) * 2 * bas["N"] ** 2)


# --------------------------------------------------------------------------- demo

def demo_showcase(demo: dict) -> int:
    return minutes(len(demo["loads"]) * demo["side"] ** 4 * (max(demo["loads"]) + 2 * demo["max_sweeps"]))


def demo_noise(demo: dict) -> int:
    noise = demo["noise"]
    return minutes(noise["trials"] * len(demo["loads"]) * demo["side"] ** 4
                   * (max(demo["loads"]) + len(demo["letters"]) * len(noise["flip"]) * noise["max_sweeps"]))
