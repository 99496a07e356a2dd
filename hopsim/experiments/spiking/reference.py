"""The Amit–Brunel reference mode (issue 6, kept by issue 18): P disjoint groups of a N_E neurons
(the selective populations of Amit & Brunel 1997) stored in the same network as the associative
memory (same neurons, synapses, structured inhibition). Jobs: one sequence run (spontaneous
period, a cue to every pattern, each followed by its delay, the reset and a recovery) and the
memory-free network (J_H = 0, λ = 0) whose rates are compared with the mean field."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from . import associative as assoc
from . import mean_field as mf
from . import network as nw
from . import protocol

LAYOUT = "disjoint"


def reference_memory(settings: dict) -> dict:
    ref = settings["reference"]
    return {**settings["memory"], "patterns": ref["patterns"], "activity": ref["activity"],
            "J_hebb_mv": ref["J_hebb_mv"], "layout": LAYOUT}


def simulate_reference(seed: int, settings: dict, progress: bool = False) -> xr.Dataset:
    mem = reference_memory(settings)
    x = nw.draw_patterns(seed, settings["network"]["N_E"], mem["patterns"], mem["activity"], LAYOUT)
    cues = protocol.choose_cues(seed, mem["patterns"], mem["patterns"], LAYOUT)
    phases = protocol.sequence(settings, cues, settings["reference"]["spontaneous_ms"])
    raster = protocol.raster_neurons(x, list(range(mem["patterns"])), 30)
    built = nw.build(seed, settings, x, mem)
    ds = protocol.run(seed, settings, built, phases, LAYOUT, (3, mem["patterns"]), raster,
                      "reference", progress)
    ds.attrs.update({"mode": "reference", "run": "reference", "patterns_stored": mem["patterns"],
                     "raster_patterns": list(range(mem["patterns"])), "cues": cues,
                     "units": nw.UNITS})
    return ds


def simulate_memory_free(seed: int, settings: dict, progress: bool = False) -> xr.Dataset:
    """The network without memories (J_H = 0, λ = 0): warm-up and one spontaneous period."""
    mf_cfg = settings["mean_field"]
    settings = {**settings, "protocol": {**settings["protocol"], "transient_ms": mf_cfg["transient_ms"]}}
    built = nw.build(seed, settings, None, None)
    phases = [protocol.Phase("warmup", settings["protocol"]["warmup_ms"]),
              protocol.Phase("spontaneous", mf_cfg["duration_ms"])]
    ds = protocol.run(seed, settings, built, phases, LAYOUT, (4, 0), np.zeros(0, np.int64),
                      "memory-free", progress)
    ds.attrs.update({"mode": "memory_free", "run": "memory_free", "patterns_stored": 0,
                     "raster_patterns": [], "cues": [], "units": nw.UNITS})
    return ds


def _group_rates(ds: xr.Dataset, counts: np.ndarray, seconds: float, mu: int | None):
    """Mean rates (Hz) of the cued pattern's neurons, of the other patterns' and of E in no pattern."""
    x = ds["patterns"].values.astype(bool)
    member = x.any(axis=0)
    n_e = int(ds.attrs["N_E"])
    counts = counts[:n_e]
    cued = x[mu] if mu is not None else np.zeros(n_e, bool)
    other = member & ~cued

    def rate(sel):
        return float(counts[sel].sum() / (sel.sum() * seconds)) if sel.any() else math.nan

    return rate(cued), rate(other), rate(~member), rate(~cued)


def analyse_reference(ref: xr.Dataset, free: xr.Dataset, settings: dict) -> dict:
    """The keys of the issue-6 report, from the reference run and the memory-free run."""
    mem = reference_memory(settings)
    window = settings["analysis"]["window_ms"]
    r_max = settings["analysis"]["overlap_rate_hz"]
    sp = assoc.spontaneous_summary(ref, settings)
    t, inside, outside, _, i_rate = assoc.windowed(ref, window)
    k_sp = assoc._phases(ref, "spontaneous")[0]
    s0, s1 = assoc._span(ref, k_sp)
    s0 += settings["protocol"]["transient_ms"]
    sel = assoc._inside(t, s0, s1, window)
    sp["max_pattern_rate_hz"] = float(inside[:, sel].max()) if sel.any() else math.nan
    sp_sec = (s1 - s0) * 1e-3
    counts = ref["spontaneous_counts"].values
    sp["rate_background_hz"] = _group_rates(ref, counts, sp_sec, None)[2]
    sp["rate_patterns_hz"] = float(np.mean([_group_rates(ref, counts, sp_sec, mu)[0]
                                            for mu in range(mem["patterns"])]))
    m = (inside - outside) / r_max
    rows = []
    for c, k in enumerate(assoc._phases(ref, "delay")):
        mu = int(ref["phase_pattern"].values[k])
        start, end = assoc._span(ref, k)
        w = assoc._inside(t, start, end, window)
        sec = (end - start) * 1e-3
        cued, other_pat, background, outside_mu = _group_rates(ref, ref["delay_counts"].values[c],
                                                               sec, mu)
        counts = ref["delay_counts"].values[c]
        x = ref["patterns"].values
        m_delay = np.array([(counts[x[v] == 1].sum() / ((x[v] == 1).sum() * sec)
                             - counts[x[v] == 0].sum() / ((x[v] == 0).sum() * sec)) / r_max
                            for v in range(x.shape[0])])
        others = np.delete(np.abs(m_delay), mu)
        others_t = np.delete(np.abs(m[:, w]), mu, axis=0)
        rows.append({"pattern": mu, "delay_s": sec, "cued_rate_hz": cued,
                     "cued_rate_min_hz": float(inside[mu, w].min()) if w.any() else math.nan,
                     "other_rate_hz": outside_mu, "overlap": float(m_delay[mu]),
                     "max_other_overlap": float(others.max()) if others.size else 0.0,
                     "min_overlap": float(m[mu, w].min()) if w.any() else math.nan,
                     "max_other_overlap_t": float(others_t.max()) if others_t.size else 0.0,
                     "rate_I_hz": float(i_rate[w].mean()) if w.any() else math.nan,
                     "rate_other_patterns_hz": other_pat, "rate_background_hz": background,
                     "overlap_rate_hz": r_max})
    free_sp = assoc.spontaneous_summary(free, {**settings, "protocol": {
        **settings["protocol"], "transient_ms": settings["mean_field"]["transient_ms"]}})
    free_pred = mf.states(mf.theory_network(settings, None), mf.layout(settings, None, "free"))
    lay = mf.layout(settings, mem, "disjoint")
    theory = mf.theory_network(settings, mem)
    found = mf.states(theory, lay)["delay"] is not None
    grid = np.concatenate([np.linspace(0.25, 10.0, 40), np.linspace(10.5, 80.0, 140)])
    curve = mf.effective_curve(settings, mem, grid, "disjoint")
    cross = mf.crossings(grid, curve[:, 0])
    slopes = np.gradient(curve[:, 0], grid)

    def slope_at(nu):
        return float(np.interp(nu, grid, slopes)) if nu is not None and np.isfinite(nu) else math.nan

    spont_sol = mf.lm.solve(theory, lay, 1.0, 10.0)
    delay_sol = mf.lm.solve(theory, lay, [25.0, 0.5, 0.5], 11.0) if found else None
    return {
        "spontaneous": sp, "retrieval": rows,
        "memory_free": {**free_sp, "predicted_rate_E_hz": free_pred["spontaneous"]["E_hz"],
                        "predicted_rate_I_hz": free_pred["spontaneous"]["I_hz"]},
        "selective": {
            "spontaneous": {"S": spont_sol["rates_E"][0], "O": spont_sol["rates_E"][1],
                            "B": spont_sol["rates_E"][2], "I": spont_sol["rate_I"],
                            "slope": slope_at(spont_sol["rates_E"][0])},
            "delay": None if delay_sol is None else {
                "S": delay_sol["rates_E"][0], "O": delay_sol["rates_E"][1],
                "B": delay_sol["rates_E"][2], "I": delay_sol["rate_I"],
                "slope": slope_at(delay_sol["rates_E"][0])},
            "crossings": cross, "effective_nu": grid.tolist(), "effective_phi": curve[:, 0].tolist(),
        },
    }
