"""Noisy runs of the ring of one size N: decoded heading of every trial."""
from hopsim import io, progress, seeds
from hopsim.experiments import ring

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
d, n = s["diffusion"], int(snakemake.wildcards.N)
ds = ring.diffusion_runs(p.seed, ring.network(s, n), s["dt_ms"] / 1000, s["noise_hz"], d["trials"],
                         d["duration_s"], max(1, round(d["record_ms"] / s["dt_ms"])), progress=True)
io.write(io.with_provenance(ds, {**s, "N": n}, seeds.material(p.seed, "ring")), snakemake.output[0])
