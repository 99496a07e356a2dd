"""The modern update iterated to its fixed point on clustered patterns, over β: three regimes."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = learning_rules.modern_regime_runs(p.seed, s["N"], s["clusters"], s["cluster_size"],
                                       s["within_flip"], s["cue_flip"], s["beta"], s["cues"],
                                       s["max_updates"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "learning_rules")), snakemake.output[0])
