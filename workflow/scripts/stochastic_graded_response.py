"""Fixed points of the graded-response network S <- tanh(beta h) at low load."""
from hopsim import io, progress, seeds
from hopsim.experiments import stochastic

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = stochastic.graded_response(p.seed, s["N"], s["alpha"], s["temperature"], s["trials"],
                                s["graded_steps"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "stochastic")), snakemake.output[0])
