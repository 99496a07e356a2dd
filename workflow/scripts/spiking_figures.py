"""Spiking figures: raster coloured by pattern, population rates, overlaps, mean field."""
from hopsim import io
from hopsim.figures import spiking as figures

f = snakemake.params.figures
figures.spiking_figures(io.load(snakemake.input.analysis), io.load(snakemake.input.spontaneous),
                        [io.load(p) for p in snakemake.input.cues], dict(snakemake.output.items()),
                        dpi=f["dpi"], context=f["context"])
