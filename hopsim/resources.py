"""Memory of every data job of the study (Snakemake's `mem_mb`), from the config alone.

The workflow's rules request these (workflow/rules/*.smk call them with their wildcards), and
`hopsim.config.validate` refuses a config whose largest job would ask for more than
`max_job_mem_mb`: one set of estimates for both, so a job that is planned is a job that fits.

Each estimate is the job's peak: a base for the interpreter and its libraries plus the largest
arrays it holds at once (entries × bytes per entry; factors measured with tracemalloc on the
experiment functions, rounded up). They depend on sizes only, never on the machine. Rules whose
request is a constant (gather, analysis, figures, reports, and a few small data steps) keep it in
their rule file. Time limits are `hopsim.runtimes`' (they assume a machine's speed). The large-N
capacity job's cost model is `experiments.capacity.large_job_resources`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import n_patterns

BASE_MB = 500  # interpreter, numpy, numba, xarray, zarr


def _mb(base: float, nbytes: float) -> int:
    return int(base + nbytes / 1e6)


def _trace_bytes(states: int, cap: int) -> float:
    """The energy (or overlap) trace a relaxation keeps: float64 per state and sweep or step."""
    return 8.0 * states * (cap + 1)


# --------------------------------------------------------------------------- capacity

def capacity_patterns(cap: dict, n: int, alphas: list[float]) -> int:
    """The padded (loads, sets, P_max, N) int8 store and the draw's two copies of one set."""
    p_max = max(n_patterns(a, n) for a in alphas)
    return _mb(300, (len(alphas) * cap["trials"] + 2) * p_max * n)


def capacity_weights(cap: dict, n: int, alphas: list[float]) -> int:
    """int16 Hebbian sums of every set with their float32 GEMM operands: 6 bytes per entry."""
    return _mb(300, 6 * len(alphas) * cap["trials"] * n * n)


def capacity_retrieval(cap: dict, n: int, alphas: list[float]) -> int:
    """The int16 sums and the fields (4 bytes per entry), and one batch's energy traces."""
    starts = min(cap["starts_per_trial"], max(n_patterns(a, n) for a in alphas))
    return _mb(300, 4 * len(alphas) * cap["trials"] * n * n
               + _trace_bytes(starts, cap["max_sweeps"]))


# --------------------------------------------------------------------------- fixed points

def fixed_points_patterns(fp: dict, alpha: float) -> int:
    return _mb(300, 2 * fp["trials"] * fp["N"] * n_patterns(alpha, fp["N"]))


def fixed_points_weights(fp: dict) -> int:
    return _mb(300, 6 * fp["trials"] * fp["N"] ** 2)


def fixed_points_run(fp: dict, dynamics: str) -> int:
    """The sums with their float copies, and the energy traces of every start (4 kinds), both
    those kept for every set and the kernel's of one set."""
    cap = fp["max_sweeps"] if dynamics == "async" else fp["max_steps"]
    t = fp["trials"]
    return _mb(BASE_MB, 8 * t * fp["N"] ** 2
               + (t + 1) * _trace_bytes(4 * fp["starts_per_condition"], cap))


# --------------------------------------------------------------------------- stochastic

def _stationary_traces(run: dict) -> float:
    """`experiments.stochastic.stationary` for one α: the float32 trace of every run, and the
    kernel's float64 overlaps of one (set, T) call (each start against each recorded pattern)."""
    samples = run["sweeps"] + 1
    return (4 * len(run["temperature"]) * run["trials"] * run["starts"] * samples
            + 8 * run["starts"] ** 2 * samples)


def stochastic_low_load(st: dict) -> int:
    return _mb(BASE_MB, _stationary_traces(st["low_load"]))


def stochastic_overlap_map(st: dict) -> int:
    """Float copies of the patterns in the parallel updates."""
    om = st["overlap_map"]
    return _mb(BASE_MB, 40 * om["N"] * max(n_patterns(om["alpha"], om["N"]), 1))


def stochastic_map(st: dict, alpha: float) -> int:
    """The pattern columns and the overlap traces of one α."""
    sm = st["retrieval_map"]
    return _mb(BASE_MB, 1.2 * sm["N"] * n_patterns(alpha, sm["N"]) + _stationary_traces(sm))


# --------------------------------------------------------------------------- low activity

def low_activity_capacity(la: dict) -> int:
    """Pattern counts, W, Wᵀ and temporaries: 7 float64 N × N (measured 6.8)."""
    return _mb(600, 7 * 8 * la["N"] ** 2)


def low_activity_overlap_map(la: dict) -> int:
    """Float64 copies of the patterns (the pattern form: W is never formed)."""
    om = la["overlap_map"]
    return _mb(1000, 32 * om["N"] * max(n_patterns(om["alpha"], om["N"]), 1))


# --------------------------------------------------------------------------- ring

def ring_steps(ring: dict, seconds: float) -> int:
    """Steps of dt in `seconds`, rounded as `experiments.ring` does."""
    return int(round(seconds / (ring["dt_ms"] / 1000)))


def ring_record_every(ring: dict, record_ms: float) -> int:
    """Steps between stored samples, rounded as the ring scripts do."""
    return max(1, round(record_ms / ring["dt_ms"]))


def ring_linear(ring: dict) -> int:
    """The trajectory of every start, a sample every 10 steps, and two projections of it."""
    lin = ring["linear"]
    starts = len(lin["gain"]) * len(lin["amplitude_hz"]) * lin["phases"]
    samples = ring_steps(ring, lin["duration_s"]) // 10 + 1
    return _mb(BASE_MB, 3 * 8 * samples * starts * lin["N"])


def ring_tracking(ring: dict) -> int:
    """The float32 activity of two runs."""
    tr = ring["tracking"]
    return _mb(BASE_MB, 2 * 4 * ring["network"]["N"] * tr["duration_s"] / (tr["record_ms"] / 1000))


def ring_diffusion(ring: dict, n: int) -> int:
    """Each trial's state and noise block, and its heading and amplitude at every sample."""
    dif = ring["diffusion"]
    samples = ring_steps(ring, dif["duration_s"]) // ring_record_every(ring, dif["record_ms"]) + 1
    return _mb(BASE_MB, dif["trials"] * (8 * 250 * n + 16 * samples))


def ring_heterogeneity(ring: dict) -> int:
    """The dense weights, their perturbation and copies: 5 float64 N × N (measured 4.0)."""
    return _mb(BASE_MB, 5 * 8 * ring["network"]["N"] ** 2)


# --------------------------------------------------------------------------- spiking

def spiking_duration_ms(sp: dict, run: str) -> float:
    """Simulated time of a spiking run (ms): warm-up, spontaneous period, and for each cue the
    cue, its delay, the reset and the recovery."""
    proto, cap, ref = sp["protocol"], sp["capacity"], sp["reference"]
    per_cue = proto["cue_ms"] + proto["delay_ms"] + proto["reset_ms"] + proto["recovery_ms"]
    if run == "sequence":
        cues = min(proto["cues"], sp["memory"]["patterns"])
        rest = proto["spontaneous_ms"] + cues * per_cue + proto["long_delay_ms"] - proto["delay_ms"]
    elif run == "reference":
        rest = ref["spontaneous_ms"] + ref["patterns"] * per_cue
    elif run == "memory_free":
        rest = sp["mean_field"]["duration_ms"]
    else:
        rest = cap["spontaneous_ms"] + min(cap["cues"], int(run.removeprefix("capacity"))) * per_cue
    return proto["warmup_ms"] + rest


def spiking_run(sp: dict, run: str) -> int:
    """The synapse tables while they are built (pairs, counts, the CSR sort: ≈ 60 bytes per
    synapse, measured 48 at 10^7 synapses), the spike buffers (two int32 per spike at up to 20 Hz
    per neuron) and the per-neuron counts per delay."""
    net = sp["network"]
    n = net["N_E"] + net["N_I"]
    synapses = n * net["epsilon"] * n
    spikes = n * 20.0 * spiking_duration_ms(sp, run) / 1000
    return _mb(BASE_MB, 60 * synapses + 8 * spikes * 2 + 4 * net["N_E"] * (sp["protocol"]["cues"] + 10))


# --------------------------------------------------------------------------- learning rules

def learning_rules_perceptron(lr: dict, alpha: float) -> int:
    """6 (1 + α) float64 N × N (measured 6.1 at α = 0.5)."""
    return _mb(BASE_MB, 6 * 8 * lr["perceptron"]["N"] ** 2 * (1 + alpha))


def learning_rules_rule(lr: dict) -> int:
    """10 float64 N × N (Storkey measured 5.2, the pseudo-inverse 3.8)."""
    return _mb(BASE_MB, 10 * 8 * lr["rules"]["N"] ** 2)


def learning_rules_decorrelation(lr: dict) -> int:
    return _mb(BASE_MB, 6 * 8 * lr["decorrelation"]["N"] ** 2)


def learning_rules_basins(lr: dict) -> int:
    """12 float64 N × N (measured 5.3)."""
    return _mb(BASE_MB, 12 * 8 * lr["basins"]["N"] ** 2)


def learning_rules_modern(lr: dict) -> int:
    """The (cues, P) scores of one update and their softmax."""
    return _mb(BASE_MB, 3 * 8 * lr["modern"]["cues"] * lr["modern"]["P"])


def learning_rules_modern_regimes(lr: dict) -> int:
    reg = lr["modern_regimes"]
    return _mb(BASE_MB, 4 * 8 * reg["cues"] * reg["clusters"] * reg["cluster_size"])


def dense_patterns(load: float, n: int, degree: int) -> int:
    """P = round(λ N^{n−1}) of the dense-memory runs (`experiments.learning_rules.dense_runs`)."""
    return int(load * n ** (degree - 1) + 0.5)


def learning_rules_dense(run: dict) -> int:
    """The (states, P, N) tensor in chunks of 2^22 entries, and the largest pattern set with
    its draw's copies."""
    largest = max(dense_patterns(max(run["loads"]), n, run["degree"]) * n for n in run["N"])
    return _mb(600, 8 * 4 * 2**22 + 3 * largest)


# --------------------------------------------------------------------------- demo

def demo_showcase(demo: dict) -> int:
    """Hebbian sums of the largest load, their float32 operands and the decorrelated control's
    float64 weights (20 bytes per entry, measured 18.2), and the recorded trajectory (int8 and a
    float32 copy per record)."""
    n = demo["side"] ** 2
    records = demo["max_sweeps"] * demo["records_per_sweep"] + 1
    return _mb(BASE_MB, 20 * n * n + 5 * records * n)


def demo_noise(demo: dict) -> int:
    """Hebbian sums of the largest load and their float32 operands (measured 6.2 per entry)."""
    return _mb(BASE_MB, 14 * demo["side"] ** 4)


# --------------------------------------------------------------------------- every job

@dataclass(frozen=True)
class Job:
    rule: str         # the workflow rule
    size: str         # what sets its memory, in words
    mem_mb: int
    keys: tuple       # the config keys that set it, the first one the main one


def jobs(cfg: dict):
    """Every data job a validated config plans whose memory depends on the config."""
    from .experiments.capacity import alpha_chunks, large_alphas, large_job_resources, large_threads
    from .theory.gardner import gardner_capacity

    cap = cfg["capacity"]
    cap_keys = ("capacity.N", "capacity.alpha_per_job", "capacity.trials")
    for n in cap["N"]:
        for chunk in alpha_chunks(cap["alpha"], cap["alpha_per_job"]):
            size = f"N = {n}, {len(chunk) * cap['trials']} pattern sets"
            yield Job("capacity_patterns", size, capacity_patterns(cap, n, chunk), cap_keys)
            yield Job("capacity_weights", size + " of N × N weights",
                      capacity_weights(cap, n, chunk), cap_keys)
            yield Job("capacity_retrieval", size + " of N × N weights",
                      capacity_retrieval(cap, n, chunk), cap_keys + ("capacity.max_sweeps",))
    large = cfg.get("capacity_large")
    if large:
        for n, starts, per_job in zip(large["N"], large["starts"], large["trials_per_job"]):
            alpha_key = f"capacity_large.alpha_by_N.{n}" if n in large.get("alpha_by_N", {}) \
                else "capacity_large.alpha"
            for a in large_alphas(large, n):
                p = n_patterns(a, n)
                yield Job("capacity_large_retrieval", f"N = {n}, α = {a:g}: P = {p} patterns as bits, "
                          "N·P/8 bytes",
                          large_job_resources(n, p, starts, per_job, large["max_sweeps"], large_threads(n))
                          ["mem_mb"], ("capacity_large.N", alpha_key))
        if "point" in large:
            pt = large["point"]
            n, p = pt["N"], n_patterns(pt["alpha"], pt["N"])
            yield Job("capacity_large_point", f"N = {n}, α = {pt['alpha']:g}: P = {p} patterns as "
                      "bits, N·P/8 bytes",
                      large_job_resources(n, p, pt["starts"], 1, large["max_sweeps"], large_threads(n))
                      ["mem_mb"], ("capacity_large.point.N", "capacity_large.point.alpha"))
    fp = cfg["fixed_points"]
    fp_size = f"N = {fp['N']}, {fp['trials']} sets of N × N weights"
    fp_keys = ("fixed_points.N", "fixed_points.trials")
    for a in fp["alpha"]:
        yield Job("fixed_points_patterns", fp_size, fixed_points_patterns(fp, a), fp_keys)
    yield Job("fixed_points_weights", fp_size, fixed_points_weights(fp), fp_keys)
    for dyn in ("async", "sync"):
        yield Job("fixed_points_run", fp_size + f", {dyn} energy traces",
                  fixed_points_run(fp, dyn), fp_keys + ("fixed_points.max_sweeps",
                                                        "fixed_points.starts_per_condition"))
    st = cfg["stochastic"]
    yield Job("stochastic_low_load", "overlap traces of every run", stochastic_low_load(st),
              ("stochastic.low_load.sweeps", "stochastic.low_load.trials",
               "stochastic.low_load.starts"))
    yield Job("stochastic_overlap_map", f"N = {st['overlap_map']['N']}",
              stochastic_overlap_map(st), ("stochastic.overlap_map.N", "stochastic.overlap_map.alpha"))
    for a in st["retrieval_map"]["alpha"]:
        yield Job("stochastic_map", f"N = {st['retrieval_map']['N']}, α = {a:g}, overlap traces "
                  "of every run", stochastic_map(st, a),
                  ("stochastic.retrieval_map.N", "stochastic.retrieval_map.sweeps"))
    la = cfg["low_activity"]
    yield Job("low_activity_capacity", f"N = {la['N']}: N × N weights",
              low_activity_capacity(la), ("low_activity.N",))
    yield Job("low_activity_overlap_map", f"N = {la['overlap_map']['N']}",
              low_activity_overlap_map(la), ("low_activity.overlap_map.N",
                                             "low_activity.overlap_map.alpha"))
    ring = cfg["ring"]
    yield Job("ring_linear", "trajectories of every start", ring_linear(ring),
              ("ring.linear.duration_s", "ring.linear.N"))
    yield Job("ring_tracking", "activity of two runs", ring_tracking(ring),
              ("ring.tracking.duration_s", "ring.network.N"))
    yield Job("ring_heterogeneity", f"N = {ring['network']['N']}: dense N × N weights",
              ring_heterogeneity(ring), ("ring.network.N",))
    for n in ring["diffusion"]["N"]:
        yield Job("ring_diffusion", f"N = {n}", ring_diffusion(ring, n),
                  ("ring.diffusion.N", "ring.diffusion.trials", "ring.diffusion.duration_s"))
    sp = cfg["spiking"]
    net = sp["network"]
    capacity = sorted({int(p) for p in sp["capacity"]["patterns"]} - {int(sp["memory"]["patterns"])})
    for run in ["sequence", "reference", "memory_free"] + [f"capacity{p}" for p in capacity]:
        yield Job("spiking_run", f"{run}: N = N_E + N_I = {net['N_E'] + net['N_I']}, "
                  f"ε N² synapses", spiking_run(sp, run),
                  ("spiking.network.N_E", "spiking.network.N_I", "spiking.network.epsilon"))
    lr = cfg["learning_rules"]
    for k in lr["perceptron"]["kappa"]:
        for f in lr["perceptron"]["load_fractions"]:
            a = round(f * float(gardner_capacity(k)), 4)
            yield Job("learning_rules_perceptron", f"N = {lr['perceptron']['N']}, κ = {k:g}, "
                      f"α = {a:g}: N × N weights", learning_rules_perceptron(lr, a),
                      ("learning_rules.perceptron.N",))
    for rule, section, fn in (("learning_rules_rule", "rules", learning_rules_rule),
                              ("learning_rules_decorrelation", "decorrelation",
                               learning_rules_decorrelation),
                              ("learning_rules_basins", "basins", learning_rules_basins)):
        yield Job(rule, f"N = {lr[section]['N']}: N × N weights", fn(lr),
                  (f"learning_rules.{section}.N",))
    yield Job("learning_rules_modern", "cues × P scores", learning_rules_modern(lr),
              ("learning_rules.modern.P", "learning_rules.modern.cues"))
    yield Job("learning_rules_modern_regimes", "cues × P scores", learning_rules_modern_regimes(lr),
              ("learning_rules.modern_regimes.cluster_size", "learning_rules.modern_regimes.clusters",
               "learning_rules.modern_regimes.cues"))
    for run in lr["dense"]["runs"]:
        yield Job("learning_rules_dense", f"degree {run['degree']}: P = λ N^(n−1) patterns of "
                  "N bits", learning_rules_dense(run), ("learning_rules.dense.runs",))
    demo = cfg["demo"]
    size = f"N = demo.side² = {demo['side'] ** 2}: N × N weights"
    yield Job("demo_showcase", size, demo_showcase(demo),
              ("demo.side", "demo.max_sweeps", "demo.records_per_sweep"))
    yield Job("demo_noise", size, demo_noise(demo), ("demo.side",))
