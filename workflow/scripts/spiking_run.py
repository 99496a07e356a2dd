"""One run of the spiking protocol (spontaneous, cue to one pattern, or memory-free): spikes as
events, rates per group and overlaps over time."""
from hopsim import io, progress, seeds
from hopsim.experiments import spiking

progress.to_log(snakemake.log)

p = snakemake.params
run = snakemake.wildcards.run
which = int(run[3:]) if run.startswith("cue") else run
ds = spiking.simulate_run(p.seed, p.settings, which, progress=True)
io.write(io.with_provenance(ds, {**p.settings, "run": run}, seeds.material(p.seed, "spiking")),
         snakemake.output[0])
