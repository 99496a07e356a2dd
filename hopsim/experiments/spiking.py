"""Spiking attractor memory: 8000 leaky integrate-and-fire neurons with separate excitatory and
inhibitory populations (Gerstner week 6, §6.5 "attractor memory with 8000 spiking neurons";
Amit & Brunel 1997 for delay activity, Brunel 2000 for the asynchronous irregular background).

Network (`build_network`): N_E excitatory and N_I inhibitory LIF neurons (`dynamics.spiking`),
every neuron with C_E = ε N_E excitatory and C_I = ε N_I inhibitory inputs (fixed in-degree,
presynaptic neurons drawn at random, no autapses; or independent connections with probability ε),
one synaptic delay, C_ext external Poisson inputs per neuron at ν_ext (E) or ν_ext,I (I).

Memories: P patterns ξ^μ ∈ {0,1}^{N_E} over the E neurons with exactly K = a N_E active neurons
(`patterns.sparse_patterns`). The seed's low-activity rule with b = 0,
    w_ij = c Σ_μ ξ_i^μ (ξ_j^μ − a) = c Σ_μ ξ_i^μ ξ_j^μ − c a n_i,   n_i = Σ_μ ξ_i^μ,
splits into an excitatory Hebbian matrix and an inhibition proportional to the total activity,
whose gain is the number n_i of patterns the postsynaptic neuron belongs to
(`dynamics.low_activity.excitation_inhibition`). Here:
  * E→E: w_ij = max(0, J + J_H Σ_μ ξ_i^μ ξ_j^μ) for the existing synapses (baseline J, the
    Hebbian term with c = J_H; clipped non-negative, which never binds for J, J_H ≥ 0);
  * the pooled inhibition is carried by the I population, which fires in proportion to the total
    E activity: the weight of an I→E synapse onto neuron i is −(g_E J + κ a (C_E / C_I) J_H n_i).
    With κ = ν_E/ν_I the extra inhibition of a neuron cancels, on average, the extra excitation
    its potentiated synapses bring in the spontaneous state (C_E a J_H n_i ν_E against
    C_I κ a (C_E / C_I) J_H n_i ν_I); the `inhibitory_gain` κ is given in the config.
  * E→I: J_IE; I→I: −g_I J. External weight J.

Protocol: a spontaneous run (no cue) and, for every stored pattern μ, its own run from the same
network (one job each): spontaneous period, cue (the external rate of a fraction of pattern μ's
neurons raised by ν_cue for t_cue), delay without cue. A memory-free run (J_H = 0, κ = 0) of the
same network gives the rate compared with the mean-field theory (`theory.lif`).

Overlaps (the low-activity overlap, with rates for the 0/1 states): with r_j(t) the rate of E neuron
j in a sliding window,
    m^μ(t) = c Σ_j (ξ_j^μ − a) r_j(t) / r_max,  c = 1/(N_E a (1 − a)),
which, since every pattern has exactly a N_E neurons, is (mean rate inside μ − mean rate outside μ)
/ r_max: 0 when the pattern's neurons fire like the rest. r_max is the rate of an "on" unit
(`overlap_rate`): in a cue run the measured mean delay rate of the cued pattern, so that m^μ = 1 −
(rate outside)/(rate inside); 20 Hz in runs without a cue. With disjoint patterns an active memory μ
pulls every other m^ν to −a/(1 − a) · (rate of μ)/r_max (μ's neurons lie outside ν): −0.053 at a = 0.05.

Mean field with memories (`selective_mean_field`): the four populations S, O, B, I of Amit & Brunel
(1997), the spontaneous and the delay fixed points and their stability, and φ_S(ν_S).
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import optimize

from .. import seeds
from ..dynamics import spiking as dyn
from ..patterns import active_units, sparse_patterns
from ..progress import note
from ..theory import lif

EXPERIMENT = "spiking"
SPONTANEOUS = "spontaneous"
MEMORY_FREE = "memory_free"

# Units of every parameter (config keys carry them in their names too), as UDUNITS and pint
# spell them: counts (neurons, inputs, patterns) are "1"; connectivity is a word, with no unit.
UNITS = {
    "N_E": "1", "N_I": "1", "connectivity": "", "epsilon": "1", "dt_ms": "ms",
    "delay_ms": "ms", "tau_ms": "ms", "theta_mv": "mV", "reset_mv": "mV", "t_ref_ms": "ms",
    "J_mv": "mV", "J_IE_mv": "mV", "g_E": "1", "g_I": "1", "C_ext": "1",
    "nu_ext_hz": "Hz", "nu_ext_I_hz": "Hz", "patterns": "1", "activity": "1",
    "J_hebb_mv": "mV", "inhibitory_gain": "1", "spontaneous_ms": "ms", "transient_ms": "ms",
    "pre_cue_ms": "ms", "cue_ms": "ms", "cue_fraction": "1", "cue_rate_hz": "Hz",
    "delay_ms_protocol": "ms", "bin_ms": "ms", "window_ms": "ms", "overlap_rate_hz": "Hz",
    "duration_ms": "ms",
}


def _key(purpose: str, *parts: int) -> tuple[int, ...]:
    return seeds.spawn_key(EXPERIMENT, purpose, *parts)


def run_index(run: str | int) -> int:
    """Seed index of a run: the spontaneous run 0, the cue of pattern μ μ + 1, memory-free 10^6."""
    if run == SPONTANEOUS:
        return 0
    if run == MEMORY_FREE:
        return 1_000_000
    return int(run) + 1


def draw_patterns(seed: int, net: dict, memory: dict) -> np.ndarray:
    """P patterns of exactly K = round(a N_E) E neurons: 'disjoint' (Amit & Brunel 1997: the
    patterns are P disjoint random sets, no neuron in two memories) or 'random' (each pattern an
    independent random set, so two patterns share ≈ a² N_E neurons)."""
    rng = seeds.rng(seed, _key("patterns", net["N_E"]))
    p, n_e = memory["patterns"], net["N_E"]
    if memory.get("layout", "disjoint") == "random":
        return sparse_patterns(rng, p, n_e, memory["activity"])
    k = active_units(memory["activity"], n_e)
    if p * k > n_e:
        raise ValueError(f"{p} disjoint patterns of {k} neurons do not fit in N_E = {n_e}")
    x = np.zeros((p, n_e), dtype=np.int8)
    perm = rng.permutation(n_e)
    for mu in range(p):
        x[mu, perm[mu * k:(mu + 1) * k]] = 1
    return x


def neuron_constants(net: dict) -> dict:
    """The neuron of `theory.lif` (τ, θ, V_r in ms and mV)."""
    return {"tau_ms": net["tau_ms"], "theta": net["theta_mv"], "reset": net["reset_mv"],
            "t_ref_ms": net["t_ref_ms"]}


def indegrees(net: dict) -> tuple[int, int]:
    return int(round(net["epsilon"] * net["N_E"])), int(round(net["epsilon"] * net["N_I"]))


def build_network(seed: int, net: dict, memory: dict | None, cue_rate_hz: float = 0.0,
                  warmup_fraction: float = 1.0):
    """(Network, patterns): the LIF network of the config from the seed. memory=None: the
    memory-free network (no Hebbian term, no pattern-dependent inhibition). Drive classes:
    0 = E baseline, 1 = E cued (ν_ext + ν_cue), 2 = I, 3 = E during the warm-up."""
    n_e, n_i = net["N_E"], net["N_I"]
    n = n_e + n_i
    c_e, c_i = indegrees(net)
    rule = net["connectivity"]
    value_e, value_i = (c_e, c_i) if rule == "fixed_indegree" else (net["epsilon"],) * 2
    s_e, s_i = seeds.stream_seeds(seed, _key("connectivity", n_e, n_i), 2)
    pre_e, post_e = dyn.connect(int(s_e), n, 0, n_e, rule, value_e, True)
    pre_i, post_i = dyn.connect(int(s_i), n, n_e, n_i, rule, value_i, True)
    j = net["J_mv"]
    w_e = np.where(post_e < n_e, j, net["J_IE_mv"])
    w_i = np.where(post_i < n_e, -net["g_E"] * j, -net["g_I"] * j)
    x = None
    if memory is not None:
        x = draw_patterns(seed, net, memory)
        ee = post_e < n_e
        shared = np.zeros(int(ee.sum()), dtype=np.int32)
        pe, qe = pre_e[ee], post_e[ee]
        for row in x:  # Σ_μ ξ_i^μ ξ_j^μ synapse by synapse, never an N × N matrix
            shared += row[pe] & row[qe]
        w_e[ee] = np.maximum(0.0, j + memory["J_hebb_mv"] * shared)
        a = float(x[0].sum()) / n_e
        usage = x.sum(axis=0)
        ie = post_i < n_e
        extra = memory["inhibitory_gain"] * a * (c_e / max(c_i, 1)) * memory["J_hebb_mv"]
        w_i[ie] -= extra * usage[post_i[ie]]
    csr = dyn.CSR.from_pairs(n, np.concatenate([pre_e, pre_i]), np.concatenate([post_e, post_i]),
                             np.concatenate([w_e, w_i]))
    p_step = 1e-3 * net["dt_ms"]
    tables = [dyn.binomial_table(net["C_ext"], net["nu_ext_hz"] * p_step),
              dyn.binomial_table(net["C_ext"], (net["nu_ext_hz"] + cue_rate_hz) * p_step),
              dyn.binomial_table(net["C_ext"], net["nu_ext_I_hz"] * p_step),
              dyn.binomial_table(net["C_ext"], warmup_fraction * net["nu_ext_hz"] * p_step)]
    cdf, guide = dyn.stack_tables(tables)
    full = np.full
    network = dyn.Network(
        dt=net["dt_ms"], delay_steps=int(round(net["delay_ms"] / net["dt_ms"])),
        tau=full(n, float(net["tau_ms"])), theta=full(n, float(net["theta_mv"])),
        reset=full(n, float(net["reset_mv"])), t_ref=full(n, float(net["t_ref_ms"])),
        bias=np.zeros(n), synapses=csr, ext_weight=full(n, float(j)), drive_cdf=cdf,
        drive_guide=guide)
    return network, x


def _steps(ms: float, dt: float) -> int:
    return int(round(ms / dt))


def simulate_run(seed: int, settings: dict, run: str | int, progress: bool = False) -> xr.Dataset:
    """One run of the protocol: `run` = 'spontaneous' (no cue), a pattern index μ (spontaneous
    period, cue of pattern μ, delay) or 'memory_free' (the network without memories). Returns the
    spikes as events, the rates per group and the overlaps over time (`analyse_run`)."""
    net, memory, proto, an = (settings[k] for k in ("network", "memory", "protocol", "analysis"))
    free = run == MEMORY_FREE
    network, x = build_network(seed, net, None if free else memory, proto["cue_rate_hz"],
                               proto["warmup_fraction"])
    if free:
        x = draw_patterns(seed, net, memory)  # to measure overlaps with, though never stored
    n_e, n = net["N_E"], network.n
    dt = net["dt_ms"]
    init = seeds.rng(seed, _key("initial", run_index(run)))
    # soft start: V uniform in [V_r − (θ − V_r)/2, (V_r + θ)/2), and a warm-up with the E neurons'
    # external rate lowered, so that the inhibition is up before the E neurons are driven fully
    # (a synchronous first E volley could ignite a memory)
    half = 0.5 * (net["theta_mv"] - net["reset_mv"])
    v0 = init.uniform(net["reset_mv"] - half, net["reset_mv"] + half, n)
    kernel_seed = int(seeds.stream_seeds(seed, _key("drive", run_index(run)), 1)[0])
    state = dyn.State.start(network, v0, kernel_seed)
    base = np.zeros(n, dtype=np.int32)
    base[n_e:] = 2
    phases = []

    def phase(name, ms, classes):
        start = state.step
        dyn.simulate(network, state, _steps(ms, dt), classes)
        phases.append({"name": name, "start_ms": start * dt, "end_ms": state.step * dt})
        note(f"spiking run {run}: {name} done ({state.step * dt:.0f} ms)", enabled=progress)

    warm = base.copy()
    warm[:n_e] = 3
    phase("warmup", proto["warmup_ms"], warm)
    cued = np.zeros(n_e, dtype=np.int8)
    if run in (SPONTANEOUS, MEMORY_FREE):
        duration = settings["mean_field"]["duration_ms"] if free else proto["spontaneous_ms"]
        phase("spontaneous", duration, base)
    else:
        mu = int(run)
        members = np.flatnonzero(x[mu])
        pick = seeds.rng(seed, _key("cue", mu)).permutation(members)
        chosen = pick[: int(round(proto["cue_fraction"] * members.size))]
        cued[chosen] = 1
        classes = base.copy()
        classes[chosen] = 1
        phase("spontaneous", proto["pre_cue_ms"], base)
        phase("cue", proto["cue_ms"], classes)
        phase("delay", proto["delay_ms"], base)
    steps, neurons = state.spikes()
    delay_rate = None
    if run not in (SPONTANEOUS, MEMORY_FREE):
        start = int(round(phases[-1]["start_ms"] / dt))
        inside = np.asarray(x[int(run)], bool)
        late = np.asarray(steps) >= start
        spikes_in = np.count_nonzero(inside[np.asarray(neurons)[late & (np.asarray(neurons) < n_e)]])
        delay_rate = spikes_in / (inside.sum() * (state.step - start) * dt * 1e-3)
    ds = analyse_run(steps, neurons, x, n_e, n, dt, state.step, an["bin_ms"], an["window_ms"],
                     overlap_rate(settings, delay_rate))
    ds["cued"] = ("neuron", cued, {"long_name": "E neuron received the cue", "units": "1"})
    ds.attrs.update({"run": str(run), "phases": phases, "memory_free": free,
                     "cued_pattern": -1 if run in (SPONTANEOUS, MEMORY_FREE) else int(run),
                     "n_synapses": network.synapses.n_synapses, "activity_actual":
                     float(x[0].sum()) / n_e, "units": UNITS})
    return ds


def analyse_run(steps, neurons, x, n_e, n, dt, total_steps, bin_ms, window_ms, r_max) -> xr.Dataset:
    """Spikes as events (time in ms, neuron), rates per group and overlaps m^μ(t) in sliding
    windows of window_ms moved by bin_ms (the window centred on each time point)."""
    bin_steps = _steps(bin_ms, dt)
    n_bins = total_steps // bin_steps
    counts = dyn.spike_counts(steps, neurons, n, bin_steps, n_bins)  # (n, bins)
    width = max(1, _steps(window_ms, dt) // bin_steps)
    kernel = np.ones(width)
    # windowed counts per neuron would be (n, bins); group sums first (linear), then window
    xf = x.astype(np.float64)
    groups = np.vstack([xf, (x.sum(axis=0) == 0)[None].astype(float), np.ones((1, n_e))])
    e_counts = counts[:n_e].astype(np.float64)
    sums = groups @ e_counts                                           # (P + 2, bins)
    i_sum = counts[n_e:].sum(axis=0, keepdims=True).astype(np.float64)
    sums = np.vstack([sums, i_sum])
    sizes = np.concatenate([groups.sum(axis=1), [n - n_e]])
    windowed = np.stack([np.convolve(s, kernel, mode="valid") for s in sums])
    seconds = width * bin_ms * 1e-3
    rate = windowed / (sizes[:, None] * seconds)
    p = x.shape[0]
    k = x.sum(axis=1).astype(float)
    # m^μ = c Σ_j (ξ_j^μ − a) r_j / r_max = (rate inside μ − rate outside μ) / r_max
    total = windowed[p + 1]
    inside = windowed[:p]
    outside = (total[None] - inside) / (n_e - k)[:, None]
    overlap = (inside / k[:, None] - outside) / seconds / r_max
    centres = (np.arange(windowed.shape[1]) + width / 2) * bin_ms
    labels = [f"pattern {m}" for m in range(p)] + ["E outside patterns", "E", "I"]
    return xr.Dataset(
        {
            "spike_time": ("spike", np.asarray(steps, np.int64) * dt,
                           {"long_name": "spike time", "units": "ms"}),
            "spike_neuron": ("spike", np.asarray(neurons, np.int32),
                             {"long_name": "neuron of the spike (E: 0 … N_E − 1, I: N_E … N − 1)"}),
            "rate": (("group", "time"), rate,
                     {"long_name": f"population rate in a {window_ms:g} ms sliding window",
                      "units": "Hz"}),
            "overlap": (("pattern", "time"), overlap,
                        {"long_name": "overlap m^μ = c Σ_j (ξ_j^μ − a) r_j / r_max "
                                      f"(r_max = {r_max:g} Hz), {window_ms:g} ms window",
                         "units": "1"}),
            "patterns": (("pattern", "neuron"), x.astype(np.int8),
                         {"long_name": "stored pattern ξ^μ over the E neurons", "units": "1"}),
            "group_size": ("group", sizes.astype(np.int64), {"long_name": "neurons in the group",
                                                             "units": "1"}),
        },
        coords={
            "time": ("time", centres, {"long_name": "centre of the sliding window", "units": "ms"}),
            "group": ("group", labels, {"long_name": "population (pattern μ: its E neurons, "
                                                     "shared ones counted in each)"}),
            "pattern": ("pattern", np.arange(p), {"long_name": "stored pattern μ"}),
            "neuron": ("neuron", np.arange(n_e), {"long_name": "E neuron"}),
        },
        attrs={"N_E": n_e, "N": n, "dt_ms": dt, "duration_ms": total_steps * dt,
               "bin_ms": bin_ms, "window_ms": window_ms, "overlap_rate_hz": r_max},
    )


# ----------------------------------------------------------------------------- measures

def window_rates(ds: xr.Dataset, start_ms: float, end_ms: float) -> np.ndarray:
    """Rate (Hz) of every neuron from its spike count in [start, end)."""
    t = ds["spike_time"].values
    ok = (t >= start_ms) & (t < end_ms)
    counts = np.bincount(ds["spike_neuron"].values[ok], minlength=int(ds.attrs["N"]))
    return counts / ((end_ms - start_ms) * 1e-3)


def cv_isi(ds: xr.Dataset, start_ms: float, end_ms: float, population=slice(None)) -> float:
    """Mean coefficient of variation of the ISIs over the neurons with ≥ 3 spikes in the window."""
    t = ds["spike_time"].values
    ok = (t >= start_ms) & (t < end_ms)
    cv = dyn.isi_cv(t[ok], ds["spike_neuron"].values[ok], int(ds.attrs["N"]))[population]
    return float(np.nanmean(cv)) if np.isfinite(cv).any() else float("nan")


def phase_window(ds: xr.Dataset, name: str) -> tuple[float, float]:
    for ph in ds.attrs["phases"]:
        if ph["name"] == name:
            return float(ph["start_ms"]), float(ph["end_ms"])
    raise KeyError(name)


def spontaneous_summary(ds: xr.Dataset, transient_ms: float) -> dict:
    """Rates of E and I, mean ISI CV of E, the largest overlap m^μ(t) of any pattern and the
    largest pattern rate (sliding windows) after the transient."""
    start, end = phase_window(ds, "spontaneous")
    start += transient_ms
    n_e = int(ds.attrs["N_E"])
    r = window_rates(ds, start, end)
    sel = ds["overlap"].sel(time=slice(start + ds.attrs["window_ms"] / 2,
                                       end - ds.attrs["window_ms"] / 2))
    p = ds.sizes["pattern"]
    rates = ds["rate"].isel(group=slice(0, p)).sel(time=sel["time"])
    x = ds["patterns"].values.astype(bool)
    member = x.any(axis=0)
    return {"rate_E_hz": float(r[:n_e].mean()), "rate_I_hz": float(r[n_e:].mean()),
            "rate_patterns_hz": float(r[:n_e][member].mean()) if member.any() else float("nan"),
            "rate_background_hz": float(r[:n_e][~member].mean()) if (~member).any() else float("nan"),
            "cv_isi": cv_isi(ds, start, end, slice(0, n_e)), "duration_s": (end - start) * 1e-3,
            "overlap_rate_hz": float(ds.attrs["overlap_rate_hz"]),
            "max_overlap": float(sel.max()) if sel.size else float("nan"),
            "max_pattern_rate_hz": float(rates.max()) if rates.size else float("nan")}


def retrieval_summary(ds: xr.Dataset) -> dict:
    """Delay-period measures of a cue run: rate of the cued pattern's neurons (mean, and lowest
    sliding window), of the E neurons outside it, its overlap and the largest other |overlap|
    (from the spike counts of the whole delay)."""
    mu = int(ds.attrs["cued_pattern"])
    start, end = phase_window(ds, "delay")
    n_e = int(ds.attrs["N_E"])
    x = ds["patterns"].values
    r = window_rates(ds, start, end)[:n_e]
    inside = x[mu] == 1
    r_max = float(ds.attrs["overlap_rate_hz"])
    m = np.array([(r[x[v] == 1].mean() - r[x[v] == 0].mean()) / r_max for v in range(len(x))])
    half = ds.attrs["window_ms"] / 2
    trace = ds["rate"].sel(group=f"pattern {mu}", time=slice(start + half, end - half))
    others = np.delete(np.abs(m), mu)
    member = x.any(axis=0)
    nan = float("nan")
    out = {"overlap_rate_hz": r_max,
           "rate_other_patterns_hz": float(r[member & ~inside].mean()) if (member & ~inside).any() else nan,
           "rate_background_hz": float(r[~member].mean()) if (~member).any() else nan,
           "pattern": mu, "delay_s": (end - start) * 1e-3,
           "cued_rate_hz": float(r[inside].mean()),
           "cued_rate_min_hz": float(trace.min()) if trace.size else float("nan"),
           "other_rate_hz": float(r[~inside].mean()), "overlap": float(m[mu]),
           "max_other_overlap": float(others.max()) if others.size else 0.0,
           "rate_I_hz": float(window_rates(ds, start, end)[n_e:].mean()),
           "min_overlap": float(ds["overlap"].sel(pattern=mu, time=slice(start + half, end - half)).min()),
           "max_other_overlap_t": float(np.abs(ds["overlap"].drop_sel(pattern=mu).sel(
               time=slice(start + half, end - half))).max()) if len(x) > 1 else 0.0}
    return out


def mean_field_prediction(net: dict) -> dict:
    """Self-consistent rates of the memory-free network (`theory.lif.network_rates`, E and I)."""
    c_e, c_i = indegrees(net)
    j = net["J_mv"]
    nu = lif.network_rates(
        [[c_e, c_i], [c_e, c_i]],
        [[j, -net["g_E"] * j], [net["J_IE_mv"], -net["g_I"] * j]],
        neuron_constants(net), [net["nu_ext_hz"], net["nu_ext_I_hz"]], net["C_ext"], j,
        [2.0, 5.0])
    return {"rate_E_hz": float(nu[0]), "rate_I_hz": float(nu[1])}


def transfer_curve(net: dict, rates_e: np.ndarray, rate_i: float) -> np.ndarray:
    """φ_E(ν_E) with the I population at its self-consistent rate for each ν_E: the E neuron's
    output rate (Hz) when every E input fires at ν_E (for the self-consistency figure)."""
    c_e, c_i = indegrees(net)
    j = net["J_mv"]
    neuron = neuron_constants(net)
    out = []
    nu_i = rate_i
    for nu_e in rates_e:
        # I at its own fixed point given ν_E (1-D): a few damped iterations suffice
        for _ in range(200):
            mu, sig = lif.input_moments([nu_e, nu_i], [c_e, c_i], [net["J_IE_mv"], -net["g_I"] * j],
                                        net["tau_ms"], net["nu_ext_I_hz"], net["C_ext"], j)
            new = lif.siegert_rate(mu, sig, net["tau_ms"], neuron["theta"], neuron["reset"],
                                   neuron["t_ref_ms"])
            if abs(new - nu_i) < 1e-9:
                break
            nu_i += 0.3 * (new - nu_i)
        mu, sig = lif.input_moments([nu_e, nu_i], [c_e, c_i], [j, -net["g_E"] * j], net["tau_ms"],
                                    net["nu_ext_hz"], net["C_ext"], j)
        out.append(lif.siegert_rate(mu, sig, net["tau_ms"], neuron["theta"], neuron["reset"],
                                    neuron["t_ref_ms"]))
    return np.asarray(out)


def analyse(spontaneous: xr.Dataset, retrieval: list[xr.Dataset], memory_free: xr.Dataset,
            settings: dict) -> xr.Dataset:
    """The study's numbers: spontaneous state, one row per cued pattern, memory-free rate beside
    the mean-field prediction, and the self-consistency curve φ_E(ν_E)."""
    proto = settings["protocol"]
    sp = spontaneous_summary(spontaneous, proto["transient_ms"])
    rows = sorted((retrieval_summary(ds) for ds in retrieval), key=lambda r: r["pattern"])
    free = spontaneous_summary(memory_free, settings["mean_field"]["transient_ms"])
    pred = mean_field_prediction(settings["network"])
    grid = np.linspace(0.0, max(3 * pred["rate_E_hz"], 10.0), 61)
    curve = transfer_curve(settings["network"], grid, pred["rate_I_hz"])
    keys = ["delay_s", "cued_rate_hz", "cued_rate_min_hz", "other_rate_hz", "overlap",
            "max_other_overlap", "rate_I_hz", "min_overlap", "max_other_overlap_t",
            "rate_other_patterns_hz", "rate_background_hz", "overlap_rate_hz"]
    units = {"delay_s": "s", "cued_rate_hz": "Hz", "cued_rate_min_hz": "Hz", "other_rate_hz": "Hz",
             "overlap": "1", "max_other_overlap": "1", "rate_I_hz": "Hz", "min_overlap": "1",
             "max_other_overlap_t": "1", "rate_other_patterns_hz": "Hz", "rate_background_hz": "Hz",
             "overlap_rate_hz": "Hz"}
    long = {"delay_s": "delay after the cue", "cued_rate_hz": "mean rate of the cued pattern's "
            "neurons over the delay", "cued_rate_min_hz": "lowest sliding-window rate of the cued "
            "pattern's neurons in the delay", "other_rate_hz": "mean rate of the E neurons outside "
            "the cued pattern over the delay", "overlap": "m^μ of the cued pattern over the delay",
            "max_other_overlap": "largest |m^ν| of the other patterns over the delay",
            "rate_I_hz": "mean I rate over the delay",
            "min_overlap": "lowest sliding-window m^μ(t) of the cued pattern in the delay",
            "max_other_overlap_t": "largest sliding-window |m^ν(t)| of the other patterns in the delay",
            "rate_other_patterns_hz": "mean rate of the other patterns' neurons over the delay",
            "rate_background_hz": "mean rate of the E neurons in no pattern over the delay",
            "overlap_rate_hz": "r_max of the run's overlaps"}
    data = {k: ("cue", np.array([r[k] for r in rows]), {"long_name": long[k], "units": units[k]})
            for k in keys}
    data["transfer"] = ("nu_in", curve, {"long_name": "φ_E(ν_E): E output rate, I at its "
                                                      "self-consistent rate (Siegert)", "units": "Hz"})
    return xr.Dataset(
        data,
        coords={"cue": ("cue", [r["pattern"] for r in rows], {"long_name": "cued pattern μ"}),
                "nu_in": ("nu_in", grid, {"long_name": "rate of every E input ν_E",
                                          "units": "Hz"})},
        attrs={"spontaneous": sp, "memory_free": free, "mean_field": pred,
               "selective_mean_field": selective_mean_field(settings["network"], settings["memory"])
               if settings["memory"].get("layout", "disjoint") == "disjoint" else {}},
    )


# ----------------------------------------------------------------------------- selective mean field

SELECTIVE = ("S", "O", "B", "I")  # cued pattern, the other patterns, E outside every pattern, I


def selective_populations(net: dict, memory: dict):
    """The network of disjoint patterns as four populations (Amit & Brunel 1997): S = the neurons of
    one pattern, O = those of the P − 1 others (each in its own pattern), B = E neurons in no
    pattern, I. Returns the arguments of `lif.network_rates` (indegree, weight, neuron, external
    rate, external in-degree, external weight, sources) with input classes
    [S potentiated, S baseline, O own pattern, O other patterns, B, I]: a neuron of S gets a C_E
    inputs from S at J + J_H, one of O a C_E from its own pattern at J + J_H and (P − 2) a C_E
    from the others at J; every I→E synapse onto a pattern neuron carries the pooled term."""
    c_e, c_i = indegrees(net)
    a, p = memory["activity"], memory["patterns"]
    j, jh, kappa = net["J_mv"], memory["J_hebb_mv"], memory["inhibitory_gain"]
    w_ip = -(net["g_E"] * j + kappa * a * (c_e / c_i) * jh)
    ac, oc, bc = a * c_e, (p - 1) * a * c_e, (1 - p * a) * c_e
    k = [[ac, 0, 0, oc, bc, c_i],
         [0, ac, ac, (p - 2) * a * c_e, bc, c_i],
         [0, ac, 0, oc, bc, c_i],
         [0, ac, 0, oc, bc, c_i]]
    w = [[j + jh, 0, 0, j, j, w_ip],
         [0, j, j + jh, j, j, w_ip],
         [0, j, 0, j, j, -net["g_E"] * j],
         [0, net["J_IE_mv"], 0, net["J_IE_mv"], net["J_IE_mv"], -net["g_I"] * j]]
    ext = [net["nu_ext_hz"]] * 3 + [net["nu_ext_I_hz"]]
    return k, w, neuron_constants(net), ext, net["C_ext"], j, [0, 0, 1, 1, 2, 3]


def selective_mean_field(net: dict, memory: dict) -> dict:
    """Fixed points of the four-population mean field (`selective_populations`): the spontaneous
    state (started from the memory-free rates) and the delay state of one memory (started with S
    high, the rest low), each with the largest real part of the eigenvalues of ∂φ/∂ν (stable
    when < 1); and the effective transfer function φ_S(ν_S) with O, B and I self-consistent for
    every fixed ν_S (Amit & Brunel 1997, Fig. 2; its crossings with the diagonal are the
    spontaneous, the unstable and the delay state). A state that is not found is NaN."""
    args = selective_populations(net, memory)
    phi = lif.transfer_map(*args)
    free = mean_field_prediction(net)
    out = {}
    for name, guess in (("spontaneous", [free["rate_E_hz"]] * 3 + [free["rate_I_hz"]]),
                        ("delay", [300.0, 0.01, 0.01, 5 * free["rate_I_hz"]])):
        try:
            nu = lif.network_rates(*args[:6], guess, args[6])
            ok = name == "spontaneous" or nu[0] > 10.0
        except RuntimeError:
            ok = False
        if ok:
            ev = float(np.max(np.linalg.eigvals(lif.rate_jacobian(phi, nu)).real))
            out[name] = {**{f"rate_{p}_hz": float(v) for p, v in zip(SELECTIVE, nu)},
                         "max_eigenvalue": ev, "stable": bool(ev < 1.0)}
        else:
            out[name] = {**{f"rate_{p}_hz": float("nan") for p in SELECTIVE},
                         "max_eigenvalue": float("nan"), "stable": False}
    grid = np.concatenate([np.linspace(0.0, 10.0, 21)[1:], np.linspace(12.0, 400.0, 195)])
    curve, rest = [], np.array([free["rate_E_hz"]] * 2 + [free["rate_I_hz"]])
    for s in grid:
        sol = optimize.root(lambda r, s=s: phi(np.r_[s, np.maximum(r, 0.0)])[1:] - r, rest,
                            method="hybr")
        rest = np.maximum(sol.x, 0.0)
        curve.append(phi(np.r_[s, rest])[0] if sol.success else np.nan)
    out["effective_nu"] = grid.tolist()
    out["effective_phi"] = [float(c) for c in curve]
    return out


SPONTANEOUS_RATE_SCALE = 20.0  # Hz: r_max of runs without a cue (the delay-rate criterion)


def overlap_rate(settings: dict, delay_rate: float | None) -> float:
    """r_max of the overlap m^μ = c Σ_j (ξ_j^μ − a) r_j / r_max. A number in the config is used as
    given. 'delay' (the default): in a cue run r_max is the mean rate of the cued pattern's neurons
    over the delay, measured in that run — the rate of a unit that is "on" in this memory, as
    σ_j = 1 is in the binary model — so that m^μ = 1 − (rate outside μ)/(rate inside μ) and
    |m^ν| is another pattern's rate contrast as a fraction of the retrieved one's; in runs without
    a cue (or a silent delay) r_max = 20 Hz, the rate a retrieved memory must hold, so m^μ(t) ≥ 0.5
    there means a pattern firing 10 Hz above the rest. Both are fixed by the definition, not by
    the data they judge."""
    r = settings["analysis"]["overlap_rate_hz"]
    if r != "delay":
        return float(r)
    if delay_rate is None or not delay_rate > SPONTANEOUS_RATE_SCALE:
        return SPONTANEOUS_RATE_SCALE
    return float(delay_rate)
