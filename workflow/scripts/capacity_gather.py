"""Gather all (N, α chunk) retrieval results into one store."""
from hopsim import io
from hopsim.experiments import capacity

parts = [io.load(path) for path in snakemake.input]
ds = capacity.gather(parts)
first = parts[0].attrs["params"]
params = {"N": sorted({int(d.attrs["N"]) for d in parts}), "alphas": [float(a) for a in ds.alpha],
          **{k: first[k] for k in ("trials", "cue_noise", "starts_per_trial", "max_sweeps",
                                   "dynamics")}}
io.write(io.with_provenance(ds, params, parts[0].attrs["seed_material"]), snakemake.output[0])
