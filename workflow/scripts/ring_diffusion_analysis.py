"""D(N) from the mean squared displacement, bootstrap intervals, log-log slope."""
from hopsim import io, progress
from hopsim.experiments import ring

progress.to_log(snakemake.log)

runs = [io.load(path) for path in snakemake.input]
s, material = snakemake.params.settings, runs[0].attrs["seed_material"]
ds = ring.analyse_diffusion(runs, material["seed"], max_lag_s=s["max_lag_s"],
                            fit_from_s=s["fit_from_s"], n_boot=s["bootstrap"])
params = {**{k: v for k, v in runs[0].attrs["params"].items() if k != "N"}, **s}
io.write(io.with_provenance(ds, params, material), snakemake.output[0])
