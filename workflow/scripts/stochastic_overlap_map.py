"""Parallel Glauber updates from overlap m0 beside the iterates of m(t+1) = tanh(m(t)/T)."""
from hopsim import io, progress, seeds
from hopsim.experiments import stochastic

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = stochastic.overlap_map(p.seed, s["N"], s["alpha"], s["temperature"], s["m0"], s["steps"],
                            s["trials"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "stochastic")), snakemake.output[0])
