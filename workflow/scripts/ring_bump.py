"""The threshold-linear bump held without heading input; width and height against the analytic bump."""
from hopsim import io, progress
from hopsim.experiments import ring

progress.to_log(snakemake.log)

s = snakemake.params.settings
b = s["bump"]
ds = ring.bump(ring.network(s), s["dt_ms"] / 1000, b["heading_deg"], b["hold_s"], b["excitation"],
               b["inhibition"], b["height_factors"], b["relax_s"])
io.write(io.with_provenance(ds, s), snakemake.output[0])
