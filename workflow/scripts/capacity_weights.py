"""Hebbian weights for one (N, α chunk); temporary, read only by its retrieval job."""
from hopsim import io, progress
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

patterns = io.load(snakemake.input[0])
ds = capacity.learn(patterns)
# Weights are large and incompressible: store them raw.
io.write(io.with_provenance(ds, {"rule": "hebbian", **patterns.attrs["params"]},
                            patterns.attrs["seed_material"]), snakemake.output[0], compress=False)
