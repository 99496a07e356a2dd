"""Random pattern sets for one load of the fixed-point study."""
from hopsim import io, progress, seeds
from hopsim.experiments import fixed_points

progress.to_log(snakemake.log)

p = snakemake.params
ds = fixed_points.make_patterns(p.seed, p.N, p.alpha, p.trials)
params = {"N": p.N, "alpha": p.alpha, "trials": p.trials}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "fixed_points")),
         snakemake.output[0])
