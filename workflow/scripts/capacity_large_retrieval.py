"""Async retrieval from stored patterns for one (N, α, trial chunk), patterns drawn in the job."""
import numba

from hopsim import io, progress, seeds
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

numba.set_num_threads(snakemake.threads)
p = snakemake.params
n = p.N
ds = capacity.retrieve_large(p.seed, n, [p.alpha], list(p.trials), p.starts, p.max_sweeps,
                             p.lost_overlap, progress=True)
params = {"N": n, "alphas": [p.alpha], "trials": list(p.trials), "cue_noise": [0.0],
          "starts_per_trial": p.starts, "max_sweeps": p.max_sweeps,
          "lost_overlap": p.lost_overlap, "dynamics": "async"}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "capacity")), snakemake.output[0])
