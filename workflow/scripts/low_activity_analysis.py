"""Retrieved fraction vs load and α_c(a) with bootstrap intervals, beside the theory."""
from hopsim import io, progress
from hopsim.experiments import low_activity

progress.to_log(snakemake.log)

runs = [io.load(path) for path in snakemake.input]
first = runs[0].attrs["params"]
ds = low_activity.analyse_capacity(runs, runs[0].attrs["seed_material"]["seed"],
                                   first["retrieved_overlap"], snakemake.params.bootstrap,
                                   snakemake.params.theory_points)
params = {k: v for k, v in first.items() if k not in ("activity", "alpha", "threshold_value")}
io.write(io.with_provenance(ds, params, runs[0].attrs["seed_material"]), snakemake.output[0])
