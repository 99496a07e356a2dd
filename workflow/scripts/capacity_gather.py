"""Gather all (N, α chunk, trial chunk) retrieval results into one store."""
from hopsim import io, progress
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

parts = [io.load(path) for path in snakemake.input]
ds = capacity.gather(parts)
first = parts[0].attrs["params"]
starts = {str(d.attrs["N"]): d.attrs["params"]["starts_per_trial"] for d in parts}
params = {"N": sorted({int(d.attrs["N"]) for d in parts}), "alphas": [float(a) for a in ds.alpha],
          "trials": ds.sizes["trial"],
          # one value, or one per N where the large-N study varies it
          "starts_per_trial": first["starts_per_trial"] if len(set(starts.values())) == 1 else starts,
          **{k: first[k] for k in ("cue_noise", "max_sweeps", "dynamics")}}
io.write(io.with_provenance(ds, params, parts[0].attrs["seed_material"]), snakemake.output[0])
