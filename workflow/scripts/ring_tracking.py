"""Path integration of a random head-turning trajectory through the calibrated inverse map."""
from hopsim import io, progress, seeds
from hopsim.experiments import ring

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
t, dt = s["tracking"], s["dt_ms"] / 1000
cal = io.load(snakemake.input.calibration).attrs
ds = ring.tracking(p.seed, ring.network(s), dt, cal["slope_deg_s"], cal["intercept_deg_s"],
                   t["duration_s"], t["max_speed_deg_s"], t["correlation_s"], s["noise_hz"],
                   t["noisy_trials"], max(1, round(t["record_ms"] / s["dt_ms"])), progress=True)
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "ring")), snakemake.output[0])
