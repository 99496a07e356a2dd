"""m(t) under parallel stochastic updates beside the iterates of F̂, for b = a or b = 0."""
from hopsim import io, progress, seeds
from hopsim.experiments import low_activity

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
b = None if snakemake.wildcards.b == "a" else 0.0
ds = low_activity.overlap_map_runs(p.seed, s["N"], s["activity"], s["alpha"], b, s["threshold"],
                                   s["temperature"], s["m0"], s["steps"], s["trials"])
params = {**s, "b": snakemake.wildcards.b}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "low_activity")), snakemake.output[0])
