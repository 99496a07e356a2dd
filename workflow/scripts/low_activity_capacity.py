"""Async retrieval from stored sparse patterns for one activity, over loads around the theory's α_c."""
import numba

from hopsim import io, progress, seeds
from hopsim.experiments import low_activity

progress.to_log(snakemake.log)

numba.set_num_threads(snakemake.threads)
p, s = snakemake.params, snakemake.params.settings
theta, alphas = low_activity.load_grid(p.activity, s["threshold"], s["load_fractions"],
                                       s["retrieved_overlap"], s["N"])
ds = low_activity.capacity_runs(p.seed, s["N"], p.activity, alphas, s["trials"], s["starts"],
                                theta, s["max_sweeps"], progress=True)
params = {**s, "activity": p.activity, "alpha": alphas, "threshold_value": theta}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "low_activity")), snakemake.output[0])
