"""Retrieval vs cue noise q: every picture cued, every load, several draws of the random patterns."""
from hopsim import io, progress, seeds
from hopsim.experiments import demo

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
nz = s["noise"]
ds = demo.noise_dependence(p.seed, s["letters"], s["side"], s["loads"], nz["flip"], nz["trials"],
                           nz["max_sweeps"], s["retrieved_overlap"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "demo")), snakemake.output[0])
