"""Class counts, energies, fixed-point checks and unstable-bit fractions over all loads."""
from hopsim import io, progress
from hopsim.experiments import fixed_points

progress.to_log(snakemake.log)

runs = [io.load(path) for path in snakemake.input.runs]
patterns = [io.load(path) for path in snakemake.input.patterns]
weights = [io.load(path) for path in snakemake.input.weights]
ds = fixed_points.analyse(runs, patterns, weights)
params = {k: v for k, v in runs[0].attrs["params"].items() if k not in ("alpha", "dynamics")}
params["alpha"] = [float(a) for a in ds.alpha]
io.write(io.with_provenance(ds, params, runs[0].attrs["seed_material"]), snakemake.output[0])
