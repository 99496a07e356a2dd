"""Random pattern sets for one (N, α chunk) of the capacity sweep."""
from hopsim import io, progress, seeds
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

p = snakemake.params
n = int(snakemake.wildcards.N)
ds = capacity.make_patterns(p.seed, n, p.alphas, p.trials)
params = {"N": n, "alphas": list(p.alphas), "trials": p.trials}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "capacity")), snakemake.output[0])
