"""The (alpha, T) retrieval map and its boundary from the runs of every alpha."""
from hopsim import io, progress
from hopsim.experiments import stochastic

progress.to_log(snakemake.log)

p = snakemake.params
parts = [io.load(path) for path in snakemake.input]
ds = stochastic.analyse_map(parts, p.window, p.retrieved_overlap)
params = {k: v for k, v in parts[0].attrs["params"].items() if k != "alpha"}
params.update(alpha=[float(a) for a in ds.alpha], window=p.window,
              retrieved_overlap=p.retrieved_overlap)
io.write(io.with_provenance(ds, params, parts[0].attrs["seed_material"]), snakemake.output[0])
