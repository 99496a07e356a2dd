"""The associative memory (issue 18, the default spiking experiment): P independent random
patterns at activity a over the N_E excitatory neurons (two share ≈ a² N_E neurons), stored by the
seed's b = 0 rule (`network`), retrieved from partial cues, held without input, and cleared by an
input to the inhibitory population.

Jobs: the sequence run (one network at the config's P: a long spontaneous period, then
`protocol.cues` cues to distinct random patterns, each followed by its delay, the reset and a
recovery; the last cue by the long delay) and one capacity run per other P of
`capacity.patterns` (the same anatomical network — connectivity depends on N_E, N_I only — with
that P's patterns, a short spontaneous period and `capacity.cues` cues). The sequence run is the
capacity point of the config's P.

Overlaps: m^μ(t) = c Σ_j (ξ_j^μ − a) r_j(t) / r_max, c = 1/(N_E a (1 − a)) with r_j the rate of E
neuron j in a sliding window; every pattern has exactly K = a N_E neurons, so m^μ = (mean rate
inside μ − mean rate outside μ) / r_max. r_max = `analysis.overlap_rate_hz` (20 Hz) in every run:
m^μ ≥ 0.5 means a pattern 10 Hz above the rest, the low end of cortical delay activity. How the
patterns' own overlap enters: a retrieved μ shares ≈ a K neurons with every other pattern ν, and
these fire at the delay rate; ν's mean rate inside then exceeds the background by ≈ a × the delay
rate — but so does its mean rate outside (≈ a of the neurons outside ν are in μ too), so the
covariance form (ξ − a) cancels the shared neurons on average; what remains is the scatter of the
number of shared neurons (≈ √(aK)) and the Hebbian cross-talk. With the raw fraction of ν's neurons
that fire, the shared neurons alone would give m^ν ≈ a.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from . import mean_field as mf
from . import network as nw
from . import protocol

LAYOUT = "random"
RASTER_PATTERNS = 4       # cued patterns in the raster, plus one never cued
RASTER_PER_PATTERN = 40   # neurons per pattern in the raster
# judgements (issue 18)
ACTIVE_OVERLAP = 0.5      # a memory is on when its m^μ(t) reaches this
OTHER_OVERLAP_MAX = 0.2   # every uncued |m^ν| in a retrieved delay
BACKGROUND_MAX_HZ = 5.0   # E neurons outside the cued pattern, mean over the delay
RESET_OVERLAP_MAX = 0.1   # every |m^ν| after the reset
RETRIEVED_FRACTION = 0.9  # P_max: the largest P retrieved at least this often


def memory_at(settings: dict, patterns: int) -> dict:
    return {**settings["memory"], "patterns": int(patterns)}


def simulate_sequence(seed: int, settings: dict, progress: bool = False) -> xr.Dataset:
    """The sequence run at the config's P (module docstring)."""
    mem, proto = settings["memory"], settings["protocol"]
    x = nw.draw_patterns(seed, settings["network"]["N_E"], mem["patterns"], mem["activity"], LAYOUT)
    cues = protocol.choose_cues(seed, mem["patterns"], proto["cues"], LAYOUT)
    phases = protocol.sequence(settings, cues, proto["spontaneous_ms"], long_delay=len(cues) - 1)
    never = [m for m in range(mem["patterns"]) if m not in cues][:1]
    groups = cues[:RASTER_PATTERNS] + never
    raster = protocol.raster_neurons(x, groups, RASTER_PER_PATTERN)
    built = nw.build(seed, settings, x, mem)
    ds = protocol.run(seed, settings, built, phases, LAYOUT, (1, mem["patterns"]), raster,
                      "sequence", progress)
    ds.attrs.update({"mode": "associative", "run": "sequence", "patterns_stored": mem["patterns"],
                     "raster_patterns": [int(g) for g in groups], "cues": cues,
                     "units": nw.UNITS})
    return ds


def simulate_capacity(seed: int, settings: dict, patterns: int, progress: bool = False) -> xr.Dataset:
    """A capacity run: the network with P patterns, a short spontaneous period, cues."""
    cap = settings["capacity"]
    mem = memory_at(settings, patterns)
    x = nw.draw_patterns(seed, settings["network"]["N_E"], patterns, mem["activity"], LAYOUT)
    cues = protocol.choose_cues(seed, patterns, cap["cues"], LAYOUT)
    phases = protocol.sequence(settings, cues, cap["spontaneous_ms"])
    built = nw.build(seed, settings, x, mem)
    ds = protocol.run(seed, settings, built, phases, LAYOUT, (2, patterns), np.zeros(0, np.int64),
                      f"capacity P = {patterns}", progress)
    ds.attrs.update({"mode": "associative", "run": f"capacity{patterns}",
                     "patterns_stored": patterns, "raster_patterns": [], "cues": cues,
                     "units": nw.UNITS})
    return ds


# ----------------------------------------------------------------------------- measures

def windowed(ds: xr.Dataset, window_ms: float):
    """Sliding-window rates (Hz): (window centres ms, per-pattern rate inside (P, W), per-pattern
    rate outside (P, W), all E (W), I (W)) for windows of window_ms moved by one bin."""
    bin_ms = float(ds.attrs["bin_ms"])
    width = max(1, int(round(window_ms / bin_ms)))
    n_e, n = int(ds.attrs["N_E"]), int(ds.attrs["N"])
    k = ds["patterns"].values.sum(axis=1).astype(float)
    kernel = np.ones(width)

    def slide(c):
        return np.convolve(np.asarray(c, float), kernel, mode="valid")

    pc = ds["pattern_counts"].values
    inside = np.stack([slide(c) for c in pc]) if pc.shape[0] else np.zeros((0, 1))
    e = slide(ds["e_counts"].values)
    i = slide(ds["i_counts"].values)
    sec = width * bin_ms * 1e-3
    outside = (e[None, :] - inside) / (n_e - k)[:, None] / sec
    inside = inside / k[:, None] / sec
    centres = (np.arange(e.size) + width / 2) * bin_ms
    return centres, inside, outside, e / (n_e * sec), i / ((n - n_e) * sec)


def overlaps(ds: xr.Dataset, settings: dict):
    """(window centres in ms, m^μ(t) (P, W)) with r_max = analysis.overlap_rate_hz."""
    t, inside, outside, _, _ = windowed(ds, settings["analysis"]["window_ms"])
    return t, (inside - outside) / settings["analysis"]["overlap_rate_hz"]


def _phases(ds: xr.Dataset, name: str):
    names = ds["phase_name"].values
    return [k for k in range(names.size) if names[k] == name]


def _span(ds, k):
    return float(ds["phase_start"].values[k]), float(ds["phase_end"].values[k])


def _inside(t, start, end, window_ms):
    """Windows that lie entirely inside [start, end]."""
    return (t - window_ms / 2 >= start - 1e-9) & (t + window_ms / 2 <= end + 1e-9)


def spontaneous_summary(ds: xr.Dataset, settings: dict) -> dict:
    """Spontaneous period after the transient: E and I rates, mean ISI CV of E, the largest
    overlap of any pattern (memory_activated when it reaches ACTIVE_OVERLAP)."""
    k = _phases(ds, "spontaneous")[0]
    start, end = _span(ds, k)
    start += settings["protocol"]["transient_ms"]
    n_e, n = int(ds.attrs["N_E"]), int(ds.attrs["N"])
    sec = (end - start) * 1e-3
    counts = ds["spontaneous_counts"].values
    t, m = overlaps(ds, settings)
    sel = _inside(t, start, end, settings["analysis"]["window_ms"])
    mx = float(m[:, sel].max()) if m.size and sel.any() else math.nan
    cv = ds["spontaneous_cv"].values
    return {"rate_E_hz": float(counts[:n_e].sum() / (n_e * sec)),
            "rate_I_hz": float(counts[n_e:].sum() / ((n - n_e) * sec)),
            "cv_isi": float(np.nanmean(cv)) if np.isfinite(cv).any() else math.nan,
            "cv_neurons": int(np.isfinite(cv).sum()), "duration_s": sec,
            "max_overlap": mx, "memory_activated": bool(mx >= ACTIVE_OVERLAP)}


def cue_rows(ds: xr.Dataset, settings: dict) -> list[dict]:
    """One row per cue: the delay's length, the cued pattern's mean rate over it, the E neurons
    outside it, its lowest sliding-window overlap (the judged one) and mean, the largest |m^ν| of
    any other pattern in any window, the I rate, the measured and Poisson gatings, retrieved."""
    window = settings["analysis"]["window_ms"]
    t, inside, outside, _, i_rate = windowed(ds, window)
    m = (inside - outside) / settings["analysis"]["overlap_rate_hz"]
    x = ds["patterns"].values
    n_e = int(ds.attrs["N_E"])
    rows = []
    for c, k in enumerate(_phases(ds, "delay")):
        mu = int(ds["phase_pattern"].values[k])
        start, end = _span(ds, k)
        sel = _inside(t, start, end, window)
        sec = (end - start) * 1e-3
        counts = ds["delay_counts"].values[c]
        member = x[mu] == 1
        delay_rate = float(counts[member].sum() / (member.sum() * sec))
        background = float(counts[~member].sum() / ((n_e - member.sum()) * sec))
        others = np.delete(np.abs(m[:, sel]), mu, axis=0)
        row = {"pattern": mu, "delay_s": sec, "delay_rate_hz": delay_rate,
               "background_rate_hz": background,
               "overlap": float(m[mu, sel].min()) if sel.any() else math.nan,
               "overlap_mean": float(m[mu, sel].mean()) if sel.any() else math.nan,
               "max_other_overlap": float(others.max()) if others.size else 0.0,
               "rate_I_hz": float(i_rate[sel].mean()) if sel.any() else math.nan,
               "gating": float(ds["gating"].values[c]),
               "gating_poisson": float(ds["gating_poisson"].values[c])}
        row["retrieved"] = bool(row["overlap"] >= ACTIVE_OVERLAP
                                and row["max_other_overlap"] <= OTHER_OVERLAP_MAX
                                and background <= BACKGROUND_MAX_HZ)
        rows.append(row)
    return rows


def reset_summary(ds: xr.Dataset, settings: dict) -> dict:
    """After every reset (the recovery phases): the largest |m^ν| of any pattern in any window and
    the mean E rate; the last recovery separately (it follows the long delay)."""
    window = settings["analysis"]["window_ms"]
    t, inside, outside, e_rate, _ = windowed(ds, window)
    m = np.abs(inside - outside) / settings["analysis"]["overlap_rate_hz"]
    worst, rates, last = 0.0, [], None
    for k in _phases(ds, "recovery"):
        start, end = _span(ds, k)
        sel = _inside(t, start, end, window)
        if not sel.any():
            continue
        worst = max(worst, float(m[:, sel].max()))
        rates.append(float(e_rate[sel].mean()))
        last = {"overlap_after": float(m[:, sel].max()), "rate_E_after_hz": rates[-1]}
    return {"overlap_after": worst, "rate_E_after_hz": float(np.mean(rates)) if rates else math.nan,
            "resets": len(rates), "after_long_delay": last}


def long_delay_summary(ds: xr.Dataset, rows: list[dict]) -> dict:
    longest = max(range(len(rows)), key=lambda c: rows[c]["delay_s"])
    r = rows[longest]
    return {"pattern": r["pattern"], "duration_s": r["delay_s"], "overlap_min": r["overlap"],
            "delay_rate_hz": r["delay_rate_hz"], "retrieved": r["retrieved"]}


def capacity_row(ds: xr.Dataset, settings: dict) -> dict:
    rows = cue_rows(ds, settings)
    got = sum(r["retrieved"] for r in rows)
    return {"P": int(ds.attrs["patterns_stored"]), "cued": len(rows), "retrieved": got,
            "retrieved_fraction": got / len(rows) if rows else math.nan,
            "spontaneous_activated": spontaneous_summary(ds, settings)["memory_activated"],
            "delay_rate_hz": float(np.mean([r["delay_rate_hz"] for r in rows])) if rows else math.nan}


def largest_retrieved(capacity: list[dict]) -> int | None:
    """P_max: the largest P whose cues were retrieved at least RETRIEVED_FRACTION of the time."""
    good = [c["P"] for c in capacity if c["retrieved_fraction"] >= RETRIEVED_FRACTION]
    return max(good) if good else None


def multiplicity_rates(ds: xr.Dataset, settings: dict, counts: np.ndarray, seconds: float,
                       select=None) -> dict:
    """Mean rate of the E neurons by multiplicity n (the patterns they belong to)."""
    x = ds["patterns"].values
    n = x.sum(axis=0)
    sel = np.ones(n.size, bool) if select is None else select
    out = {}
    for k in range(int(n.max()) + 1):
        w = sel & (n == k)
        if w.sum() >= 20:
            out[k] = float(counts[:n.size][w].sum() / (w.sum() * seconds))
    return out


# ----------------------------------------------------------------------------- analysis

def analyse(sequence: xr.Dataset, capacity_runs: list[xr.Dataset], settings: dict) -> dict:
    """Every number of the associative section (a dict; `experiments.spiking.analyse` stores it)."""
    mem = settings["memory"]
    sp = spontaneous_summary(sequence, settings)
    rows = cue_rows(sequence, settings)
    # the long delay is its own point; the cue statistics are over every cue
    cap = sorted([capacity_row(ds, settings) for ds in capacity_runs]
                 + [capacity_row(sequence, settings)], key=lambda r: r["P"])
    theory = mf.ablation(settings, mem, "four")
    classes = mf.states(mf.theory_network(settings, mem), mf.layout(settings, mem, "classes"))
    retrieved = [r for r in rows if r["retrieved"]]
    measured_delay = float(np.mean([r["delay_rate_hz"] for r in retrieved])) if retrieved else math.nan
    pred = theory["all"]
    grid = np.concatenate([np.linspace(0.25, 10.0, 40), np.linspace(10.5, 60.0, 100)])
    curve = mf.effective_curve(settings, mem, grid)
    k_sp = _phases(sequence, "spontaneous")[0]
    s0, s1 = _span(sequence, k_sp)
    sec = (s1 - s0 - settings["protocol"]["transient_ms"]) * 1e-3
    by_n = multiplicity_rates(sequence, settings, sequence["spontaneous_counts"].values, sec)
    x = sequence["patterns"].values
    delay_by_n = {}
    for c, r in enumerate(rows):
        if r["retrieved"]:
            d = multiplicity_rates(sequence, settings, sequence["delay_counts"].values[c],
                                   r["delay_s"], x[r["pattern"]] == 1)
            for k, v in d.items():
                delay_by_n.setdefault(k, []).append(v)
    if retrieved:
        measured = [measured_delay, float(np.mean([r["background_rate_hz"] for r in retrieved])),
                    float(np.mean([r["rate_I_hz"] for r in retrieved]))]
        loop = {"measured": measured, **mf.open_loop(settings, mem, *measured)}
    else:
        loop = None
    return {
        "spontaneous": sp, "cues": rows, "long_delay": long_delay_summary(sequence, rows),
        "reset": reset_summary(sequence, settings), "capacity": cap, "P_max": largest_retrieved(cap),
        "mean_field": {
            "background_hz": [sp["rate_E_hz"], pred["spontaneous"]["E_hz"]],
            "delay_hz": [measured_delay, pred["delay"]["S_hz"] if pred["delay"] else None],
            "I_spontaneous_hz": [sp["rate_I_hz"], pred["spontaneous"]["I_hz"]],
            "ablation": theory, "classes": classes,
            "effective": {"nu_hz": grid.tolist(), "phi_hz": curve[:, 0].tolist(),
                          "rest_hz": curve[:, 1].tolist(), "I_hz": curve[:, 2].tolist(),
                          "crossings": mf.crossings(grid, curve[:, 0])},
            "spontaneous_by_multiplicity": by_n,
            "delay_by_multiplicity": {k: float(np.mean(v)) for k, v in delay_by_n.items()},
            "open_loop_delay": loop,
            "gating": [float(np.mean([r["gating"] for r in retrieved])) if retrieved else math.nan,
                       float(np.mean([r["gating_poisson"] for r in retrieved])) if retrieved else math.nan],
        },
        "lambda_mv": float(sequence.attrs["lambda_mv"]),
        "n_synapses": int(sequence.attrs["n_synapses"]),
    }
