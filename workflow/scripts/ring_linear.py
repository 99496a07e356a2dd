"""Spectrum and eigenvectors of M_ij = cos(θ_i − θ_j); the linear ring's fixed points and heights."""
from hopsim import io, progress, seeds
from hopsim.experiments import ring

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
lin = s["linear"]
ds = ring.linear_ring(p.seed, lin["N"], lin["gain"], lin["amplitude_hz"], lin["phases"],
                      lin["perturbation"], lin["duration_s"], s["tau_ms"] / 1000, s["dt_ms"] / 1000)
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "ring")), snakemake.output[0])
