"""Async Glauber runs from stored patterns at one load and several temperatures."""
import numba

from hopsim import io, progress, seeds
from hopsim.experiments import stochastic

progress.to_log(snakemake.log)

numba.set_num_threads(snakemake.threads)
p, s = snakemake.params, snakemake.params.settings
ds = stochastic.stationary(p.seed, s["N"], [p.alpha], s["temperature"], s["trials"], s["starts"],
                           s["sweeps"], s["burn_in"], progress=True)
io.write(io.with_provenance(ds, {"alpha": p.alpha, **s}, seeds.material(p.seed, "stochastic")),
         snakemake.output[0])
