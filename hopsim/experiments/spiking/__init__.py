"""Spiking attractor memory: 8000 excitatory and 2000 inhibitory leaky integrate-and-fire neurons
(Gerstner week 6, §6.5 "attractor memory with 8000 spiking neurons"; Amit & Brunel 1997; Brunel
2000; Brunel & Wang 2001 for the slow saturating synapse).

Modules:
  network      — the network from the config and the seed (neurons, synapses and why, the seed's
                 b = 0 rule, the structured inhibition, drive classes)
  protocol     — one run: a sequence of phases on one network, reduced to counts in its own job
  associative  — the default experiment: many random overlapping patterns, cues, delays, reset,
                 capacity against P
  reference    — the Amit–Brunel reference mode: disjoint patterns, same network; the
                 memory-free network
  mean_field   — the population mean field of both (`theory.lif_memory`) with the config's constants
"""

from __future__ import annotations

import xarray as xr

from . import associative, mean_field, network, protocol, reference
from .network import EXPERIMENT, UNITS, indegrees

__all__ = ["EXPERIMENT", "UNITS", "analyse", "associative", "indegrees", "mean_field", "network",
           "protocol", "reference"]


def analyse(sequence: xr.Dataset, capacity_runs: list[xr.Dataset], reference_run: xr.Dataset,
            memory_free: xr.Dataset, settings: dict) -> xr.Dataset:
    """Every number of the spiking report: attrs 'associative' and 'reference' (dicts), and the
    curves the figures draw as variables."""
    assoc = associative.analyse(sequence, capacity_runs, settings)
    ref = reference.analyse_reference(reference_run, memory_free, settings)
    cap = assoc["capacity"]
    eff = assoc["mean_field"]["effective"]
    reff = ref["selective"]
    return xr.Dataset(
        {
            "retrieved_fraction": ("P", [c["retrieved_fraction"] for c in cap],
                                   {"long_name": "fraction of the cued patterns retrieved", "units": "1"}),
            "cued": ("P", [c["cued"] for c in cap], {"long_name": "patterns cued", "units": "1"}),
            "phi_S": ("nu_S", eff["phi_hz"], {"long_name": "φ_S(ν_S): cued pattern's output rate, "
                                                           "the rest and I self-consistent",
                                              "units": "Hz"}),
            "phi_rest": ("nu_S", eff["rest_hz"], {"long_name": "rate of the rest at ν_S", "units": "Hz"}),
            "phi_I": ("nu_S", eff["I_hz"], {"long_name": "I rate at ν_S", "units": "Hz"}),
            "phi_S_reference": ("nu_S_reference", reff["effective_phi"],
                                {"long_name": "φ_S(ν_S) of the reference mode", "units": "Hz"}),
        },
        coords={"P": ("P", [c["P"] for c in cap], {"long_name": "stored patterns", "units": "1"}),
                "nu_S": ("nu_S", eff["nu_hz"], {"long_name": "input rate of the cued pattern",
                                                 "units": "Hz"}),
                "nu_S_reference": ("nu_S_reference", reff["effective_nu"],
                                   {"long_name": "input rate of the cued pattern", "units": "Hz"})},
        attrs={"associative": assoc, "reference": ref, "units": UNITS,
               # CPU seconds of each data job (its own process time, set by the workflow script)
               "cpu_seconds": {ds.attrs.get("run", "?"): ds.attrs.get("cpu_seconds")
                               for ds in [sequence, *capacity_runs, reference_run, memory_free]}},
    )
