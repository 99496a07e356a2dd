"""One data job of the spiking family: the associative sequence run, a capacity run at one P,
the reference-mode run or the memory-free network (counts, phases, raster spikes)."""
import time

from hopsim import io, progress, seeds
from hopsim.experiments.spiking import associative, reference

cpu0 = time.process_time()

progress.to_log(snakemake.log)

p = snakemake.params
run = snakemake.wildcards.run
if run == "sequence":
    ds = associative.simulate_sequence(p.seed, p.settings, progress=True)
elif run == "reference":
    ds = reference.simulate_reference(p.seed, p.settings, progress=True)
elif run == "memory_free":
    ds = reference.simulate_memory_free(p.seed, p.settings, progress=True)
else:
    ds = associative.simulate_capacity(p.seed, p.settings, int(run.removeprefix("capacity")),
                                       progress=True)
# the job's own CPU time (network build, kernel compile or cache load, simulation, reduction): the
# work, whatever else shares the machine; wall times are in the Snakemake benchmark
ds.attrs["cpu_seconds"] = round(time.process_time() - cpu0, 2)
io.write(io.with_provenance(ds, {**p.settings, "run": run}, seeds.material(p.seed, "spiking")),
         snakemake.output[0])
