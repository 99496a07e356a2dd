"""Drift of the bump under heterogeneous weights, beside the first-order drift field."""
from hopsim import io, progress, seeds
from hopsim.experiments import ring

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
h = s["heterogeneity"]
ds = ring.heterogeneity(p.seed, ring.network(s), s["dt_ms"] / 1000, h["epsilon"], h["starts"],
                        h["duration_s"], max(1, round(10 / s["dt_ms"])), progress=True)
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "ring")), snakemake.output[0])
