"""Spontaneous state, delay activity per cued pattern, memory-free rate beside the mean field."""
from hopsim import io, progress
from hopsim.experiments import spiking

progress.to_log(snakemake.log)

inp = snakemake.input
spont = io.load(inp.spontaneous)
ds = spiking.analyse(spont, [io.load(p) for p in inp.cues], io.load(inp.memory_free),
                     snakemake.params.settings)
io.write(io.with_provenance(ds, snakemake.params.settings, spont.attrs["seed_material"]),
         snakemake.output[0])
