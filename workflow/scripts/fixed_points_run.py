"""Async or sync dynamics from random, pattern, noisy-pattern and 3-mixture starts."""
import numba

from hopsim import io, progress
from hopsim.experiments import fixed_points

progress.to_log(snakemake.log)

numba.set_num_threads(snakemake.threads)
s = snakemake.params.settings
patterns = io.load(snakemake.input.patterns)
weights = io.load(snakemake.input.weights)
classify = {k: s[k] for k in ("pattern_min", "member_min", "mixture_tol")}
ds = fixed_points.run(patterns, weights, snakemake.wildcards.dynamics, snakemake.params.seed,
                      s["starts_per_condition"], s["noisy_flip"], s["max_sweeps"], s["max_steps"],
                      classify, progress=True)
params = {**patterns.attrs["params"], "dynamics": snakemake.wildcards.dynamics,
          "starts_per_condition": s["starts_per_condition"], "noisy_flip": s["noisy_flip"],
          "max_sweeps": s["max_sweeps"], "max_steps": s["max_steps"], "classify": classify}
io.write(io.with_provenance(ds, params, patterns.attrs["seed_material"]), snakemake.output[0])
