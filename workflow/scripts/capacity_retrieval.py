"""Async retrieval from stored patterns and noisy cues for one (N, α chunk)."""
import numba

from hopsim import io, progress
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

numba.set_num_threads(snakemake.threads)
p = snakemake.params
patterns = io.load(snakemake.input.patterns)
weights = io.load(snakemake.input.weights)
ds = capacity.retrieve(patterns, weights, p.seed, list(p.cue_noise), p.starts_per_trial,
                       p.max_sweeps, progress=True)
params = {**patterns.attrs["params"], "cue_noise": list(p.cue_noise),
          "starts_per_trial": p.starts_per_trial, "max_sweeps": p.max_sweeps, "dynamics": "async"}
io.write(io.with_provenance(ds, params, patterns.attrs["seed_material"]), snakemake.output[0])
