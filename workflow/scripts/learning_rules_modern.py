"""One modern Hopfield update from noisy cues at P ≫ N, over β."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = learning_rules.modern_runs(p.seed, s["N"], s["P"], s["flip"], s["beta"], s["cues"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "learning_rules")), snakemake.output[0])
