"""Spiking figures: the associative sequence (raster by pattern, overlaps, rates), the capacity
curve, the mean-field transfer functions with the simulated states; the reference mode."""
from hopsim import io
from hopsim.figures import spiking as figures

f = snakemake.params.figures
figures.spiking_figures(io.load(snakemake.input.analysis), io.load(snakemake.input.sequence),
                        io.load(snakemake.input.reference), snakemake.params.settings,
                        dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
