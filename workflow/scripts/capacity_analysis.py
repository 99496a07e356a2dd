"""Retrieved fraction, α_c(N) with bootstrap intervals, and the extrapolation to N → ∞."""
from hopsim import io, progress
from hopsim.experiments import capacity

progress.to_log(snakemake.log)

p = snakemake.params
gathered = io.load(snakemake.input[0])
ds = capacity.analyse(gathered, p.seed, p.retrieved_overlap, p.bootstrap, p.extrapolation,
                      tuple(getattr(p, "fits_up_to", ())))
params = {**gathered.attrs["params"], "retrieved_overlap": p.retrieved_overlap,
          "bootstrap": p.bootstrap, "extrapolation": p.extrapolation}
io.write(io.with_provenance(ds, params, gathered.attrs["seed_material"]), snakemake.output[0])
