"""Biased patterns: plain Hebb against the decorrelated rule."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = learning_rules.decorrelation_runs(p.seed, s["N"], s["alpha"], s["bias"], s["trials"], p.max_steps)
io.write(io.with_provenance(ds, {**s, "max_steps": p.max_steps},
                            seeds.material(p.seed, "learning_rules")), snakemake.output[0])
