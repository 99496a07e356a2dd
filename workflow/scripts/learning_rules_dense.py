"""Dense (Krotov–Hopfield) memory of degree n at every N: sync dynamics from stored patterns."""
import xarray as xr

from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s, run = snakemake.params, snakemake.params.settings, snakemake.params.run
runs = [learning_rules.dense_runs(p.seed, n, run["degree"], run["loads"], s["trials"], s["starts"],
                                  s["max_steps"], progress=True) for n in run["N"]]
ds = xr.concat(runs, dim="N", data_vars="minimal", coords="different", compat="equals", join="outer")
io.write(io.with_provenance(ds, {**s, **run}, seeds.material(p.seed, "learning_rules")),
         snakemake.output[0])
