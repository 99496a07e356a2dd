"""Bump speed against a constant turning signal γ; linear fit and R²."""
from hopsim import io, progress
from hopsim.experiments import ring

progress.to_log(snakemake.log)

s = snakemake.params.settings
c = s["calibration"]
ds = ring.calibration(ring.network(s), s["dt_ms"] / 1000, c["max_speed_deg_s"], c["points"],
                      c["settle_s"], c["measure_s"])
io.write(io.with_provenance(ds, s), snakemake.output[0])
