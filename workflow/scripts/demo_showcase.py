"""One cue relaxed at every load: snapshots, overlap traces, the pictures and their overlaps."""
from hopsim import io, progress, seeds
from hopsim.experiments import demo

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = demo.showcase(p.seed, s["letters"], s["side"], s["loads"], s["cue_letter"], s["flip"],
                   s["max_sweeps"], s["records_per_sweep"], s["snapshot_sweeps"],
                   s["retrieved_overlap"])
io.write(io.with_provenance(ds, s, seeds.material(p.seed, "demo")), snakemake.output[0])
