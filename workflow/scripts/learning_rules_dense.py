"""Dense (Krotov–Hopfield) memory of degree n at every N: sync dynamics from stored patterns."""
import xarray as xr

from hopsim import io, seeds
from hopsim.experiments import learning_rules

p, s, run = snakemake.params, snakemake.params.settings, snakemake.params.run
ds = xr.concat([learning_rules.dense_runs(p.seed, n, run["degree"], run["loads"], s["trials"],
                                          s["starts"], s["max_steps"]) for n in run["N"]], dim="N",
               data_vars="minimal", coords="different", compat="equals", join="outer")
io.write(io.with_provenance(ds, {**s, **run}, seeds.material(p.seed, "learning_rules")),
         snakemake.output[0])
