"""Spiking figures: raster coloured by pattern, population rates, overlaps, mean field."""
from hopsim import io, progress
from hopsim.figures import spiking as figures

progress.to_log(snakemake.log)

f = snakemake.params.figures
figures.spiking_figures(io.load(snakemake.input.analysis), io.load(snakemake.input.spontaneous),
                        [io.load(p) for p in snakemake.input.cues], dict(snakemake.output.items()),
                        dpi=f["dpi"], context=f["context"])
