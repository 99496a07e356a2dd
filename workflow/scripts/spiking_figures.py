"""Spiking figures: the associative sequence (raster by pattern, overlaps, rates), the capacity
curve, the mean-field transfer functions with the simulated states; the reference mode."""
from hopsim import io, progress
from hopsim.figures import spiking as figures

progress.to_log(snakemake.log)

f = snakemake.params.figures
figures.spiking_figures(io.load(snakemake.input.analysis), io.load(snakemake.input.sequence),
                        io.load(snakemake.input.reference), snakemake.params.settings,
                        dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
