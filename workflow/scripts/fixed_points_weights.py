"""Hebbian weights for one load of the fixed-point study."""
from hopsim import io, progress
from hopsim.experiments import fixed_points

progress.to_log(snakemake.log)

patterns = io.load(snakemake.input[0])
ds = fixed_points.learn(patterns)
io.write(io.with_provenance(ds, {"rule": "hebbian", **patterns.attrs["params"]},
                            patterns.attrs["seed_material"]), snakemake.output[0], compress=False)
