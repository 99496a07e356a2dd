"""One run of the spiking protocol on one network: a sequence of phases (warm-up, spontaneous,
then for each cue: cue, delay, reset, recovery) simulated in one go, and what the analysis needs
from its spikes, reduced in the run's own job (a 80 s run of 10 000 neurons has millions of
spikes; the store keeps counts, not events, except for the raster's neurons).

Phases and drive classes (`network`): warm-up — the E neurons' external rate lowered (so that the
inhibition is up before the E neurons are driven fully; a synchronous first volley could ignite a
memory); spontaneous, delay, recovery — baseline drive; cue — a random fraction of the cued
pattern's neurons gets ν_cue more on each external input; reset — every I neuron gets ν_reset more
(the global input to the inhibitory population that silences E and lets the slow gatings decay).

Stored (`record`): spike counts per pattern (a neuron in two patterns counts in both), of all E,
of E in no pattern and of I, in bins of bin_ms; the phases; each E neuron's spike count and ISI CV
over the spontaneous period (after the transient); each E neuron's spike count over each delay;
the measured mean gating ⟨s⟩ of the cued pattern's neurons over each delay beside the Poisson
value at their own rates (a check of the mean field's gating); the spikes of the raster's neurons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import xarray as xr

from ... import seeds
from ...dynamics.spiking import measures, nmda
from ...progress import note
from ...theory import lif
from . import network as nw


@dataclass
class Phase:
    name: str              # warmup | spontaneous | cue | delay | reset | recovery
    duration_ms: float
    pattern: int = -1      # the cue's pattern (cue, delay, reset, recovery phases)
    cue: int = -1          # index of the cue in the sequence


def sequence(settings: dict, cues: list[int], spontaneous_ms: float,
             long_delay: int | None = None) -> list[Phase]:
    """Warm-up, spontaneous period, then every cue followed by its delay (the cue `long_delay`
    by the long delay), the reset and the recovery."""
    proto = settings["protocol"]
    out = [Phase("warmup", proto["warmup_ms"]), Phase("spontaneous", spontaneous_ms)]
    for k, mu in enumerate(cues):
        delay = proto["long_delay_ms"] if k == long_delay else proto["delay_ms"]
        out += [Phase("cue", proto["cue_ms"], mu, k), Phase("delay", delay, mu, k),
                Phase("reset", proto["reset_ms"], mu, k),
                Phase("recovery", proto["recovery_ms"], mu, k)]
    return out


def choose_cues(seed: int, patterns: int, count: int, layout: str) -> list[int]:
    """`count` distinct patterns in random order (all of them when count ≥ P)."""
    rng = seeds.rng(seed, nw.key("cue_order", nw.LAYOUTS[layout], patterns))
    return [int(m) for m in rng.permutation(patterns)[:min(count, patterns)]]


def cued_neurons(seed: int, x: np.ndarray, mu: int, fraction: float, layout: str) -> np.ndarray:
    members = np.flatnonzero(x[mu])
    pick = seeds.rng(seed, nw.key("cue", nw.LAYOUTS[layout], x.shape[0], mu)).permutation(members)
    return np.sort(pick[: int(round(fraction * members.size))])


def raster_neurons(x: np.ndarray, groups: list[int], per_group: int) -> np.ndarray:
    """For each raster pattern, `per_group` of its neurons: up to a quarter of them shared with
    another raster pattern (so that a neuron in two groups is seen in both), then the lowest
    indices."""
    chosen = []
    for mu in groups:
        chosen.append(raster_group(x, groups, mu, np.ones(x.shape[1], bool), per_group))
    return np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64)


def raster_group(x: np.ndarray, groups: list[int], mu: int, available: np.ndarray,
                 per_group: int) -> np.ndarray:
    """The raster rows of pattern μ: its available neurons, those shared with another raster
    pattern first (at most per_group // 4 of them), then the others, lowest indices first."""
    members = np.flatnonzero((x[mu] == 1) & available)
    others = [g for g in groups if g != mu]
    shared = x[others].any(axis=0)[members] if others else np.zeros(members.size, bool)
    return np.concatenate([members[shared][: per_group // 4], members[~shared]])[:per_group]


@numba.njit(cache=True)
def _pattern_counts(steps, neurons, ptr, idx, bin_steps, out):
    """out[μ, b] += 1 for every spike of an E neuron of pattern μ in bin b."""
    n_bins = out.shape[1]
    n_e = ptr.size - 1
    for k in range(steps.size):
        j = neurons[k]
        b = steps[k] // bin_steps
        if j >= n_e or b >= n_bins:
            continue
        for q in range(ptr[j], ptr[j + 1]):
            out[idx[q], b] += 1


@numba.njit(cache=True)
def _mean_gating(steps, neurons, members, start, stop, decay, alpha):
    """Time average over steps start … stop − 1 of each member's gating s (as the kernel updates
    it: × decay every step, + α(1 − s) at a spike), started from its value at `start` (the spikes
    before, from step 0). Spikes in time order."""
    n = members.size
    pos = np.full(neurons.max() + 1 if neurons.size else 1, -1)
    for q in range(n):
        pos[members[q]] = q
    s = np.zeros(n)
    last = np.zeros(n, np.int64)      # step at which s was last brought up to date
    total = np.zeros(n)
    # Σ_{t=a}^{b−1} s_a decay^{t−a} = s_a (1 − decay^{b−a}) / (1 − decay)
    for k in range(steps.size):
        t = steps[k]
        if t >= stop:
            break
        q = pos[neurons[k]] if neurons[k] < pos.size else -1
        if q < 0:
            continue
        gap = t - last[q]
        if last[q] < start <= t:  # the part of the gap inside the window
            s_start = s[q] * decay ** (start - last[q])
            total[q] += s_start * (1.0 - decay ** (t - start)) / (1.0 - decay)
        elif last[q] >= start:
            total[q] += s[q] * (1.0 - decay ** gap) / (1.0 - decay)
        # the kernel decays s during step t before the spike adds α(1 − s)
        s[q] *= decay ** gap
        s[q] += alpha * (1.0 - s[q])
        last[q] = t
    for q in range(n):
        if last[q] < start:
            s_start = s[q] * decay ** (start - last[q])
            total[q] += s_start * (1.0 - decay ** (stop - start)) / (1.0 - decay)
        else:
            total[q] += s[q] * (1.0 - decay ** (stop - last[q])) / (1.0 - decay)
    return total / (stop - start)


def run(seed: int, settings: dict, built: nw.Built, phases: list[Phase], layout: str,
        run_key: tuple[int, ...], raster: np.ndarray, label: str,
        progress: bool = False) -> xr.Dataset:
    """Simulate the phases on the built network and reduce the spikes (module docstring)."""
    net, proto, an = settings["network"], settings["protocol"], settings["analysis"]
    network, x = built.network, built.patterns
    n_e, n = net["N_E"], network.n
    dt = net["dt_ms"]
    init = seeds.rng(seed, nw.key("initial", *run_key))
    half = 0.5 * (net["theta_mv"] - net["reset_mv"])
    v0 = init.uniform(net["reset_mv"] - half, net["reset_mv"] + half, n)
    state = nmda.State.start(network, v0, int(seeds.stream_seeds(seed, nw.key("drive", *run_key), 1)[0]))
    base = np.full(n, nw.E_BASE, np.int32)
    base[n_e:] = nw.I_BASE
    table = []
    for ph in phases:
        classes = base.copy()
        if ph.name == "warmup":
            classes[:n_e] = nw.E_WARM
        elif ph.name == "cue":
            classes[cued_neurons(seed, x, ph.pattern, proto["cue_fraction"], layout)] = nw.E_CUE
        elif ph.name == "reset":
            classes[n_e:] = nw.I_RESET
        start = state.step
        nmda.simulate(network, state, int(round(ph.duration_ms / dt)), classes)
        table.append((ph.name, start * dt, state.step * dt, ph.pattern, ph.cue))
        note(f"spiking {label}: {ph.name} {'' if ph.pattern < 0 else ph.pattern} done "
             f"({state.step * dt / 1000:.1f} s)", enabled=progress)
    steps, neurons = state.spikes()
    return record(steps, neurons, x, n_e, n, dt, state.step, table, an, net, proto, raster, built)


def record(steps, neurons, x, n_e, n, dt, total_steps, table, an, net, proto, raster,
           built) -> xr.Dataset:
    bin_steps = int(round(an["bin_ms"] / dt))
    n_bins = total_steps // bin_steps
    p = x.shape[0]
    order = np.nonzero(x.T)
    ptr = np.zeros(n_e + 1, np.int64)
    np.cumsum(np.bincount(order[0], minlength=n_e), out=ptr[1:])
    pc = np.zeros((p, n_bins), np.int32)
    _pattern_counts(steps, neurons, ptr, order[1].astype(np.int64), bin_steps, pc)
    b = steps // bin_steps
    ok = b < n_bins
    is_e = neurons < n_e
    member = x.any(axis=0) if p else np.zeros(n_e, bool)
    e_counts = np.bincount(b[ok & is_e], minlength=n_bins)
    i_counts = np.bincount(b[ok & ~is_e], minlength=n_bins)
    free = np.zeros(n, bool)
    free[:n_e] = ~member
    free_counts = np.bincount(b[ok & free[neurons]], minlength=n_bins)
    names = [t[0] for t in table]
    start_ms = np.array([t[1] for t in table])
    end_ms = np.array([t[2] for t in table])
    # the spontaneous period after its transient: per-neuron counts and ISI CVs
    k_sp = names.index("spontaneous")
    s0 = int(round((start_ms[k_sp] + proto["transient_ms"]) / dt))
    s1 = int(round(end_ms[k_sp] / dt))
    win = (steps >= s0) & (steps < s1)
    sp_counts = np.bincount(neurons[win], minlength=n).astype(np.int32)
    cv = measures.isi_cv(steps[win], neurons[win], n)[:n_e]
    # every delay: per-E-neuron counts, and the cued neurons' mean gating against Poisson
    delays = [k for k, t in enumerate(table) if t[0] == "delay"]
    delay_counts = np.zeros((len(delays), n_e), np.int32)
    gating = np.full(len(delays), np.nan)
    gating_poisson = np.full(len(delays), np.nan)
    decay = float(np.exp(-dt / net["tau_slow_ms"]))
    for c, k in enumerate(delays):
        a, z = int(round(start_ms[k] / dt)), int(round(end_ms[k] / dt))
        w = (steps >= a) & (steps < z) & is_e
        delay_counts[c] = np.bincount(neurons[w], minlength=n_e)
        members = np.flatnonzero(x[table[k][3]])
        g = _mean_gating(steps, neurons.astype(np.int64), members.astype(np.int64), a, z, decay,
                         float(net["alpha_slow"]))
        rates = delay_counts[c][members] / ((z - a) * dt * 1e-3)
        gating[c] = float(np.mean(g))
        gating_poisson[c] = float(np.mean([lif.gating_moments(r, net["alpha_slow"],
                                                              net["tau_slow_ms"])[0] for r in rates]))
    keep = np.isin(neurons, raster)
    centres = (np.arange(n_bins) + 0.5) * an["bin_ms"]
    return xr.Dataset(
        {
            "pattern_counts": (("pattern", "time"), pc, {
                "long_name": "spikes of the pattern's E neurons in the bin (shared neurons count "
                             "in each of their patterns)", "units": "1"}),
            "e_counts": ("time", e_counts.astype(np.int32), {"long_name": "spikes of all E neurons",
                                                             "units": "1"}),
            "free_counts": ("time", free_counts.astype(np.int32), {
                "long_name": "spikes of the E neurons in no pattern", "units": "1"}),
            "i_counts": ("time", i_counts.astype(np.int32), {"long_name": "spikes of all I neurons",
                                                             "units": "1"}),
            "phase_name": ("phase", np.array(names, dtype=str), {"long_name": "phase of the protocol"}),
            "phase_start": ("phase", start_ms, {"long_name": "phase start", "units": "ms"}),
            "phase_end": ("phase", end_ms, {"long_name": "phase end", "units": "ms"}),
            "phase_pattern": ("phase", np.array([t[3] for t in table], np.int32),
                              {"long_name": "cued pattern of the phase (−1: none)"}),
            "phase_cue": ("phase", np.array([t[4] for t in table], np.int32),
                          {"long_name": "index of the cue in the sequence (−1: none)"}),
            "spontaneous_counts": ("neuron_all", sp_counts, {
                "long_name": "spikes of each neuron (E then I) in the spontaneous period after "
                             "the transient", "units": "1"}),
            "spontaneous_cv": ("neuron", cv, {"long_name": "ISI CV of each E neuron in the "
                                              "spontaneous period (NaN: fewer than 3 spikes)",
                                              "units": "1"}),
            "delay_counts": (("cue", "neuron"), delay_counts, {
                "long_name": "spikes of each E neuron over the delay after the cue",
                "units": "1"}),
            "gating": ("cue", gating, {"long_name": "mean gating ⟨s⟩ of the cued pattern's "
                                                   "neurons over the delay, from their spikes",
                                       "units": "1"}),
            "gating_poisson": ("cue", gating_poisson, {
                "long_name": "Poisson gating ατν/(1 + ατν) at each cued neuron's delay rate, "
                             "averaged", "units": "1"}),
            "raster_time": ("spike", steps[keep] * dt, {"long_name": "spike time", "units": "ms"}),
            "raster_neuron": ("spike", neurons[keep].astype(np.int32),
                              {"long_name": "E neuron of the spike (raster subset)"}),
            "patterns": (("pattern", "neuron"), x.astype(np.int8),
                         {"long_name": "stored pattern ξ^μ over the E neurons", "units": "1"}),
            "potentiated": ("neuron", built.potentiated, {
                "long_name": "H_i = Σ_j count_ij over the neuron's E→E synapses", "units": "1"}),
        },
        coords={
            "time": ("time", centres, {"long_name": "bin centre", "units": "ms"}),
            "pattern": ("pattern", np.arange(p), {"long_name": "stored pattern μ"}),
            "neuron": ("neuron", np.arange(n_e), {"long_name": "E neuron"}),
            "neuron_all": ("neuron_all", np.arange(n), {"long_name": "neuron (E: 0 … N_E − 1, "
                                                                     "I: N_E … N − 1)"}),
            "cue": ("cue", np.arange(len(delays)), {"long_name": "cue of the sequence"}),
        },
        attrs={"N_E": n_e, "N": n, "dt_ms": dt, "bin_ms": an["bin_ms"],
               "duration_ms": total_steps * dt, "lambda_mv": built.lam,
               "n_synapses": built.n_synapses, "raster_neurons": [int(v) for v in raster]},
    )
