"""Spontaneous state, cues, long delay, reset, capacity and mean field of the associative memory;
the reference mode and the memory-free network beside the mean field."""
from hopsim import io, progress
from hopsim.experiments import spiking

progress.to_log(snakemake.log)

inp = snakemake.input
seq = io.load(inp.sequence)
ds = spiking.analyse(seq, [io.load(p) for p in inp.capacity], io.load(inp.reference),
                     io.load(inp.memory_free), snakemake.params.settings)
io.write(io.with_provenance(ds, snakemake.params.settings, seq.attrs["seed_material"]),
         snakemake.output[0])
